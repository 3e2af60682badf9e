"""Fuzzing with hypothesis: random and hostile input (huge and negative amounts, dates far in the
past or future, Unicode, markup and script, SQL-like text, wrong types, repeated keys) into every
form, filter, import and the report command, each started from a valid submission with some of its
fields replaced, so that the hostile value gets past the others.

For every case: no server error; a refused request stores nothing (every table keeps its rows);
nothing typed comes back as markup. The number of cases run is printed (README: "Fuzzing").
"""

import io
import os
import re
from collections import Counter
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Case, User
from tests import factories
from tests.rows import rows_a_request_may_write, rows_per_table
from tests.thads.test_sheets import assert_csv_holds_no_formula, assert_xlsx_holds_no_formula

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vacuumed")]

# Per target; CI runs the same cases every time (derandomized). THADS_FUZZ_EXAMPLES=400 draws new
# ones on each run, four times as many.
EXAMPLES = int(os.environ.get("THADS_FUZZ_EXAMPLES", 100))
MARKUP = ["<script>thads_xss()</script>", '"><img src=x onerror=thads_xss()>', "<b onmouseover=thads_xss()>x</b>",
          "javascript:thads_xss()"]
RAW = ["<script>thads_xss", "<img src=x onerror=thads_xss", "<b onmouseover=thads_xss"]
HOSTILE = st.one_of(
    st.sampled_from(MARKUP + [
        "'; DROP TABLE cases_case; --", "1 OR 1=1", "' OR ''='", "%", "_", "\\", "../../etc/passwd", "\x00", "a\x00b",
        "-1", "-100.000.000", "0", "9" * 40, "1e309", "NaN", "Infinity", "0x10", "1,5", "1.000,5",
        "31/02/2026", "29/02/2100", "00/00/0000", "01/01/0001", "31/12/9999", "2026-13-01", "1/1/1",
        "\u202e\u0627\u0644", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀", "Nguyễn Văn A" * 40, " ", "", "ﾃｽﾄ", "İı", "ß" * 300,
        # Digits of other scripts and forms, which str.isdigit() accepts and int() refuses or misreads.
        "²", "①", "１２３", "٣٤", "۱۲۳", "𝟙𝟚", "1²", "12٣",
        # Amounts with a broken grouping, a unit, or past the ceiling of an amount.
        "100.5", "1.00.000", "1000đ", "10 đồng", "1 000,5", "500.000.000 đ", "9.223.372.000.000.000.000",
        "1.000.000.000.000.001", "1.000.000.000.000.000", "9223372036854775808",
        # Text a spreadsheet would run as a formula.
        '=HYPERLINK("http://evil.example","x")', "+1+1", "@SUM(A1)", "\t=1+1", "-2+3",
    ]),
    st.text(max_size=120),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y")),
)
# A field sent twice, or not at all.
VALUE = st.one_of(HOSTILE, st.lists(HOSTILE, min_size=2, max_size=3), st.none())
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="THADS_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
RUN = Counter()


def fingerprint():
    return rows_per_table(skip=rows_a_request_may_write())


def mutate(base: dict, replacements: dict) -> dict:
    data = dict(base)
    for key, value in replacements.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def post_checked(client, url, data, name):
    """POST `data`; no server error, nothing stored unless accepted (a redirect), no raw markup."""
    before = fingerprint()
    response = client.post(url, data)
    check(response, data, before, name)
    return response


def replaced(base: list, changes: dict) -> str:
    """A row of a file: `base` with some cells replaced (or added past its end), as one CSV line."""
    row = base.copy()
    for index, value in changes.items():
        value = value.replace("\r", " ").replace("\n", " ")
        if index < len(row):
            row[index] = value
        else:
            row.append(value)
    return ";".join(row)


def replacements(fields, elsewhere=()):
    """One to three of `fields` replaced by hostile values, or by the ids and codes of another
    province's objects (`elsewhere`)."""
    values = st.one_of(VALUE, st.sampled_from(list(elsewhere))) if elsewhere else VALUE
    return st.dictionaries(st.sampled_from(fields), values, min_size=1, max_size=3)


# What no page shown to the first province may hold: another province's party and decision number.
SECRETS = []


def check(response, sent, before, name):
    RUN[name] += 1
    assert response.status_code < 500, (name, sent)
    kind = response.get("Content-Type", "")
    if kind.startswith(("text/", "application/json")):
        page = (b"".join(response.streaming_content) if response.streaming else response.content).decode()
        if kind.startswith("text/html"):  # a CSV holds what was typed, as text
            assert not [raw for raw in RAW if raw in page], (name, sent)
        assert not [secret for secret in SECRETS if re.search(rf"(?<![\w/]){re.escape(secret)}(?![\w/])", page)], (
            name, sent)
    if before is not None and response.status_code != 302:
        assert fingerprint() == before, (name, sent)  # refused: nothing stored


@pytest.fixture
def people(tree, make_user):
    officer = factories.OfficerFactory(agency=tree.unit1)
    # Another province's case, officer and account: their ids and codes are fuzzed into the first
    # province's forms, filters and files, and nothing of them may show.
    secret = factories.case(tree.other_unit, debtor_name="Bí Mật Tỉnh Khác")
    their_officer = factories.OfficerFactory(agency=tree.other_unit, code="CHV-TINH-KHAC")
    stranger = make_user(tree.other_unit, User.Role.OFFICER, username="nguoi.tinh.khac")
    SECRETS[:] = [secret.debtor_name, secret.decision_number]
    yield {
        "clerk": make_user(tree.unit1, User.Role.CLERK),
        "leader": make_user(tree.province, User.Role.LEADERSHIP),
        "administrator": make_user(tree.province, User.Role.ADMINISTRATOR),
        "case": factories.case(tree.unit1, officer=officer),
        "officer": officer,
        "elsewhere": [str(pk) for pk in (tree.other_unit.pk, tree.other_province.pk, tree.central.pk, secret.pk,
                                          their_officer.pk, stranger.pk)]
        + [tree.other_unit.code, their_officer.code, "P2", "C"],
    }
    SECRETS.clear()


def test_registering_a_case(client, tree, people):
    client.force_login(people["clerk"])
    base = {"agency": tree.unit1.pk, "issuing_agency": tree.unit1.pk, "decision_number": "1/QĐ-FUZZ",
            "decision_date": "10/01/2024", "accepted_on": "10/01/2024", "court": "Tòa án nhân dân",
            "judgment_number": "12/2023/DS-ST", "judgment_date": "01/12/2023", "judgment_kind": "civil",
            "initiation": "on_request", "debtor_name": "Nguyễn Văn Nợ", "amount": "100.000.000",
            "officer": people["officer"].pk}
    assert client.post(reverse("case_create"), base).status_code == 302  # the baseline is valid
    fields = [*base, "creditor_name", "debtor_address", "obligation", "is_credit_institution", "late_reason"]
    counter = iter(range(10**9))

    @FUZZ
    @given(replacements(fields, people["elsewhere"]))
    def run(changes):
        data = mutate({**base, "decision_number": f"{next(counter)}/QĐ-FUZZ"}, changes)
        response = post_checked(client, reverse("case_create"), data, "case")
        if response.status_code == 302:
            case = Case.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))
            check(client.get(response["Location"]), data, None, "case page")
            typed = data["debtor_name"][-1] if isinstance(data["debtor_name"], list) else data["debtor_name"]
            assert case.debtor_name == typed.strip()  # stored as typed (a repeated field: its last value)

    run()


def test_recording_events(client, people):
    client.force_login(people["clerk"])
    case = people["case"]
    fields = ["kind", "effective_date", "amount", "condition", "ground", "to_agency", "document_number", "note",
              "version", "loaded_at", "late_reason"]

    @FUZZ
    @given(st.sampled_from(["verify", "classify", "payment", "postpone", "complete", "entrust_out"]),
           replacements(fields, people["elsewhere"]))
    def run(kind, changes):
        case.refresh_from_db()
        base = {"kind": kind, "effective_date": "15/03/2024", "amount": "1.000.000", "condition": "able",
                "ground": "agreed", "version": case.version}
        data = mutate(base, changes)
        post_checked(client, reverse("event_create", args=[case.pk]), data, "event")

    run()


def test_complaints_targets_and_exports(client, tree, people):
    case = people["case"]

    @FUZZ
    @given(replacements(["kind", "round", "coercion_related", "received_on", "complainant", "summary"]))
    def complaint(changes):
        client.force_login(people["clerk"])
        data = mutate({"kind": "complaint", "round": 1, "received_on": "02/11/2026"}, changes)
        post_checked(client, reverse("complaint_create", args=[case.pk]), data, "complaint")

    @FUZZ
    @given(replacements(["agency", "year", "cases_rate", "money_rate"], people["elsewhere"]))
    def target(changes):
        client.force_login(people["leader"])
        data = mutate({"agency": tree.unit1.pk, "year": 2026, "cases_rate": "83,9", "money_rate": "51,9"}, changes)
        post_checked(client, reverse("targets"), data, "target")

    @FUZZ
    @given(replacements(["agency", "year", "months", "by"], people["elsewhere"]))
    def export(changes):
        client.force_login(people["leader"])
        data = mutate({"agency": tree.province.pk, "year": 2026, "months": 12, "by": "child"}, changes)
        post_checked(client, reverse("report_exports"), data, "export")

    complaint()
    target()
    export()


def test_officers_resolutions_passwords_and_target_files(client, tree, people):
    from casework import services

    case = people["case"]
    complaint = services.complaint_receive(case=case, received_on=date(2026, 11, 2), today=date(2026, 11, 22))

    @FUZZ
    @given(replacements(["officer", "version"], people["elsewhere"]))
    def officer(changes):
        client.force_login(people["leader"])  # the agency's head assigns
        case.refresh_from_db()
        data = mutate({"officer": people["officer"].pk, "version": case.version}, changes)
        post_checked(client, reverse("officer_assign", args=[case.pk]), data, "officer")

    @FUZZ
    @given(replacements(["resolved_on", "note"]))
    def resolution(changes):
        client.force_login(people["clerk"])
        data = mutate({"resolved_on": "01/12/2026", "note": "Đã giải quyết"}, changes)
        post_checked(client, reverse("complaint_resolve", args=[case.pk, complaint.pk]), data, "complaint resolution")

    @FUZZ
    @given(replacements(["old_password", "new_password1", "new_password2"]))
    def password(changes):
        client.force_login(people["leader"])
        data = mutate({"old_password": factories.PASSWORD, "new_password1": "Mat-khau-2027",
                       "new_password2": "Mat-khau-2027"}, changes)
        response = post_checked(client, reverse("password_change"), data, "password")
        if response.status_code == 302:  # changed: back to the known one for the next case
            people["leader"].set_password(factories.PASSWORD)
            people["leader"].save()

    @FUZZ
    @given(st.lists(st.lists(HOSTILE, min_size=1, max_size=5), min_size=1, max_size=3))
    def target_file(rows):
        client.force_login(people["leader"])
        lines = ["Mã cơ quan;Năm;Chỉ tiêu về việc (%);Chỉ tiêu về tiền (%)", f"{tree.unit1.code};2026;83,9;51,9"]
        lines += [";".join(cell.replace("\r", " ").replace("\n", " ") for cell in row) for row in rows]
        upload = io.BytesIO("\r\n".join(lines).encode("utf-8", "surrogatepass"))
        upload.name = "chi-tieu.csv"
        before = fingerprint()
        check(client.post(reverse("targets"), {"file": upload}), lines, before, "target file")

    officer()
    resolution()
    password()
    target_file()


FILTERS = ["q", "agency", "officer", "state", "is_open", "initiation", "judgment_kind", "is_credit_institution",
           "is_corruption_asset", "amount_min", "amount_max", "decided_from", "decided_to", "age", "has_complaint",
           "overdue", "focus", "figure", "year", "months", "sort", "after", "before"]


def test_filters_dashboards_and_login(client, people):
    @FUZZ
    @given(replacements(FILTERS, people["elsewhere"]))
    def case_list(query):
        client.force_login(people["leader"])
        data = {k: v for k, v in query.items() if v is not None}
        check(client.get(reverse("case_list"), data), data, None, "case list")
        check(client.get(reverse("case_export"), data), data, None, "case export")

    @FUZZ
    @given(replacements(["year", "months", "agency", "officer"], people["elsewhere"]))
    def dashboard(query):
        client.force_login(people["leader"])
        data = {k: v for k, v in query.items() if v is not None}
        check(client.get(reverse("home"), data), data, None, "dashboard")
        check(client.get(reverse("figures"), data), data, None, "figures")

    @FUZZ
    @given(replacements(["username", "password", "next"]))
    def login(changes):
        client.logout()
        data = mutate({"username": "nobody", "password": "x"}, changes)
        post_checked(client, reverse("login"), data, "login")

    case_list()
    dashboard()
    login()


def test_imports(client, tree, people):
    """A file of new cases: the template's valid row, some cells replaced; a file refused is
    refused whole (nothing stored), one accepted stores its rows."""
    from casework import imports
    from casework.views import IMPORTS

    client.force_login(people["clerk"])
    columns, _example, _done = IMPORTS["cases"]
    header, example = imports.template_csv(columns, _example).decode("utf-8-sig").splitlines()[:2]
    base = example.replace("PTHADS-TUYENQUANG-KV01", tree.unit1.code).split(";")
    counter = iter(range(10**9))

    def post(lines):
        upload = io.BytesIO("\r\n".join(lines).encode("utf-8", "surrogatepass"))
        upload.name = "viec.csv"
        return client.post(reverse("case_import"), {"what": "cases", "file": upload})

    # A cell: hostile, or naming another province's agency or officer.
    cell = st.one_of(HOSTILE, st.sampled_from(people["elsewhere"]))
    first = base.copy()
    first[2] = "0/QĐ-FUZZ"
    assert post([header, ";".join(first)]).status_code == 302  # the baseline imports
    assert Case.objects.filter(decision_number="0/QĐ-FUZZ").exists()

    @FUZZ
    @given(st.lists(st.dictionaries(st.integers(0, len(base) + 2), cell, max_size=4), min_size=1, max_size=3),
           st.booleans())
    def run(changes, with_header):
        rows = [replaced([*base[:2], f"{next(counter) + 1}/QĐ-FUZZ", *base[3:]], change) for change in changes]
        lines = ([header] if with_header else []) + rows
        before = fingerprint()
        response = post(lines)
        check(response, lines, before, "import")

    run()

    # A file of events on the case registered by the baseline row.
    columns, example, _done = IMPORTS["events"]
    events_header = imports.template_csv(columns, example).decode("utf-8-sig").splitlines()[0]
    event_base = [tree.unit1.code, "0/QĐ-FUZZ", *imports.EVENT_EXAMPLE_ROW[2:]]
    upload = io.BytesIO("\r\n".join([events_header, ";".join(event_base)]).encode())
    upload.name = "dien-bien.csv"
    assert client.post(reverse("case_import"), {"what": "events", "file": upload}).status_code == 302  # valid

    @FUZZ
    @given(st.lists(st.dictionaries(st.integers(0, len(event_base) + 1), cell, max_size=4), min_size=1,
                    max_size=3))
    def events(changes):
        rows = [replaced(event_base, change) for change in changes]
        upload = io.BytesIO("\r\n".join([events_header, *rows]).encode("utf-8", "surrogatepass"))
        upload.name = "dien-bien.csv"
        before = fingerprint()
        check(client.post(reverse("case_import"), {"what": "events", "file": upload}), rows, before, "event import")

    events()


def test_the_report_command(tree):
    @FUZZ
    @given(HOSTILE, HOSTILE, HOSTILE, st.sampled_from(["json", "csv", "table", "xml", ""]))
    def run(agency, year, months, output):
        RUN["report command"] += 1
        args = ["--agency", agency or "P1", "--year", year, "--months", months]
        if output:
            args += ["--format", output]
        try:
            call_command("thads_report", *args, stdout=io.StringIO(), stderr=io.StringIO())
        except (CommandError, SystemExit):
            pass  # refused with a message (argparse's or the command's), not a traceback

    run()


def test_closing_a_period(client, tree, people):
    @FUZZ
    @given(replacements(["year", "months"]))
    def close(changes):
        client.force_login(people["leader"])
        data = mutate({"year": 2025, "months": 12}, changes)
        before = fingerprint()
        response = client.post(reverse("close_period"), data)
        check(response, data, before if response.status_code != 302 else None, "period closing")

    close()


def test_the_admins_user_form(client, tree, make_user):
    """An administrator adding an account in the admin (its subtree's agencies only)."""
    client.force_login(make_user(tree.province, User.Role.ADMINISTRATOR))
    counter = iter(range(10**9))

    @FUZZ
    @given(replacements(["username", "full_name", "agency", "role", "password1", "password2"],
                        [str(tree.other_unit.pk), str(tree.other_province.pk), str(tree.central.pk)]))
    def add(changes):
        base = {"username": f"nguoi.moi.{next(counter)}", "full_name": "Người Mới", "agency": tree.unit1.pk,
                "role": "clerk", "password1": "Thads@2027x", "password2": "Thads@2027x"}
        data = mutate(base, changes)
        before = fingerprint()
        response = client.post(reverse("admin:cases_user_add"), data)
        check(response, data, before, "admin user")
        if response.status_code == 302:
            created = User.objects.order_by("-pk").first()
            assert created.agency_id in {tree.province.pk, tree.unit1.pk, tree.unit2.pk}, data  # never outside

    add()


def test_crafted_files(client, tree, people):
    """Files broken the ways a hostile review found, and others of their kind: CSVs with any line
    ends, cells past the csv module's limit, unclosed quotes, other encodings and NULs; workbooks
    with entity declarations, undeclared entities, shared-string indexes they lack, rows far
    down, truncated or corrupted parts. Each to both imports and to the targets page."""
    from tests.casework.test_import import HEADERS, row
    from tests.thads.test_tables import ENTITIES, dimension
    from tests.workbooks import rewritten, workbook

    client.force_login(people["administrator"])  # imports and sets targets
    cells = st.one_of(HOSTILE, st.sampled_from(['"', '""', 'a"b', "\x00", "x" * 140_000, "Đồng"]))
    csv_files = st.builds(
        lambda rows, delimiter, end, encoding: (end.join(delimiter.join(r) for r in rows)).encode(encoding, "replace"),
        st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=4),
        st.sampled_from([";", ",", "\t"]), st.sampled_from(["\n", "\r", "\r\n", "\n\r"]),
        st.sampled_from(["utf-8", "utf-8", "utf-16", "cp1252"]))
    valid = workbook([HEADERS, row(tree.unit1, "1/QĐ-XLSX"), row(tree.unit1, "2/QĐ-XLSX")])
    damage = st.sampled_from([
        ENTITIES + "<x>&d;</x>", "&undefined;", "<!DOCTYPE x SYSTEM 'file:///etc/passwd'>",
        '<c r="A1" t="s"><v>99999</v></c>',
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "</sheetData>", "<sheetData>", "\x00", "&#0;",
        '<c r="A3" t="n"><v>NaN</v></c>', '<c r="A3" t="d"><v>9999-99-99</v></c>', '<c r="A3" t="e"><v>#REF!</v></c>'])
    parts = st.sampled_from(["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml",
                             "[Content_Types].xml", "xl/_rels/workbook.xml.rels"])

    def damaged(part, where, snippet):
        return rewritten(valid, part, lambda xml: xml[:where % (len(xml) + 1)] + snippet + xml[where % (len(xml) + 1):])

    xlsx_files = st.one_of(
        st.builds(damaged, parts, st.integers(0, 10**6), damage),
        # A <dimension> tag saying anything: every row is read all the same.
        st.builds(lambda ref: rewritten(valid, "xl/worksheets/sheet1.xml", dimension(ref)),
                  st.sampled_from(["A1", "A1:B2", "A1:S1", "A1:XFD1048576", "Z9:A1", "", "A0", "-1"])),
        st.builds(lambda cut: valid[:cut], st.integers(0, len(valid))),
        st.builds(lambda at, byte: valid[:at] + bytes([byte]) + valid[at + 1:], st.integers(0, len(valid) - 1),
                  st.integers(0, 255)))

    def send(name, content, what):
        before = fingerprint()
        if what == "targets":
            response = client.post(reverse("targets"), {"file": SimpleUploadedFile(name, content)})
        else:
            response = client.post(reverse("case_import"), {"what": what, "file": SimpleUploadedFile(name, content)})
        check(response, (name, content[:200]), before, f"crafted {name.rsplit('.', 1)[1]}")

    @FUZZ
    @given(csv_files, st.sampled_from(["cases", "events", "targets"]))
    def csv_file(content, what):
        send("tep.csv", (";".join(HEADERS) + "\n").encode() + content if what != "targets" else content, what)

    @FUZZ
    @given(xlsx_files, st.sampled_from(["cases", "events", "targets"]))
    def xlsx_file(content, what):
        send("tep.xlsx", content, what)

    csv_file()
    xlsx_file()


def test_the_admins_officer_form(client, tree, people):
    """An administrator adding and changing an officer in the admin: every related id posted, of
    their subtree or of another province; what is saved stays in the subtree."""
    from cases.models import Officer
    from cases.scoping import visible_agency_ids

    administrator = people["administrator"]
    client.force_login(administrator)
    visible = visible_agency_ids(administrator)
    mine = people["officer"]
    counter = iter(range(10**9))

    @FUZZ
    @given(replacements(["agency", "user", "code", "full_name", "rank", "is_active"], people["elsewhere"]),
           st.booleans())
    def officer(changes, adding):
        base = {"agency": tree.unit1.pk, "code": f"CHV-FUZZ-{next(counter)}", "full_name": "Chấp Hành Viên",
                "rank": "intermediate", "is_active": "on", "user": people["clerk"].pk if not adding else ""}
        url = reverse("admin:cases_officer_add") if adding else reverse("admin:cases_officer_change", args=[mine.pk])
        data = mutate(base, changes)
        response = post_checked(client, url, data, "admin officer")
        if response.status_code == 302:
            saved = Officer.objects.order_by("-pk").first() if adding else Officer.objects.get(pk=mine.pk)
            assert saved.agency_id in visible and (saved.user is None or saved.user.agency_id in visible), data

    officer()


@settings(parent=FUZZ, max_examples=max(10, EXAMPLES // 4))
@given(st.lists(st.one_of(HOSTILE, st.text(max_size=40)), min_size=4, max_size=4))
def test_written_files_hold_no_formula(tree, names):
    """Whatever names are typed for the parties, an officer and a unit, no cell of the case list's
    CSV nor of the unit's period report becomes a formula (a report's XLSX per example: fewer)."""
    from datetime import date as D

    from cases.models import Agency, Officer
    from reports import period_report, xlsx
    from reports.calendar import Period
    RUN["written files"] += 1
    names = [name.replace("\x00", "").strip() or "x" for name in names]
    Agency.objects.filter(pk=tree.unit1.pk).update(name=names[0][:200])
    officer = Officer.objects.create(agency=tree.unit1, code=f"CHV-W-{RUN['written files']}", full_name=names[1][:150])
    try:
        factories.case(tree.unit1, officer=officer, debtor_name=names[2][:200], creditor_name=names[3][:200])
    except Exception:  # noqa: BLE001 - a name the services refuse: nothing to write then
        return
    client = Client()
    client.force_login(User.objects.filter(agency=tree.province).first()
                       or factories.UserFactory(agency=tree.province, role=User.Role.LEADERSHIP))
    assert_csv_holds_no_formula(b"".join(client.get(reverse("case_export")).streaming_content).decode())
    tree.unit1.refresh_from_db()
    report = period_report.collect(tree.unit1, Period(2026, 12), by="officer", today=D(2026, 11, 22))
    assert_xlsx_holds_no_formula(xlsx.build(report))


def test_zz_cases_run():
    """Last in this module: how many cases the fuzzing ran (printed with -s; the README quotes it)."""
    print(f"fuzz cases run: {sum(RUN.values())} ({dict(RUN)})")

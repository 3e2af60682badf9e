"""Bulk import of cases: all or nothing, every bad row reported, idempotent, scoped, from the UI
and the command, CSV and XLSX."""

import base64
import csv
import dataclasses
import io
import re
from datetime import date as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cases.models import Case, CaseEvent, User
from casework import imports
from casework.imports import CASE_COLUMNS, FileRefused, import_cases
from reports.calendar import Period
from reports.engine import compute
from tests import factories

HEADERS = [c.header for c in CASE_COLUMNS]


def row(agency, number, **overrides):
    values = dict(zip(HEADERS, imports.EXAMPLE_ROW, strict=True))
    values.update({"Mã cơ quan thụ lý": agency.code, "Số quyết định": number, "Mã cơ quan ra quyết định": ""})
    values.update(overrides)
    return [values[h] for h in HEADERS]


def csv_bytes(rows):
    lines = [";".join(HEADERS)] + [";".join(str(c) for c in r) for r in rows]
    return ("\ufeff" + "\n".join(lines)).encode("utf-8")


@pytest.fixture
def clerk(tree, make_user):
    return make_user(tree.province, User.Role.CLERK)


def test_a_valid_file_imports_completely_and_twice_creates_nothing(tree, clerk):
    data = csv_bytes([row(tree.unit1, "1/QĐ-CCTHADS"), row(tree.unit2, "2/QĐ-CCTHADS", **{"Loại án": "Hình sự"}),
                      row(tree.unit1, "3/QĐ-CCTHADS", **{"Số tiền phải thi hành (đồng)": "0"})])
    result = import_cases(data, "viec.csv", user=clerk, today=D(2026, 11, 22))
    assert (result.created, result.skipped, result.errors) == (3, 0, [])
    case = Case.objects.get(decision_number="2/QĐ-CCTHADS")
    assert case.agency == tree.unit2 and case.judgment_kind == "criminal" and case.amount == 75_683_482_000
    assert case.decision_date == D(2026, 3, 2) and case.created_by == clerk
    assert CaseEvent.objects.filter(kind="accept").count() == 3
    again = import_cases(data, "viec.csv", user=clerk, today=D(2026, 11, 22))
    assert (again.created, again.skipped, again.errors) == (0, 3, [])
    assert Case.objects.count() == 3
    # The figures include them at once.
    assert compute(tree.province, Period(2026, 6))["cases"]["new"] == 3


def test_a_unit_that_held_no_case_is_not_asked_and_one_that_did_is(tree, clerk, monkeypatch):
    """The register is asked which decisions it already holds only for the agencies that held a
    case when their first row was read: a unit's first import skips nothing, and the rows of a unit
    already holding one of them are still skipped."""
    data = csv_bytes([row(tree.unit1, "1/QĐ-CCTHADS")])
    assert import_cases(data, "viec.csv", user=clerk, today=D(2026, 11, 22)).created == 1
    asked = []
    original = imports._cases_by_key

    def cases_by_key(keys, *args, **kwargs):
        asked.append(set(keys))
        return original(keys, *args, **kwargs)

    monkeypatch.setattr(imports, "_cases_by_key", cases_by_key)
    mixed = csv_bytes([row(tree.unit1, "1/QĐ-CCTHADS"), row(tree.unit2, "1/QĐ-CCTHADS"),
                       row(tree.unit1, "4/QĐ-CCTHADS"), row(tree.unit2, "5/QĐ-CCTHADS")])
    result = import_cases(mixed, "viec.csv", user=clerk, today=D(2026, 11, 22))
    monkeypatch.undo()
    assert (result.created, result.skipped, result.errors) == (3, 1, [])
    # Only unit 1's decisions were looked up: unit 2 held no case before this file.
    assert [{key[0] for key in keys} for keys in asked] == [{tree.unit1.pk}]
    again = import_cases(mixed, "viec.csv", user=clerk, today=D(2026, 11, 22))
    assert (again.created, again.skipped, again.errors) == (0, 4, [])
    assert Case.objects.filter(agency=tree.unit2).count() == 2


def test_any_bad_row_imports_nothing_and_every_problem_is_listed(tree, clerk):
    factories.case(tree.unit1, decision_date=D(2024, 1, 10))
    before = Case.objects.count()
    data = csv_bytes([
        row(tree.unit1, "10/QĐ-CCTHADS"),
        row(tree.unit1, "11/QĐ-CCTHADS", **{"Ngày thụ lý": "31/02/2026"}),
        row(tree.other_unit, "12/QĐ-CCTHADS"),
        row(tree.unit1, "13/QĐ-CCTHADS", **{"Người phải thi hành án": "", "Số tiền phải thi hành (đồng)": "năm tỷ"}),
        row(tree.unit1, "10/QĐ-CCTHADS"),
        row(tree.unit1, "14/QĐ-CCTHADS", **{"Ngày thụ lý": "01/03/2026"}),
    ])
    result = import_cases(data, "viec.csv", user=clerk, today=D(2026, 11, 22))
    assert result.created == 0 and Case.objects.count() == before
    found = {(r, c) for r, c, _reason in result.errors}
    assert (3, "Ngày thụ lý") in found  # 31/02 is not a date
    assert (4, "Mã cơ quan thụ lý") in found  # another province: outside the scope
    assert {(5, "Người phải thi hành án"), (5, "Số tiền phải thi hành (đồng)")} <= found
    assert (6, "Số quyết định") in found  # the same decision as row 2
    assert (7, "Ngày thụ lý") in found  # accepted before its decision (a service rule)
    reasons = " ".join(reason for _r, _c, reason in result.errors)
    assert "ngoài phạm vi" in reasons and "dd/mm/yyyy" in reasons


def test_xlsx_template_round_trip(client, tree, clerk):
    client.force_login(clerk)
    response = client.get(reverse("case_import_template", args=["cases", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADERS
    book = Workbook()
    book.active.append(HEADERS)
    values = row(tree.unit1, "99/QĐ-CCTHADS")
    values[HEADERS.index("Ngày quyết định")] = D(2026, 3, 2)  # a real date cell, as Excel stores it
    values[HEADERS.index("Số tiền phải thi hành (đồng)")] = 1_500_000
    book.active.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("viec.xlsx", buffer.getvalue())
    response = client.post(reverse("case_import"), {"file": upload, "what": "cases"})
    assert response.status_code == 302
    assert Case.objects.get(decision_number="99/QĐ-CCTHADS").amount == 1_500_000


def test_refusals_of_the_whole_file(client, tree, clerk, monkeypatch):
    with pytest.raises(FileRefused, match="xlsx"):
        import_cases(b"abc", "viec.txt", user=clerk)
    with pytest.raises(FileRefused, match="Thiếu cột"):
        import_cases("Số quyết định;Ngày thụ lý\n1;02/03/2026\n".encode(), "viec.csv", user=clerk)
    with pytest.raises(FileRefused, match="UTF-8"):
        import_cases(";".join(HEADERS).encode("cp1258", errors="replace") + "\nĐ".encode("cp1258"), "viec.csv",
                     user=clerk)
    monkeypatch.setattr(imports, "LIMITS", dataclasses.replace(imports.LIMITS, max_bytes=10))
    with pytest.raises(FileRefused, match="MB"):
        import_cases(csv_bytes([row(tree.unit1, "1/QĐ")]), "viec.csv", user=clerk)
    # Through the page, the refusal is shown next to the file field.
    client.force_login(clerk)
    response = client.post(reverse("case_import"), {"file": SimpleUploadedFile("viec.pdf", b"%PDF"), "what": "cases"})
    assert "Chỉ nhập được tệp .xlsx và .csv" in " ".join(response.context["form"].errors["file"])


def test_the_page_lists_every_bad_row(client, tree, clerk):
    client.force_login(clerk)
    upload = SimpleUploadedFile("viec.csv", csv_bytes([row(tree.unit1, "1/QĐ", **{"Loại án": "Không rõ"})]))
    response = client.post(reverse("case_import"), {"file": upload, "what": "cases"})
    html = response.content.decode()
    assert "Không nhập dòng nào" in html and "Loại án" in html and "Không rõ" in html
    assert Case.objects.count() == 0
    # A leader cannot import.
    client.force_login(factories.UserFactory(agency=tree.province, role=User.Role.LEADERSHIP))
    assert client.get(reverse("case_import")).status_code == 403


def test_command(tree, clerk, tmp_path, capsys):
    good = tmp_path / "viec.csv"
    good.write_bytes(csv_bytes([row(tree.unit1, "1/QĐ-CCTHADS")]))
    call_command("import_cases", str(good), "--user", clerk.username)
    assert "1 case(s) imported" in capsys.readouterr().out
    bad = tmp_path / "sai.csv"
    bad.write_bytes(csv_bytes([row(tree.other_unit, "2/QĐ-CCTHADS")]))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_cases", str(bad), "--user", clerk.username)
    assert Case.objects.count() == 1


EVENT_HEADERS = [c.header for c in imports.EVENT_COLUMNS]


def event_row(case, kind, day, amount="", **overrides):
    values = dict.fromkeys(EVENT_HEADERS, "")
    values.update({"Mã cơ quan thụ lý": case.agency.code, "Số quyết định": case.decision_number,
                   "Ngày quyết định": case.decision_date.strftime("%d/%m/%Y"), "Sự kiện": kind, "Ngày hiệu lực": day,
                   "Số tiền (đồng)": amount})
    values.update(overrides)
    return [values[h] for h in EVENT_HEADERS]


def events_csv(rows):
    lines = [";".join(EVENT_HEADERS)] + [";".join(str(c) for c in r) for r in rows]
    return "\n".join(lines).encode("utf-8")


def test_events_import_all_or_nothing_and_once(tree, clerk):
    case = factories.case(tree.unit1, decision_date=D(2025, 12, 1), amount=30_000_000)
    data = events_csv([
        event_row(case, "Xác minh", "10/12/2025"),
        event_row(case, "Phân loại điều kiện thi hành", "11/12/2025", **{"Kết quả phân loại": "Có điều kiện thi hành"}),
        event_row(case, "Thu tiền", "05/01/2026", "30.000.000", **{"Số chứng từ, văn bản": "BL-7"}),
        event_row(case, "Thi hành xong", "06/01/2026"),
    ])
    result = imports.import_events(data, "dien-bien.csv", user=clerk, today=D(2026, 11, 22))
    assert (result.created, result.errors) == (4, [])
    case.refresh_from_db()
    assert case.status == "completed" and case.collected_amount == 30_000_000
    again = imports.import_events(data, "dien-bien.csv", user=clerk, today=D(2026, 11, 22))
    assert (again.created, again.skipped, again.errors) == (0, 4, [])
    assert case.events.count() == 5  # acceptance + the four, once


def test_bad_event_rows_record_nothing(tree, clerk):
    case = factories.case(tree.unit1, decision_date=D(2025, 12, 1), amount=30_000_000)
    theirs = factories.case(tree.other_unit, decision_date=D(2025, 12, 1))
    before = CaseEvent.objects.count()
    data = events_csv([
        event_row(case, "Thu tiền", "05/01/2026", "10.000.000"),
        event_row(case, "Thu tiền", "06/01/2026", "90.000.000"),  # more than remains
        event_row(case, "Tiếp tục thi hành", "07/01/2026"),  # nothing was postponed
        event_row(theirs, "Thu tiền", "05/01/2026", "1.000"),  # another province
        event_row(case, "Thu tiền", "05/01/2026", "1.000", **{"Số quyết định": "999/QĐ"}),  # no such case
        event_row(case, "Nhảy múa", "05/01/2026"),
    ])
    result = imports.import_events(data, "dien-bien.csv", user=clerk, today=D(2026, 11, 22))
    assert result.created == 0 and CaseEvent.objects.count() == before
    found = {(r, c) for r, c, _reason in result.errors}
    assert {(3, "Số tiền (đồng)"), (4, "Sự kiện"), (5, "Mã cơ quan thụ lý"), (6, "Số quyết định"),
            (7, "Sự kiện")} <= found
    case.refresh_from_db()
    assert case.collected_amount == 0


def test_rows_are_numbered_as_in_the_spreadsheet_with_blank_lines(tree, clerk):
    lines = csv_bytes([row(tree.unit1, "1/QĐ"), row(tree.unit1, "2/QĐ", **{"Ngày thụ lý": "x"})]).decode()
    first, second, third = lines.removeprefix("\ufeff").split("\n")
    data = "\n".join(["", first, second, ";;;", "", third]).encode()  # blank lines before and between
    result = import_cases(data, "viec.csv", user=clerk, today=D(2026, 11, 22))
    assert result.rows == 2 and [(r, c) for r, c, _reason in result.errors] == [(6, "Ngày thụ lý")]


def test_a_crash_in_the_middle_of_an_import_leaves_nothing_half_imported(tree, clerk, monkeypatch):
    """The process fails after the first chunk's rows are written (cases, events, change history):
    the transaction takes them all back, the summary figures included."""
    from cases import spans
    from casework import bulk
    from tests.rows import rows_per_table

    before = rows_per_table()
    monkeypatch.setattr(bulk, "CHUNK", 2)
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    calls = []
    write = spans.write  # the spans of the new cases

    def crash_on_the_second_chunk(pairs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the worker died here")
        return write(pairs)

    monkeypatch.setattr(spans, "write", crash_on_the_second_chunk)
    data = csv_bytes([row(tree.unit1, f"{i}/QĐ-CCTHADS") for i in range(5)])
    with pytest.raises(RuntimeError, match="the worker died here"):
        import_cases(data, "viec.csv", user=clerk, today=D(2026, 11, 22))
    assert len(calls) == 2  # the first chunk was written before the crash
    assert rows_per_table() == before
    assert compute(tree.province, Period(2026, 6))["cases"]["new"] == 0


def test_a_nul_character_refuses_the_file_naming_its_row(tree, clerk, vietnamese):
    """Found by the fuzzing: PostgreSQL refuses NUL in text (a server error on the agency's lookup)."""
    data = csv_bytes([row(tree.unit1, "1/QĐ-CCTHADS"), row(tree.unit1, "2/QĐ\x00-CCTHADS")])
    with pytest.raises(FileRefused, match="Dòng 3 có ký tự NUL"):
        import_cases(data, "viec.csv", user=clerk, today=D(2026, 11, 22))
    assert not Case.objects.exists()


def test_a_refused_row_tells_nothing_of_another_province(tree, clerk, vietnamese):
    """A row naming another province's issuing agency or officer is refused for that, and the
    register is not asked whether that province holds the decision number (whose duplicate
    message named the agency: a question answered across provinces)."""
    theirs = factories.case(tree.other_unit, decision_date=D(2026, 3, 2))
    their_officer = factories.OfficerFactory(agency=tree.other_unit, code="CHV-KHAC")
    data = csv_bytes([
        row(tree.unit1, theirs.decision_number, **{"Mã cơ quan ra quyết định": tree.other_unit.code,
                                                    "Ngày quyết định": "02/03/2026"}),
        row(tree.unit1, "5/QĐ-KHAC", **{"Mã chấp hành viên": their_officer.code}),
    ])
    result = import_cases(data, "viec.csv", user=clerk, today=D(2026, 11, 22))
    assert [(n, column) for n, column, _reason in result.errors] == [
        (2, "Mã cơ quan ra quyết định"), (3, "Mã chấp hành viên")]
    said = " ".join(reason for _n, _column, reason in result.errors)
    assert "đã có" not in said and tree.other_unit.name not in said and their_officer.full_name not in said
    assert not Case.objects.filter(agency=tree.unit1).exists()


def test_the_central_agency_issues_no_decision(tree, clerk, vietnamese):
    """As an ancestor of every agency it passed the issuing rule, and its numbers are the country's:
    a duplicate's message told of another province's register."""
    theirs = factories.case(tree.other_unit, issuing=tree.other_province, decision_date=D(2026, 3, 2))
    from cases.models import Case as CaseModel

    CaseModel.objects.filter(pk=theirs.pk).update(issuing_agency=tree.central)  # as a past import had let in
    data = csv_bytes([row(tree.unit1, theirs.decision_number, **{"Mã cơ quan ra quyết định": tree.central.code,
                                                               "Ngày quyết định": "02/03/2026"})])
    result = import_cases(data, "viec.csv", user=clerk, today=D(2026, 11, 22))
    assert [(n, column) for n, column, _reason in result.errors] == [(2, "Mã cơ quan ra quyết định")]
    assert "cấp tỉnh hoặc khu vực" in result.errors[0][2] and "đã có" not in result.errors[0][2]


def test_a_row_tells_its_rules_with_its_unreadable_cells(tree, clerk, vietnamese):
    """"2tr500" and an acceptance before the decision: both on the same pass, one message a column."""
    data = csv_bytes([row(tree.unit1, "20/QĐ-CCTHADS", **{"Số tiền phải thi hành (đồng)": "2tr500",
                                                           "Ngày thụ lý": "01/03/2026"})])
    result = import_cases(data, "viec.csv", user=clerk, today=D(2026, 11, 22))
    assert result.created == 0 and Case.objects.count() == 0
    columns = [column for _row, column, _reason in result.errors]
    assert sorted(columns) == ["Ngày thụ lý", "Số tiền phải thi hành (đồng)"]


def test_an_event_row_tells_its_date_with_its_unreadable_amount(tree, clerk, vietnamese):
    case = factories.case(tree.unit1, decision_number="5/QĐ-CCTHADS", decision_date=D(2024, 1, 10), amount=10**8)
    headers = [c.header for c in imports.EVENT_COLUMNS]
    cells = [tree.unit1.code, "5/QĐ-CCTHADS", "10/01/2024", "Thu tiền", "01/01/2023", "1tr", "", "", "", "", ""]
    data = ("\ufeff" + ";".join(headers) + "\n" + ";".join(cells)).encode("utf-8")
    result = imports.import_events(data, "su_kien.csv", user=clerk, today=D(2026, 11, 22))
    assert CaseEvent.objects.filter(case=case).count() == 1
    assert sorted(column for _row, column, _reason in result.errors) == ["Ngày hiệu lực", "Số tiền (đồng)"]


def test_the_template_lists_the_users_codes_with_drop_downs(client, tree, clerk, vietnamese):
    factories.OfficerFactory(agency=tree.unit1, code="CHV-01", full_name="Lý Mạnh Sơn")
    factories.OfficerFactory(agency=tree.other_unit, code="CHV-99")
    client.force_login(clerk)
    book = load_workbook(io.BytesIO(client.get(reverse("case_import_template", args=["cases", "xlsx"])).content))
    assert book.sheetnames == ["Mẫu", imports.LISTS_SHEET]
    listed = {cell.value for row in book[imports.LISTS_SHEET].iter_rows() for cell in row if cell.value}
    assert {tree.unit1.code, tree.unit2.code, "CHV-01", "Dân sự", "Theo yêu cầu", "Có", "Không"} <= listed
    assert tree.other_unit.code not in listed and "CHV-99" not in listed  # another province's codes
    checked = {str(rule.sqref).split(":")[0] for rule in book["Mẫu"].data_validations.dataValidation}
    coded = {book["Mẫu"].cell(1, i + 1).column_letter + "2" for i, c in enumerate(CASE_COLUMNS)
             if c.kind in ("agency", "officer", "judgment_kind", "initiation", "yes_no")}
    assert checked == coded


def test_after_an_import_a_link_to_the_cases_it_registered(client, tree, clerk):
    earlier = factories.case(tree.unit1, decision_number="1/QĐ-CCTHADS")
    client.force_login(clerk)
    upload = SimpleUploadedFile("viec.csv", csv_bytes([row(tree.unit1, "7/QĐ-CCTHADS"), row(tree.unit2, "8/QĐ-CCTHADS")]))
    response = client.post(reverse("case_import"), {"file": upload, "what": "cases"})
    page = client.get(response.url)
    link = re.search(r'href="([^"]+)">[^<]*</a></p>', page.content.decode().split('id="imported-link"')[1]).group(1)
    listed = client.get(link.replace("&amp;", "&")).context["object_list"]
    assert sorted(case.decision_number for case in listed) == ["7/QĐ-CCTHADS", "8/QĐ-CCTHADS"]
    assert earlier not in listed


def test_the_problems_download_as_a_file(client, tree, clerk):
    client.force_login(clerk)
    upload = SimpleUploadedFile("viec.csv", csv_bytes([row(tree.unit1, "1/QĐ", **{"Loại án": "Không rõ"})]))
    html = client.post(reverse("case_import"), {"file": upload, "what": "cases"}).content.decode()
    href = re.search(r'id="problems-file" href="data:text/csv;charset=utf-8;base64,([^"]+)"', html).group(1)
    rows = list(csv.reader(base64.b64decode(href).decode("utf-8-sig").splitlines(), delimiter=";"))
    assert len(rows) == 2 and len(rows[0]) == 3
    assert rows[1][:2] == ["2", "Loại án"] and "Không rõ" in rows[1][2]


def test_an_unknown_agency_does_not_hide_the_rows_dates(tree, clerk, vietnamese):
    data = csv_bytes([row(tree.unit1, "30/QĐ-CCTHADS", **{"Mã cơ quan thụ lý": "XX-KHONG-CO", "Ngày thụ lý": "01/03/2026"}),
                      row(tree.other_unit, "31/QĐ-CCTHADS", **{"Ngày bản án, quyết định": "20/03/2026"})])
    result = import_cases(data, "viec.csv", user=clerk, today=D(2026, 11, 22))
    found = {(r, c) for r, c, _reason in result.errors}
    assert {(2, "Mã cơ quan thụ lý"), (2, "Ngày thụ lý"), (3, "Mã cơ quan thụ lý"), (3, "Ngày bản án, quyết định")} == found

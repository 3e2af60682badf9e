"""Amounts: whole đồng typed the Vietnamese way, up to a ceiling a real judgment can reach, held by
the forms, the imports, the services and the database; and figures that no accepted write can
push past what the pages and the report command can sum (a hostile review broke every dashboard
of a province with one case of 9.223.372.000.000.000.000 đ)."""

import io
import json
from datetime import date as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse

from cases.amounts import MAX_AMOUNT, parse_amount
from cases.models import Case, CaseEvent, User
from casework import services
from reports import period_report, summaries, xlsx
from reports.calendar import Period
from reports.engine import compute
from reports.models import FigureByAgency, FigureByKind, FigureCount
from tests import factories
from tests.casework.test_import import csv_bytes, row
from tests.rows import rows_a_request_may_write, rows_per_table
from thads import data_version

pytestmark = pytest.mark.django_db

# The amount of the hostile review, just under 2^63.
HOSTILE = "9.223.372.000.000.000.000"


@pytest.mark.parametrize("typed, amount", [
    ("75.683.482.000", 75_683_482_000), ("75683482000", 75_683_482_000), ("75 683 482 000", 75_683_482_000),
    ("75\u00a0683\u00a0482\u00a0000", 75_683_482_000), ("0", 0), ("500", 500), (" 1.000 ", 1000),
    ("1.000.000.000.000.000", MAX_AMOUNT), (MAX_AMOUNT, MAX_AMOUNT), (1.0e9, 10**9),
])
def test_amounts_as_people_type_them(typed, amount):
    assert parse_amount(typed) == amount


@pytest.mark.parametrize("typed", [
    "100.5", "1.00.000", "1.000,5", "1,5", "1,000", "1000đ", "10 đồng", "500.000.000 đ", "-1", "+5", "1e9",
    "²", "①", "１２３", "٣٤", "۱۲", "1.000 000", "", " ", ".", "1..000", "NaN", "0x10",
    "1.000.000.000.000.001", HOSTILE, "9" * 40, "9" * 5000, "1." + "000." * 2000 + "000", True, 1.5, float("nan"),
    float("inf"), -3, MAX_AMOUNT + 1,
])
def test_anything_else_is_refused_with_the_fields_message(typed, vietnamese):
    with pytest.raises(ValueError) as refused:
        parse_amount(typed)
    assert "số tiền" in str(refused.value).lower() or "âm" in str(refused.value)


@pytest.fixture
def clerk(client, tree, make_user):
    user = make_user(tree.unit1, User.Role.CLERK)
    client.force_login(user)
    return user


def new_case(tree, amount, number="1/QĐ-TRAN"):
    return {"agency": tree.unit1.pk, "issuing_agency": tree.unit1.pk, "decision_number": number,
            "decision_date": "02/03/2026", "accepted_on": "03/03/2026", "court": "TAND khu vực 1",
            "judgment_number": "12/2025/DS-ST", "judgment_date": "10/01/2026", "judgment_kind": "civil",
            "initiation": "on_request", "debtor_name": "Nguyễn Văn Nợ", "amount": amount}


def unchanged():
    return rows_per_table(skip=rows_a_request_may_write())


def test_the_hostile_amount_is_refused_on_every_way_in(client, tree, clerk, vietnamese):
    before = unchanged()
    # The page: the message next to the amount, nothing stored.
    response = client.post(reverse("case_create"), new_case(tree, HOSTILE))
    assert response.status_code == 200
    assert "không được vượt quá 1.000.000.000.000.000" in " ".join(response.context["form"].errors["amount"])
    # An import: the row and the column named.
    response = client.post(reverse("case_import"), {"what": "cases", "file": SimpleUploadedFile("viec.csv", csv_bytes(
        [row(tree.unit1, "2/QĐ", **{"Số tiền phải thi hành (đồng)": HOSTILE})]))})
    assert response.status_code == 200
    assert [(n, column) for n, column, _reason in response.context["result"].errors] == [
        (2, "Số tiền phải thi hành (đồng)")]
    # The service, for any other caller.
    with pytest.raises(ValidationError) as refused:
        services.case_create(**{**factories_case_values(tree), "amount": 9_223_372_000_000_000_000})
    assert "amount" in refused.value.message_dict
    assert unchanged() == before
    # An event's amount, on a case that owes the most a case may owe.
    case = factories.case(tree.unit1, amount=MAX_AMOUNT, decision_date=D(2025, 1, 10))
    response = client.post(reverse("event_create", args=[case.pk]), {
        "kind": "payment", "effective_date": "10/11/2026", "amount": HOSTILE, "version": case.version})
    assert response.status_code == 200 and "amount" in response.context["form"].errors
    with pytest.raises(ValidationError):
        services.event_record(case=case, kind="payment", effective_date=D(2026, 11, 10), amount=MAX_AMOUNT + 1,
                              today=D(2026, 11, 22))
    assert CaseEvent.objects.filter(case=case).count() == 1


def factories_case_values(tree):
    return dict(issuing_agency=tree.unit1, agency=tree.unit1, decision_number="9/QĐ", decision_date=D(2026, 3, 2),
                accepted_on=D(2026, 3, 3), court="TAND", judgment_number="1/2026", judgment_date=D(2026, 1, 10),
                judgment_kind="civil", initiation="on_request", debtor_name="Nguyễn Văn Nợ", today=D(2026, 11, 22))


def test_the_database_holds_the_ceiling_too(tree):
    case = factories.case(tree.unit1, amount=MAX_AMOUNT)
    for model, pk in ((Case, case.pk), (CaseEvent, case.events.get().pk)):
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.filter(pk=pk).update(amount=MAX_AMOUNT + 1)


def test_cases_at_the_ceiling_go_through_every_page_and_file(client, tree, make_user):
    for year in (2026, 2027):
        summaries.fill_year(year)
    for unit in (tree.unit1, tree.unit2):
        for _ in range(3):
            factories.case(unit, amount=MAX_AMOUNT, decision_date=D(2025, 11, 3))
    figures = compute(tree.province, Period(2026, 12))
    assert figures["money"]["new"] == 6 * MAX_AMOUNT
    client.force_login(make_user(tree.province, User.Role.LEADERSHIP))
    for name in ("home", "figures"):
        assert client.get(reverse(name), {"year": 2026, "months": 12, "agency": tree.province.pk}).status_code == 200
    report = period_report.collect(tree.province, Period(2026, 12), today=D(2026, 11, 22))
    xlsx.build(report)


def stored_rows_as_large_as_they_hold(tree, extra):
    """Every stored row of the two units' single case made `extra` đồng larger in one column, in the
    summary table and both rollups alike: the largest figures a row can hold, summed by a province."""
    for model in (FigureCount, FigureByKind, FigureByAgency):
        rows = model.objects.filter(agency__in=[tree.unit1, tree.unit2], year=2026)
        assert rows.update(money_new=F("money_new") + extra) > 0
    data_version.changed()


def test_no_stored_figure_can_break_a_page_or_a_command(client, tree, make_user):
    """Two units whose stored rows each hold three quarters of a 64-bit integer: their province's
    sums pass 2^63, which the database once cast back to 64 bits (`bigint out of range`)."""
    summaries.fill_year(2026)
    for unit in (tree.unit1, tree.unit2):
        factories.case(unit, amount=1_000, decision_date=D(2025, 11, 3))
    extra = 3 * 2**61
    stored_rows_as_large_as_they_hold(tree, extra)
    expected = 2 * (extra + 1_000)
    assert expected > 2**63
    assert compute(tree.province, Period(2026, 12))["money"]["new"] == expected
    client.force_login(make_user(tree.central, User.Role.OFFICIAL))
    for name in ("home", "figures"):
        for agency in (tree.province, tree.central):
            response = client.get(reverse(name), {"year": 2026, "months": 12, "agency": agency.pk})
            assert response.status_code == 200
    out = io.StringIO()
    call_command("thads_report", "--agency", tree.province.code, "--year", "2026", "--months", "12",
                 "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["money"]["new"] == expected
    for output in ("csv", "table"):
        call_command("thads_report", "--agency", tree.central.code, "--year", "2026", "--months", "12",
                     "--format", output, "--by", "child", stdout=io.StringIO())
    report = period_report.collect(tree.province, Period(2026, 12), today=D(2026, 11, 22))
    xlsx.build(report)


def test_a_write_that_would_pass_what_a_row_holds_is_refused(client, tree, clerk, make_user, vietnamese):
    summaries.fill_year(2026)
    factories.case(tree.unit1, amount=1_000, decision_date=D(2025, 11, 3))
    stored_rows_as_large_as_they_hold(tree, 2**63 - 1 - 1_000 - MAX_AMOUNT // 2)
    before = unchanged()
    response = client.post(reverse("case_create"), new_case(tree, "1.000.000.000.000.000"))
    assert response.status_code == 200
    assert "vượt quá" in " ".join(response.context["form"].errors["amount"])
    response = client.post(reverse("case_import"), {"what": "cases", "file": SimpleUploadedFile("viec.csv", csv_bytes(
        [row(tree.unit1, "2/QĐ", **{"Số tiền phải thi hành (đồng)": "1.000.000.000.000.000"})]))})
    assert response.status_code == 200 and "vượt quá" in " ".join(response.context["form"].errors["file"])
    assert unchanged() == before
    # The other unit's rows are far from it: the same case is accepted there.
    client.force_login(make_user(tree.unit2, User.Role.CLERK))
    response = client.post(reverse("case_create"), {**new_case(tree, "1.000.000.000.000.000"),
                                                    "agency": tree.unit2.pk, "issuing_agency": tree.unit2.pk})
    assert response.status_code == 302


def test_numbers_no_person_means_are_refused_not_crashed_on(client, tree, make_user):
    """Python refuses int() of more than 4.300 digits: a year, an id or an amount that long is
    refused like any other wrong number, wherever it is typed."""
    huge = "9" * 5000
    client.force_login(make_user(tree.province, User.Role.LEADERSHIP))
    assert client.post(reverse("close_period"), {"year": huge, "months": 12}).status_code == 302
    for name in ("home", "figures", "case_list"):
        assert client.get(reverse(name), {"agency": huge, "year": huge, "months": 12}).status_code == 200
    response = client.get(reverse("case_list"), {"amount_min": huge, "officer": huge})
    assert response.status_code == 200 and "amount_min" in response.context["filter"].form.errors
    response = client.post(reverse("targets"), {"file": SimpleUploadedFile(
        "chi-tieu.csv", f"Mã cơ quan;Năm;Chỉ tiêu về việc (%);Chỉ tiêu về tiền (%)\n{tree.unit1.code};{huge};80;50\n".encode())})
    assert response.status_code == 200 and response.context["upload_errors"][0][1] == "Năm"


def test_an_import_fills_the_years_it_writes_first_so_that_every_row_is_bounded(tree, make_user):
    """A file's rows in years no page has read yet: the years are filled from the register before
    the rows are written, so the rows' difference is applied, and bounded, like every other (a year
    filled afterwards would sum rows no write was checked against)."""
    from casework import imports
    from reports.models import FigureFill

    clerk = make_user(tree.province, User.Role.CLERK)
    factories.case(tree.unit1, amount=5_000, decision_date=D(2021, 3, 1))
    from reports.models import FigureByAgency, FigureByKind

    for model in (FigureCount, FigureByKind, FigureByAgency, FigureFill):  # years no write has filled (restored)
        model.objects.all().delete()
    assert not FigureFill.objects.exists()
    data = csv_bytes([row(tree.unit1, "1/QĐ-CU", **{"Ngày quyết định": "02/03/2021", "Ngày thụ lý": "03/03/2021",
                                                    "Ngày bản án, quyết định": "10/01/2021"})])
    assert imports.import_cases(data, "viec.csv", user=clerk, today=D(2026, 11, 22)).created == 1
    assert sorted(FigureFill.objects.values_list("year", flat=True)) == list(range(2020, 2028))
    # Every stored row is what the register gives, both cases in.
    recomputed = summaries.compute_rows(list(range(2021, 2028)), Case.objects.prefetch_related("events"))
    stored = {tuple(r[k] for k in FigureCount.DIMS): {c: r[c] for c in summaries.COLUMNS}
              for r in FigureCount.objects.values()}
    assert stored == recomputed and compute(tree.unit1, Period(2021, 12))["cases"]["new"] == 2

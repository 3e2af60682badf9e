"""Published figures of a past period, imported as its closing (issue 23, point 6): the demo
province's own 2025 report read back into a register without cases gives the same "cùng kỳ"
comparisons for 2026 as the full register; a file whose figures contradict each other is refused
with every problem listed, and nothing is written."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import (
    Agency,
    Case,
    CaseEvent,
    CommitteeConclusion,
    CommitteeItem,
    CommitteeMeeting,
    Complaint,
    FollowedJudgment,
    FollowStep,
    User,
)
from demo.province import load_demo
from reports import period_report, xlsx
from reports.calendar import Period
from reports.engine import compute
from reports.models import FigureByAgency, FigureByKind, FigureCount, LateEntry, PeriodClosing, ReportFile, ReportJob
from reports.published import PublishedRefused, import_published
from tests.fixtures import built_once

TODAY = date(2026, 12, 6)
LAST_YEAR, THIS_YEAR = Period(2025, 12), Period(2026, 12)


def _comparisons(report):
    """What a 2026 report compares with: last year's figures, for the total and for each unit (every
    key of the official table; the separate register is not one, and a published form lacks it)."""
    def table(figures):
        return {unit: {k: v for k, v in figures[unit].items() if k != "separate_register"} for unit in ("cases", "money")}

    return {"total": table(report["previous"]),
            "rows": {row["key"]: table(row["previous"]) for row in report["breakdowns"]["child"]}}


def _build():
    load_demo(cases=400)
    province = Agency.objects.get(code="THADS-TUYENQUANG")
    report = period_report.collect(province, LAST_YEAR, by="child", today=TODAY)
    published = xlsx.build(report)
    full = _comparisons(compute(province, THIS_YEAR))
    earlier = xlsx.build(period_report.collect(province, Period(2024, 12), by="child", today=TODAY))
    full_2025 = _comparisons(compute(province, LAST_YEAR, live=True))
    # The register emptied: the tree and the people stay, as in an office that starts today.
    LateEntry.objects.all().delete()
    PeriodClosing.objects.exclude(part_of=None).delete()
    PeriodClosing.objects.all().delete()
    ReportFile.objects.all().delete()
    ReportJob.objects.all().delete()
    for model in (CaseEvent, Complaint, FigureCount, FigureByKind, FigureByAgency, CommitteeConclusion,
                  CommitteeMeeting, CommitteeItem, FollowStep, FollowedJudgment):
        model.objects.all().delete()
    Case.objects.update(entrusted_from=None)
    Case.objects.all().delete()
    return province, published, full, earlier, full_2025


state = built_once(_build)


@pytest.fixture
def province(state, db):
    return state[0]


def leader(agency):
    return User.objects.filter(agency=agency, role=User.Role.LEADERSHIP).first()


def test_the_2025_report_imported_gives_the_same_comparisons_for_2026(state, province, vietnamese):
    _province, published, full, *_ = state
    assert not Case.objects.exists() and not compute(province, THIS_YEAR)["previous"]["has_data"]
    closing = import_published(published, "bao-cao-2025.xlsx", agency=province, period=LAST_YEAR,
                               user=leader(province), today=TODAY)
    assert closing.imported_from == "bao-cao-2025.xlsx" and closing.version == 1
    # Each regional office got its own closing, so its pages compare with its published row too.
    assert PeriodClosing.objects.filter(part_of=closing).count() == Agency.objects.filter(
        parent=province, valid_to__isnull=True).count()
    report = compute(province, THIS_YEAR)
    assert report["previous"]["has_data"]
    assert _diff(_comparisons(report), full) == []
    assert full["total"]["cases"]["to_enforce"] > 0
    # The 2025 period itself shows the imported figures, saying where they came from.
    shown = compute(province, LAST_YEAR)
    assert shown["frozen"] and "bao-cao-2025.xlsx" in shown["closing"]["text"]
    assert {k: v for k, v in shown["cases"].items() if k != "separate_register"} == full["total"]["cases"]
    # The carry-over check of 2026 reads the published carried forward.
    assert compute(province, Period(2026, 3))["carry_over_check"]["against_published"]


def test_a_file_that_contradicts_itself_is_refused_with_every_problem(state, province, vietnamese):
    _province, published, full, *_ = state
    book = load_workbook(io.BytesIO(published))
    sheet = book.worksheets[0]
    numbers_row = next(r for r in range(1, 20) if str(sheet.cell(r, 3).value).startswith("(1)"))
    total_row = numbers_row + 1
    cols = [c.source for c in xlsx.columns("cases")]
    sheet.cell(total_row, 3 + cols.index("completed_actual")).value += 5  # completed no longer its parts' sum
    sheet.cell(total_row + 2, 3 + cols.index("new")).value = -1
    sheet.cell(total_row + 3, 2).value = "Phòng không có thật"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(PublishedRefused) as caught:
        import_published(out.getvalue(), "sai.xlsx", agency=province, period=LAST_YEAR, user=leader(province),
                         today=TODAY)
    problems = "\n".join(caught.value.problems)
    assert "Thành công" not in problems
    assert f"dòng {total_row}, cột (8)" in problems and "thi hành xong" in problems.lower()
    assert f"dòng {total_row + 2}" in problems and "không phải là số nguyên" in problems
    assert "“Phòng không có thật” không phải là đơn vị" in problems
    assert not PeriodClosing.objects.exists()
    # Another period's or another agency's report is not this one.
    with pytest.raises(PublishedRefused) as caught:
        import_published(published, "bao-cao.xlsx", agency=province, period=Period(2024, 12),
                         user=leader(province), today=TODAY)
    assert "không phải là báo cáo 12 tháng năm 2024" in "\n".join(caught.value.problems)


def _csv_of_2025(province, published) -> str:
    """The 2025 figures as the report command writes them: it reads them from a closing, so the
    XLSX is imported first, the CSV taken, and the closing removed again (an office whose published
    figures came as a CSV)."""
    from django.core.management import call_command

    closing = import_published(published, "2025.xlsx", agency=province, period=LAST_YEAR, user=leader(province),
                               today=TODAY)
    out = io.StringIO()
    call_command("thads_report", agency=province.code, year=2025, months=12, format="csv", by="child", stdout=out)
    PeriodClosing.objects.filter(part_of=closing).delete()
    closing.delete()
    return out.getvalue()


def test_a_csv_of_the_keys_per_agency_as_the_report_command_writes_it(state, province, vietnamese):
    _province, published, full, *_ = state
    csv_file = _csv_of_2025(province, published).encode()
    import_published(csv_file, "2025.csv", agency=province, period=LAST_YEAR, user=leader(province), today=TODAY)
    assert _diff(_comparisons(compute(province, THIS_YEAR)), full) == []

    PeriodClosing.objects.exclude(part_of=None).delete()
    PeriodClosing.objects.all().delete()
    broken = csv_file.decode().splitlines()
    header = broken[0].split(",")
    at = header.index('"cases.completed_actual"')
    second = broken[2].split(",")
    second[at] = '"-3"'
    broken[2] = ",".join(second)
    with pytest.raises(PublishedRefused) as caught:
        import_published("\n".join(broken).encode(), "sai.csv", agency=province, period=LAST_YEAR,
                         user=leader(province), today=TODAY)
    assert "Dòng 3, cột “cases.completed_actual”" in caught.value.problems[0]
    without = "\n".join(line.replace(',"cases.rate"', ',"ti_le"') for line in csv_file.decode().splitlines())
    with pytest.raises(PublishedRefused) as caught:
        import_published(without.encode(), "thieu.csv", agency=province, period=LAST_YEAR, user=leader(province),
                         today=TODAY)
    assert "còn thiếu: cases.rate" in caught.value.problems[0]
    assert not PeriodClosing.objects.exists()


def test_files_read_whatever_the_language_a_regional_offices_by_officer_and_nothing_blocks_the_register(
        state, province, vietnamese):
    """A report written in Vietnamese read by a user working in English; a regional office's own
    report (one row per officer) gives its total; the imported figures do not refuse the cases of
    those years entered afterwards; cells no number can be are refused with the rest."""
    from django.utils import translation

    from tests import factories

    _province, published, full, *_ = state
    region = Agency.objects.get(code="PTHADS-TUYENQUANG-KV01")
    nan = load_workbook(io.BytesIO(published))
    first = next(r for r in range(1, 20) if str(nan.worksheets[0].cell(r, 3).value).startswith("(1)"))
    nan.worksheets[0].cell(first + 2, 4).value = "NaN"
    nan.worksheets[1].cell(first + 2, 4).value = "Infinity"
    out = io.BytesIO()
    nan.save(out)
    with translation.override("en"):
        with pytest.raises(PublishedRefused) as caught:
            import_published(out.getvalue(), "nan.xlsx", agency=province, period=LAST_YEAR, user=leader(province),
                             today=TODAY)
        assert len(caught.value.problems) == 2 and all("NaN" in p or "Infinity" in p for p in caught.value.problems)
        closing = import_published(published, "2025.xlsx", agency=province, period=LAST_YEAR, user=leader(province),
                                   today=TODAY)
    assert closing.snapshot["cases"]["to_enforce"] == full["total"]["cases"]["to_enforce"]
    assert PeriodClosing.objects.get(agency=region, part_of=closing).snapshot["cases"]["to_enforce"] == (
        full["rows"][region.code]["cases"]["to_enforce"])
    # The regional office's own report (its figures as the province published them), imported by its
    # leadership for a period not yet closed.
    regional = xlsx.build(period_report.collect(region, LAST_YEAR, by="officer", today=TODAY))
    user = User.objects.create_user("lanhdao.kv1", password="x", agency=region, role=User.Role.LEADERSHIP)
    PeriodClosing.objects.filter(agency=region).delete()
    mine = import_published(regional, "kv1.xlsx", agency=region, period=LAST_YEAR, user=user, today=TODAY)
    assert mine.snapshot["cases"]["to_enforce"] == full["rows"][region.code]["cases"]["to_enforce"]
    # The register of those years entered afterwards: not refused by the imported closings.
    clerk = User.objects.filter(agency=region, role=User.Role.CLERK).first() or User.objects.create_user(
        "thuky.kv1", password="x", agency=region, role=User.Role.CLERK)
    factories.case(region, decision_date=date(2025, 8, 1), created_by=clerk)


def test_a_csv_total_must_be_the_agencys_and_each_code_once(state, province, vietnamese):
    _province, published, full, *_ = state
    lines = _csv_of_2025(province, published).splitlines()
    other = [lines[0], lines[1].replace(f'"{province.code}"', '"THADS-KHAC"'), *lines[2:], lines[2]]
    with pytest.raises(PublishedRefused) as caught:
        import_published("\n".join(other).encode(), "khac.csv", agency=province, period=LAST_YEAR,
                         user=leader(province), today=TODAY)
    problems = "\n".join(caught.value.problems)
    assert "dòng tổng cộng là của “THADS-KHAC”" in problems and "đã có một dòng ở trên" in problems
    assert not PeriodClosing.objects.exists()


def test_leadership_imports_from_the_page(client, state, province, make_user, vietnamese):
    _province, published, full, *_ = state
    url = reverse("published_import")
    client.force_login(make_user(province, User.Role.OFFICIAL))
    assert client.get(url).status_code == 403
    client.force_login(leader(province))
    page = client.get(url).content.decode()
    assert 'name="file"' in page
    response = client.post(url, {"year": 2025, "months": 12,
                                 "file": _upload(published, "bao-cao-2025.xlsx")})
    assert response.status_code == 302 and PeriodClosing.objects.filter(part_of=None).count() == 1
    again = client.post(url, {"year": 2025, "months": 12, "file": _upload(published, "bao-cao-2025.xlsx")})
    assert again.status_code == 400 and "đã được chốt" in again.content.decode()


def _upload(content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/vnd.openxmlformats-officedocument."
                                                          "spreadsheetml.sheet")


def _diff(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in set(a) | set(b):
            out += _diff(a.get(k), b.get(k), f"{path}.{k}")
        return out
    return [] if a == b else [(path, a, b)]


def test_importing_the_years_in_order_gives_each_its_same_period(state, province, vietnamese):
    """Two years imported, the older first: the later one's page compares with the earlier as published."""
    _province, published, full, earlier, full_2025 = state
    import_published(earlier, "2024.xlsx", agency=province, period=Period(2024, 12), user=leader(province),
                     today=TODAY)
    import_published(published, "2025.xlsx", agency=province, period=LAST_YEAR, user=leader(province), today=TODAY)
    shown = compute(province, LAST_YEAR)
    assert shown["frozen"] and shown["previous"]["has_data"]
    assert _diff(_comparisons(shown), full_2025) == []
    assert shown["change"]["cases"]["completed"] == shown["cases"]["completed"] - shown["previous"]["cases"]["completed"]

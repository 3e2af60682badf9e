"""Honest comparisons (issue 23): a period whose same period of last year has no data says so
instead of an increase from nothing, and a period with no data at all says so instead of zeros and
empty charts; differences of rates are percentage points ("điểm %") in every output."""

import io
from datetime import date as D

from django.urls import reverse
from openpyxl import load_workbook

from cases.models import EventKind, User
from casework import services
from reports import narrative, period_report, xlsx
from reports.calendar import Period
from reports.engine import compute
from tests import factories
from tests.conftest import TODAY


def first_year_register(tree):
    """A register that begins in statistical year 2026: nothing counts in 2025."""
    case = factories.case(tree.unit1, decision_date=D(2025, 11, 2), amount=10_000_000)
    factories.case(tree.unit2, decision_date=D(2025, 12, 1), amount=5_000_000)
    services.event_record(case=case, kind=EventKind.VERIFY, effective_date=D(2025, 11, 20), today=TODAY)
    services.event_record(case=case, kind=EventKind.CLASSIFY, effective_date=D(2025, 11, 21), condition="able",
                          today=TODAY)
    services.event_record(case=case, kind=EventKind.PAYMENT, effective_date=D(2026, 1, 5), amount=10_000_000,
                          today=TODAY)
    services.event_record(case=case, kind=EventKind.COMPLETE, effective_date=D(2026, 1, 6), today=TODAY)


def test_no_same_period_means_no_increase_from_nothing(client, tree, make_user, vietnamese):
    first_year_register(tree)
    report = compute(tree.province, Period(2026, 12))
    assert report["has_data"] and not report["previous"]["has_data"]
    assert set(report["change"]["cases"].values()) == {None} and set(report["change"]["money"].values()) == {None}
    client.force_login(make_user(tree.province, User.Role.LEADERSHIP))
    page = client.get(reverse("home"), {"year": 2026, "months": 12}).content.decode()
    assert page.count("Chưa có số liệu cùng kỳ") == 10  # each card, by cases and by money
    assert "so với cùng kỳ (0)" not in page and "điểm\xa0% so với cùng kỳ" not in page
    figures = client.get(reverse("figures"), {"year": 2026, "months": 12}).content.decode()
    assert "Chưa có số liệu cùng kỳ năm 2025 để so sánh." in figures


def test_a_period_without_data_says_so(client, tree, make_user, vietnamese):
    first_year_register(tree)
    client.force_login(make_user(tree.province, User.Role.LEADERSHIP))
    page = client.get(reverse("home"), {"year": 2024, "months": 12}).content.decode()
    assert "Chưa có số liệu của kỳ này" in page
    assert 'id="chart-series"' not in page and 'id="chart-composition-cases"' not in page
    assert 'class="kpi' not in page  # no card of zeros
    page = client.get(reverse("home"), {"year": 2026, "months": 12}).content.decode()
    assert "Chưa có số liệu của kỳ này" not in page and 'id="chart-series"' in page


def test_the_spreadsheet_and_the_paragraph_say_there_is_no_same_period(tree, vietnamese):
    first_year_register(tree)
    report = period_report.collect(tree.province, Period(2026, 12), by="child", today=TODAY)
    assert narrative.rates_against_last_year(report) == "Chưa có số liệu cùng kỳ năm 2025 để so sánh."
    assert "so với cùng kỳ" not in narrative.headline(report)
    book = load_workbook(io.BytesIO(xlsx.build(report)))
    for sheet in book.worksheets[:2]:  # the civil tables (the THAHC form counts judgments, none last year is 0)
        rows = [row for row in sheet.iter_rows(values_only=True)]
        heading = next(i for i, row in enumerate(rows) if "(2)" in row)
        last = max(i for i, text in enumerate(rows[heading]) if text)
        total = rows[heading + 1]
        assert total[last - 3:last + 1] == (None, None, None, None)  # same period and change: blank
        notes = [row[0] for row in rows if row[0] and "Chưa có số liệu cùng kỳ năm 2025" in str(row[0])]
        assert len(notes) == 1, sheet.title

from datetime import date as D
from decimal import Decimal

import pytest
from django.utils import translation

from reports.calendar import Period, latest_completed_period, period_ending, periods_of_year, statistical_year
from reports.figures import rate, rounded_rate
from thads import formatting


@pytest.mark.parametrize("months, start, end", [
    (1, D(2023, 10, 1), D(2023, 10, 31)), (3, D(2023, 10, 1), D(2023, 12, 31)), (5, D(2023, 10, 1), D(2024, 2, 29)),
    (6, D(2023, 10, 1), D(2024, 3, 31)), (9, D(2023, 10, 1), D(2024, 6, 30)), (12, D(2023, 10, 1), D(2024, 9, 30)),
])
def test_cumulative_periods_of_2024(months, start, end):
    period = Period(2024, months)
    assert (period.start, period.end) == (start, end)
    assert period.is_quarterly == (months in (3, 6, 9, 12))


def test_names_the_vietnamese_way():
    with translation.override("vi"):
        assert Period(2024, 6).name == "6 tháng năm 2024 (01/10/2023 – 31/3/2024)"
        assert Period(2024, 12).name == "12 tháng năm 2024 (01/10/2023 – 30/9/2024)"
        assert Period(2025, 3).short_name == "3 tháng năm 2025"


def test_year_and_period_of_a_date():
    assert statistical_year(D(2023, 9, 30)) == 2023 and statistical_year(D(2023, 10, 1)) == 2024
    assert period_ending(D(2024, 3, 15)) == Period(2024, 6)
    assert period_ending(D(2023, 10, 1)) == Period(2024, 1)
    assert latest_completed_period(D(2026, 11, 22)) == Period(2027, 1)
    assert latest_completed_period(D(2026, 10, 5)) == Period(2026, 12)
    assert [p.months for p in periods_of_year(2024)] == list(range(1, 13))
    assert Period(2024, 6).previous_year == Period(2023, 6)
    with pytest.raises(ValueError):
        Period(2024, 13)


def test_official_rounding_examples():
    with translation.override("vi"):
        assert formatting.percent(rounded_rate(rate(620_657, 739_974))) == "83,88\xa0%"
        assert formatting.percent(rounded_rate(rate(116_531, 224_775))) == "51,84\xa0%"
    assert rounded_rate(rate(1, 8)) == Decimal("12.50") and rounded_rate(rate(1, 3)) == Decimal("33.33")
    assert rounded_rate(rate(2, 3)) == Decimal("66.67") and rate(5, 0) is None


def test_month_labels_and_the_years_accepted_are_stated_once():
    from reports.calendar import FIRST_YEAR, LAST_YEAR, is_valid_year, month_labels

    assert month_labels(2026) == ["10/2025", "11/2025", "12/2025", "01/2026", "02/2026", "03/2026", "04/2026",
                                  "05/2026", "06/2026", "07/2026", "08/2026", "09/2026"]
    assert month_labels(2026, short=True)[:4] == ["10/25", "11/25", "12/25", "01/26"]
    assert [is_valid_year(y) for y in (None, FIRST_YEAR - 1, FIRST_YEAR, LAST_YEAR, LAST_YEAR + 1)] == [
        False, False, True, True, False]

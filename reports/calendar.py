"""The statistical calendar: year N runs 1/10/N-1 to 30/9/N; reports are cumulative from 1 October.

A period is (year, months): "6 tháng năm 2024" is 01/10/2023 - 31/3/2024. The 3-, 6-, 9- and
12-month periods are the quarterly reports.
"""

import calendar as _calendar
from datetime import date, timedelta
from typing import NamedTuple

from django.utils.translation import gettext as _

QUARTERLY_MONTHS = (3, 6, 9, 12)
# The statistical years the system accepts (forms, filters, commands, targets): a year 0 or 99999
# makes no period.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def is_valid_year(year) -> bool:
    return year is not None and FIRST_YEAR <= year <= LAST_YEAR


def month_labels(year: int, *, short=False) -> list[str]:
    """The twelve months of a statistical year as charts label them: 10/2025 … 09/2026 (10/25 short)."""
    labels = []
    for months in range(1, 13):
        calendar_year = year - 1 if months <= 3 else year
        labels.append(f"{(months + 8) % 12 + 1:02d}/{str(calendar_year)[2:] if short else calendar_year}")
    return labels


def year_start(year: int) -> date:
    return date(year - 1, 10, 1)


def year_end(year: int) -> date:
    return date(year, 9, 30)


def statistical_year(day: date) -> int:
    return day.year + 1 if day.month >= 10 else day.year


def _month_end(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])


def _short(day: date) -> str:
    """The way reports write period bounds: 01/10/2023, 31/3/2024."""
    return f"{day.day:02d}/{day.month}/{day.year}"


class _PeriodFields(NamedTuple):
    year: int
    months: int


class Period(_PeriodFields):
    """A tuple, hashed and compared in C: every case's contributions to the figures are keyed by
    one, some twenty a case (a dataclass's hash and equality were Python calls, a fifth of an
    import's summary differences)."""

    __slots__ = ()

    def __new__(cls, year, months):
        if not 1 <= months <= 12:
            raise ValueError("A cumulative period has 1 to 12 months.")
        return super().__new__(cls, year, months)

    @property
    def start(self) -> date:
        return year_start(self.year)

    @property
    def end(self) -> date:
        month_index = 9 + self.months  # October is the 10th month
        year = self.year - 1 if month_index <= 12 else self.year
        month = month_index if month_index <= 12 else month_index - 12
        return _month_end(year, month)

    @property
    def day_before_start(self) -> date:
        return self.start - timedelta(days=1)

    @property
    def is_quarterly(self) -> bool:
        return self.months in QUARTERLY_MONTHS

    @property
    def previous_year(self) -> "Period":
        return Period(self.year - 1, self.months)

    @property
    def name(self) -> str:
        return _("%(months)s months of %(year)s (%(start)s – %(end)s)") % {
            "months": self.months, "year": self.year, "start": _short(self.start), "end": _short(self.end)
        }

    @property
    def short_name(self) -> str:
        return _("%(months)s months of %(year)s") % {"months": self.months, "year": self.year}

    def __str__(self):
        return self.name


def periods_of_year(year: int) -> list[Period]:
    return [Period(year, months) for months in range(1, 13)]


def period_ending(day: date) -> Period:
    """The cumulative period whose last month contains `day`."""
    year = statistical_year(day)
    months = (day.month - 10) % 12 + 1
    return Period(year, months)


def latest_completed_period(today: date) -> Period:
    """The last period whose end is before today (the month that has fully passed)."""
    return period_ending(today.replace(day=1) - timedelta(days=1))

"""Working days in Vietnam: weekends and public holidays excluded, the Government's swaps included.

The calendar comes from the `holidays` package (Tết and Giỗ Tổ Hùng Vương from the lunar
calendar, substitute days off, and the Saturdays worked in exchange), so that no date is guessed here.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=1)
def _calendar():
    # Years are filled in on first use of a date in them.
    return holidays.country_holidays("VN", language="vi")


def is_working_day(day: date) -> bool:
    return _calendar().is_working_day(day)


def holiday_name(day: date) -> str | None:
    return _calendar().get(day)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


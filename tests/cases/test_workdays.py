"""Working days and the legal clocks, on dates from the Government's published schedules."""

from datetime import date as D
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from cases import clocks
from cases.workdays import add_working_days, is_working_day, next_working_day


def test_tet_and_public_holidays_are_not_working_days():
    # Tết Bính Ngọ 2026: Monday 16/2 to Friday 20/2 off (9 days with the weekends).
    assert not any(is_working_day(D(2026, 2, day)) for day in range(14, 23))
    assert is_working_day(D(2026, 2, 13)) and is_working_day(D(2026, 2, 23))
    # Giỗ Tổ Hùng Vương 2026 (10/3 âm lịch) fell on Sunday 26/4: Monday 27/4 is off instead.
    assert not is_working_day(D(2026, 4, 27))
    assert not is_working_day(D(2026, 4, 30)) and not is_working_day(D(2026, 5, 1))
    assert not is_working_day(D(2026, 9, 2))


def test_a_saturday_worked_in_exchange_is_a_working_day():
    # 2026: Monday 31/8 off before Quốc khánh, worked on Saturday 22/8 instead.
    assert not is_working_day(D(2026, 8, 31))
    assert is_working_day(D(2026, 8, 22))


def test_add_working_days_skips_tet():
    assert add_working_days(D(2026, 2, 12), 1) == D(2026, 2, 13)
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 27)
    assert next_working_day(D(2026, 2, 14)) == D(2026, 2, 23)


def test_first_verification_is_due_twenty_working_days_after_acceptance():
    # Accepted Monday 2/11/2026: 10 working days → 16/11, then 10 more, skipping 24/11 (Ngày Văn hóa
    # Việt Nam, a day off from 2026) → 1/12.
    assert not is_working_day(D(2026, 11, 24))
    assert clocks.first_verification_due(D(2026, 11, 2)) == D(2026, 12, 1)


@given(start=st.dates(D(2024, 1, 1), D(2026, 12, 31)), today=st.dates(D(2024, 3, 1), D(2027, 6, 30)))
def test_overdue_cut_off_matches_the_deadline(start, today):
    for due in (clocks.first_verification_due, clocks.reverification_due):
        cutoff = clocks.latest_overdue_start(today, due)
        assert (due(start) < today) == (start <= cutoff)
        assert due(cutoff) < today <= due(cutoff + timedelta(days=1))

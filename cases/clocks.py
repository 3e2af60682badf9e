"""The legal clocks of a case (domain primer §4) and the cut-off dates that find overdue cases.

Durations are counted in working days (weekends and public holidays excluded) as the dashboards
are asked to; re-verification is counted in months and falls due on the next working day.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

from .models import CaseStatus, Condition, EventKind
from .workdays import add_working_days, next_working_day

VOLUNTARY_WORKING_DAYS = 10      # the debtor's period to comply voluntarily, from acceptance
VERIFICATION_WORKING_DAYS = 10   # the first verification, after the voluntary period
UNABLE_DECISION_WORKING_DAYS = 5  # the formal "chưa có điều kiện" decision, after the verification
REVERIFY_MONTHS = 6              # unable cases are verified again at least this often
VALUATION_WORKING_DAYS = 5       # the valuation contract, after a seizure
AUCTION_CONTRACT_WORKING_DAYS = 10  # the auction contract, after the valuation


def first_verification_due(accepted_on: date) -> date:
    return add_working_days(add_working_days(accepted_on, VOLUNTARY_WORKING_DAYS), VERIFICATION_WORKING_DAYS)


def reverification_due(last_verified_on: date) -> date:
    return next_working_day(last_verified_on + relativedelta(months=REVERIFY_MONTHS))


@lru_cache(maxsize=64)
def latest_overdue_start(today: date, due) -> date:
    """The latest start date whose deadline `due(start)` is before `today`.

    `due` never decreases as the start grows, so a case is overdue exactly when its start date is
    on or before this one: a list filters overdue cases with one comparison on a date column.
    """
    day = today - timedelta(days=1)
    while due(day) >= today:
        day -= timedelta(days=1)
    return day


@dataclass
class Clock:
    label: str
    started_on: date
    due_on: date
    done_on: date | None

    @property
    def late(self) -> bool:
        return self.done_on is not None and self.done_on > self.due_on

    def overdue_on(self, today: date) -> bool:
        return self.done_on is None and self.due_on < today


def case_clocks(case, events, today: date) -> list[Clock]:
    """The clocks that apply to a case, given its events in timeline order."""
    clocks = []
    first = {}
    for event in events:
        first.setdefault(event.kind, event)
    verify = first.get(EventKind.VERIFY)
    clocks.append(Clock(_("First verification"), case.accepted_on, first_verification_due(case.accepted_on),
                        verify.effective_date if verify else None))
    classify = first.get(EventKind.CLASSIFY)
    if verify is not None:
        clocks.append(Clock(_("Classification after the verification"), verify.effective_date,
                            add_working_days(verify.effective_date, UNABLE_DECISION_WORKING_DAYS),
                            classify.effective_date if classify else None))
    is_open = case.status in CaseStatus.open_values()
    if (is_open and case.condition == Condition.UNABLE and not case.in_separate_register
            and case.last_verified_on is not None):
        clocks.append(Clock(_("Re-verification of an unable case"), case.last_verified_on,
                            reverification_due(case.last_verified_on), None))
    seize, value = first.get(EventKind.SEIZE), first.get(EventKind.VALUE)
    if seize is not None:
        clocks.append(Clock(_("Valuation after the seizure"), seize.effective_date,
                            add_working_days(seize.effective_date, VALUATION_WORKING_DAYS),
                            value.effective_date if value else None))
    if value is not None:
        auction = first.get(EventKind.AUCTION)
        clocks.append(Clock(_("Auction after the valuation"), value.effective_date,
                            add_working_days(value.effective_date, AUCTION_CONTRACT_WORKING_DAYS),
                            auction.effective_date if auction else None))
    if not is_open:
        # A closed case stops the clocks still running: what was never done is no longer due.
        clocks = [c for c in clocks if c.done_on is not None]
    return clocks

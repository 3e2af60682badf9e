"""The lists leaders watch (domain primer §7): one definition each, used by the dashboard's counts
and by the case list's `focus` filter, so a count and the list behind it can never differ."""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from . import clocks
from .models import CaseStatus, Condition
from .workdays import add_working_days

CREDIT_LARGE_REMAINING = 500_000_000  # đồng: "tín dụng trên 500 triệu"
LARGE_REMAINING = 1_000_000_000       # đồng: what the dashboard calls a large remaining amount
IDLE_DAYS = 90
DUE_SOON_WORKING_DAYS = 3

OPEN = Q(status__in=CaseStatus.open_values())
ACTIVE_ABLE = Q(status=CaseStatus.ACTIVE, condition=Condition.ABLE)


@dataclass(frozen=True)
class Focus:
    key: str
    label: str
    sort: str  # the case list's sort when opened from the dashboard

    def condition(self, today: date) -> Q:
        return _CONDITIONS[self.key](today)


def _backlog(today):
    return ACTIVE_ABLE & Q(decision_date__lt=today - relativedelta(years=1))


def _credit_large(today):
    return OPEN & Q(is_credit_institution=True, remaining_amount__gt=CREDIT_LARGE_REMAINING)


def _complaints(today):
    return Q(open_complaints__gt=0)


def _large(today):
    return OPEN & Q(remaining_amount__gte=LARGE_REMAINING)


def _verification_overdue(today):
    cutoff = clocks.latest_overdue_start(today, clocks.first_verification_due)
    return Q(status=CaseStatus.ACTIVE, last_verified_on__isnull=True, accepted_on__lte=cutoff)


def _reverification_overdue(today):
    cutoff = clocks.latest_overdue_start(today, clocks.reverification_due)
    return (Q(status=CaseStatus.ACTIVE, condition=Condition.UNABLE, in_separate_register=False)
            & (Q(last_verified_on__lte=cutoff) | Q(last_verified_on__isnull=True)))


def _idle(today):
    # The separate register is expected to be quiet: those cases are followed separately.
    return OPEN & Q(in_separate_register=False, last_event_on__lte=today - timedelta(days=IDLE_DAYS))


def _verification_due_soon(today):
    """First verification falls due within DUE_SOON_WORKING_DAYS (not overdue yet)."""
    overdue_from = clocks.latest_overdue_start(today, clocks.first_verification_due)
    soon_until = clocks.latest_overdue_start(add_working_days(today, DUE_SOON_WORKING_DAYS) + timedelta(days=1),
                                             clocks.first_verification_due)
    return Q(status=CaseStatus.ACTIVE, last_verified_on__isnull=True, accepted_on__gt=overdue_from,
             accepted_on__lte=soon_until)


def _able_remaining(today):
    return ACTIVE_ABLE & Q(remaining_amount__gt=0)


_CONDITIONS = {
    "verification_due_soon": _verification_due_soon,
    "able_remaining": _able_remaining,
    "backlog": _backlog,
    "credit_large": _credit_large,
    "complaints": _complaints,
    "large": _large,
    "verification_overdue": _verification_overdue,
    "reverification_overdue": _reverification_overdue,
    "idle": _idle,
}

FOCUS_LISTS = (
    Focus("backlog", _("Able, unfinished more than a year after the decision"), "decision_date"),
    Focus("credit_large", _("Credit institutions, more than 500 million remaining"), "-remaining"),
    Focus("complaints", _("With open complaints"), "-decision_date"),
    Focus("large", _("Largest remaining amounts (1 billion and more)"), "-remaining"),
    Focus("verification_overdue", _("First verification overdue"), "accepted_on"),
    Focus("reverification_overdue", _("Re-verification of unable cases overdue"), "accepted_on"),
    Focus("idle", _("No event for 90 days"), "accepted_on"),
)
# The lists of a person's own work (casework's workspace) beside the leaders' ones: what falls due
# soon, and where money can be collected.
WORK_LISTS = (
    Focus("verification_due_soon", _("First verification due within 3 working days"), "accepted_on"),
    Focus("able_remaining", _("Able, money still to collect"), "-remaining"),
)
BY_KEY = {f.key: f for f in (*FOCUS_LISTS, *WORK_LISTS)}
CHOICES = [(f.key, f.label) for f in FOCUS_LISTS]
ALL_CHOICES = [(f.key, f.label) for f in (*FOCUS_LISTS, *WORK_LISTS)]
# A person's own work, most urgent first: what is overdue, then due, then where money waits.
WORK_ORDER = ("verification_overdue", "reverification_overdue", "complaints", "verification_due_soon",
              "able_remaining", "idle", "backlog")


def counts(cases, today: date) -> dict:
    """{key: number of cases} of every focus list among `cases`, in one query."""
    return cases.aggregate(**_counters(today))


def counts_by_agency(cases, today: date) -> dict:
    """{agency id: {key: number of cases}} among `cases`, in one grouped query."""
    keys = [f.key for f in FOCUS_LISTS]
    rows = cases.order_by().values("agency_id").annotate(**_counters(today))
    return {row["agency_id"]: {key: row[key] for key in keys} for row in rows}


def _counters(today):
    return {f.key: Count("pk", filter=f.condition(today)) for f in FOCUS_LISTS}

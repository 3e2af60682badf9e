"""Closing a period (chốt số liệu) and guarding closed periods against late events."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.recorder import followed
from cases.models import Agency, AgencySuccession
from cases.permissions import can_close_periods, can_enter_late
from thads.formatting import date as fmt_date

from .calendar import Period
from .models import LateEntry, PeriodClosing


@transaction.atomic
def period_close(*, agency: Agency, period: Period, user, today) -> PeriodClosing:
    """Freeze the figures of `agency` for `period` as published by `user` (its leadership)."""
    from . import summaries
    from .engine import compute

    if problem := close_refusal(agency=agency, period=period, user=user, today=today):
        raise problem
    summaries.fill_missing({period.year, period.year - 1}, today=today)
    snapshot = compute(agency, period, live=True)
    if "officer" not in snapshot["breakdowns"]:
        # Published with both breakdowns, so a report by officer of a closed period is the closed one too.
        snapshot["breakdowns"]["officer"] = compute(agency, period, by="officer", live=True)["breakdowns"]["officer"]
    try:
        with transaction.atomic():
            closing = PeriodClosing.objects.create(agency=agency, year=period.year, months=period.months,
                                                   period_end=period.end, closed_by=user, snapshot=snapshot)
    except IntegrityError:
        raise ValidationError({"period": _("%(period)s is already closed.") % {"period": period.short_name}}) from None
    followed(created=[closing])
    return closing


def close_refusal(*, agency, period, user, today) -> Exception | None:
    """Why `user` cannot close `period` of `agency` (PermissionDenied or ValidationError), or None:
    asked before the figures to be frozen are shown for confirmation, and again when closing."""
    if not can_close_periods(user) or user.agency_id != agency.pk:
        return PermissionDenied(_("Only the leadership of an agency can close its periods."))
    if period.end >= today:
        return ValidationError({"period": _("%(period)s has not ended yet.") % {"period": period.short_name}})
    if PeriodClosing.objects.filter(agency=agency, year=period.year, months=period.months).exists():
        return ValidationError({"period": _("%(period)s is already closed.") % {"period": period.short_name}})
    return None


def containing_agency_ids(agency_ids) -> set:
    """Agencies whose figures include cases held by `agency_ids`: their ancestors, and the
    ancestors of everything that succeeded them."""
    ids, frontier = set(agency_ids), set(agency_ids)
    while frontier:
        frontier = set(AgencySuccession.objects.filter(predecessor_id__in=frontier)
                       .values_list("successor_id", flat=True)) - ids
        ids |= frontier
    paths = Agency.objects.filter(pk__in=ids).values_list("path", flat=True)
    prefixes = {path[:end] for path in paths for end in range(4, len(path) + 1, 4)}
    return set(Agency.objects.filter(path__in=prefixes).values_list("pk", flat=True))


def closings_hit(agency_ids, effective_date):
    """Closed periods whose published figures an event of that date would change."""
    return list(PeriodClosing.objects.filter(agency_id__in=containing_agency_ids(agency_ids),
                                             period_end__gte=effective_date).select_related("agency"))


def closed_period_message(latest: PeriodClosing, effective_date) -> str:
    return _(
        "The figures of %(period)s of %(agency)s were closed on %(closed)s; an event dated %(date)s would "
        "change them. Only an administrator can accept it, with a reason."
    ) % {"period": Period(latest.year, latest.months).short_name, "agency": latest.agency.name,
         "closed": fmt_date(latest.closed_at.date()), "date": fmt_date(effective_date)}


def guard_closed_periods(*, agency_ids, effective_date, user, late_reason) -> list:
    """Refuse an event inside a closed period, unless an administrator gives a reason.

    Returns the closings an accepted late event affects (to be recorded with it).
    """
    hit = closings_hit(agency_ids, effective_date)
    if not hit:
        return []
    if not late_reason:
        latest = max(hit, key=lambda c: c.period_end)
        raise ValidationError({"effective_date": closed_period_message(latest, effective_date)})
    if not can_enter_late(user):
        raise ValidationError({"late_reason": _("Only an administrator can accept an event inside a closed period.")})
    return hit


class ClosedPeriods:
    """The closed-period rule for many events at once (imports, which take no late reason): one
    lookup per set of agencies instead of one per event."""

    def __init__(self):
        self._latest = {}

    def refusal(self, agency_ids, effective_date) -> str | None:
        key = frozenset(agency_ids)
        if key not in self._latest:
            self._latest[key] = (PeriodClosing.objects.filter(agency_id__in=containing_agency_ids(key))
                                 .select_related("agency").order_by("-period_end").first())
        latest = self._latest[key]
        if latest is None or effective_date > latest.period_end:
            return None
        return closed_period_message(latest, effective_date)


def late_entry_record(*, event, closings, reason, user) -> LateEntry:
    entry = LateEntry.objects.create(event=event, reason=reason, accepted_by=user)
    entry.closings.set(closings)
    PeriodClosing.objects.filter(pk__in=[c.pk for c in closings]).update(live_differs=True)
    followed(created=[entry])
    return entry


__all__ = ["ClosedPeriods", "closings_hit", "guard_closed_periods", "late_entry_record", "period_close"]

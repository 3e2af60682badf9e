"""Closing a period (chốt số liệu) and guarding closed periods against late events."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.recorder import followed, values_of
from cases.models import Agency, AgencySuccession
from cases.permissions import can_close_periods, can_enter_late
from cases.scoping import agency_scope_ids, visible_agency_ids
from thads.formatting import date as fmt_date

from . import summaries
from .calendar import Period
from .engine import compute
from .models import LateEntry, PeriodClosing


@transaction.atomic
def period_close(*, agency: Agency, period: Period, user, today) -> PeriodClosing:
    """Freeze the figures of `agency` for `period` as published by `user` (its leadership), and
    those of every unit below it at the period's end (each its own snapshot, so that a unit's pages
    and reports show the numbers its province published)."""
    if problem := close_refusal(agency=agency, period=period, user=user, today=today):
        raise problem
    summaries.fill_missing({period.year, period.year - 1}, today=today)
    try:
        with transaction.atomic():
            closing = _closing(agency, period, user)
            parts = [_closing(unit, period, user, part_of=closing) for unit in closed_with(agency, period)]
    except IntegrityError:  # closed at the same moment by someone else
        raise ValidationError({"period": _("%(period)s is already closed.") % {"period": period.short_name}}) from None
    followed(created=[closing, *parts])
    return closing


def closed_with(agency, period: Period) -> list:
    """The units a closing of `agency` closes with it: those of its scope that existed at the
    period's end (its units then, or its predecessors' for a period before it existed), but
    not those already closed on their own."""
    already = PeriodClosing.objects.published().filter(year=period.year, months=period.months).values("agency_id")
    return list(Agency.objects.filter(pk__any_of=agency_scope_ids(agency.pk)).valid_on(period.end)
                .exclude(pk=agency.pk).exclude(pk__in=already).order_by("path"))


def _closing(agency, period, user, part_of=None) -> PeriodClosing:
    snapshot = compute(agency, period, live=True)
    if "officer" not in snapshot["breakdowns"]:
        # Published with both breakdowns, so a report by officer of a closed period is the closed one too.
        snapshot["breakdowns"]["officer"] = compute(agency, period, by="officer", live=True)["breakdowns"]["officer"]
    return closing_record(agency, period, user, snapshot, part_of=part_of)


def closing_record(agency, period: Period, user, snapshot, *, part_of=None, imported_from="") -> PeriodClosing:
    """The closing row: the next version of the agency's period (the earlier ones stay, reopened)."""
    version = 1 + PeriodClosing.objects.filter(agency=agency, year=period.year, months=period.months).count()
    return PeriodClosing.objects.create(agency=agency, year=period.year, months=period.months, period_end=period.end,
                                        version=version, part_of=part_of, closed_by=user, snapshot=snapshot,
                                        imported_from=imported_from[:200])


def close_refusal(*, agency, period, user, today) -> Exception | None:
    """Why `user` cannot close `period` of `agency` (PermissionDenied or ValidationError), or None:
    asked before the figures to be frozen are shown for confirmation, and again when closing."""
    if not can_close_periods(user) or user.agency_id != agency.pk:
        return PermissionDenied(_("Only the leadership of an agency can close its periods."))
    if period.end >= today:
        return ValidationError({"period": _("%(period)s has not ended yet.") % {"period": period.short_name}})
    if PeriodClosing.objects.published().filter(agency=agency, year=period.year, months=period.months).exists():
        return ValidationError({"period": _("%(period)s is already closed.") % {"period": period.short_name}})
    return None


@transaction.atomic
def period_reopen(*, closing: PeriodClosing, user, reason: str) -> list:
    """Reopen a published closing, and the units' closings made with it: an administrator's act,
    with its reason recorded. The closings stay (the versions published); the next closing is a new one."""
    if not can_enter_late(user) or closing.agency_id not in visible_agency_ids(user):
        raise PermissionDenied(_("Only an administrator of the agency can reopen a closed period."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reopening the period.")})
    if closing.part_of_id is not None:
        raise ValidationError({"reason": _("These figures were closed with those of %(agency)s: reopen that closing.")
                               % {"agency": closing.part_of.agency.name}})
    closings = list(PeriodClosing.objects.select_for_update().published()
                    .filter(Q(pk=closing.pk) | Q(part_of=closing)))
    if not any(c.pk == closing.pk for c in closings):
        raise ValidationError({"reason": _("This closing has already been reopened.")})
    before = {c.pk: values_of(c) for c in closings}
    now = timezone.now()
    for c in closings:
        c.reopened_at, c.reopened_by, c.reopen_reason = now, user, reason
    PeriodClosing.objects.bulk_update(closings, ["reopened_at", "reopened_by", "reopen_reason"])
    followed(updated=[(c, before[c.pk]) for c in closings])
    return closings


def closing_versions(agency, period: Period) -> list:
    """Every closing of the agency's period, the one in force first, then the earlier versions."""
    return list(PeriodClosing.objects.filter(agency=agency, year=period.year, months=period.months)
                .select_related("closed_by", "reopened_by", "part_of__agency").order_by("-version"))


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
    return list(PeriodClosing.objects.guarding().filter(agency_id__in=containing_agency_ids(agency_ids),
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
            self._latest[key] = (PeriodClosing.objects.guarding().filter(agency_id__in=containing_agency_ids(key))
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


__all__ = ["ClosedPeriods", "closing_record", "closing_versions", "closings_hit", "guard_closed_periods", "late_entry_record",
           "period_close", "period_reopen"]

"""Writes to the tree of agencies: units created, changed (renamed, ended) and linked to the units
whose work they took over. Each function is one transaction; the pages, the file load and the
restructure call these.

Every rule is here, with a Vietnamese message keyed by the field that caused it: a unique code,
the level below its parent, dates inside the parent's, no unit twice under the same name at the
same time, no unit ended while it still holds open cases, people or units, a link only from a unit
ended the day before to one operating that day, never in a circle. A refused write leaves the
tree exactly as it was.
"""

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from audit.recorder import followed, values_of
from cases.models import (
    Agency,
    AgencySuccession,
    Case,
    CaseEvent,
    CommitteeItem,
    CommitteeItemStatus,
    EventKind,
    FollowedJudgment,
    Officer,
    User,
)
from cases.models.agency import path_index, path_segment
from thads.formatting import date as fmt_date
from thads.formatting import integer

CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,31}$")
# The dates a unit's span may hold: a day before or after these is a typing mistake.
EARLIEST, LATEST = date(1900, 1, 1), date(2099, 12, 31)
LEVEL_BELOW = {Agency.Level.CENTRAL: Agency.Level.PROVINCIAL, Agency.Level.PROVINCIAL: Agency.Level.LOCAL}
# What a unit may change after it is created; its code is its identity in every file and import.
CHANGEABLE = ("name", "short_name", "valid_from", "valid_to")


def clean_code(code) -> str:
    return (code or "").strip().upper()


def level_under(parent) -> str | None:
    """The level of a unit created under `parent` (none under a regional office or Chi cục)."""
    return LEVEL_BELOW.get(parent.level) if parent is not None else Agency.Level.CENTRAL


def _next_path(parent) -> str:
    siblings = Agency.objects.filter(parent=parent) if parent else Agency.objects.filter(parent__isnull=True)
    last = siblings.order_by("-path").values_list("path", flat=True).first()
    prefix = parent.path if parent else ""
    return prefix + path_segment(path_index(last[len(prefix):]) + 1 if last else 1)


def _span(agency) -> str:
    start = fmt_date(agency.valid_from)
    return f"{start} – {fmt_date(agency.valid_to)}" if agency.valid_to else _("from %(date)s") % {"date": start}


def _overlapping(queryset, valid_from, valid_to):
    """The rows of `queryset` valid on some day of [valid_from, valid_to] (open-ended when None)."""
    rows = queryset.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    return rows.filter(valid_from__lte=valid_to) if valid_to else rows


def date_range_message() -> str:
    return _("Write a date from %(first)s to %(last)s.") % {"first": fmt_date(EARLIEST), "last": fmt_date(LATEST)}


def _span_problems(agency) -> dict:
    """The rules of a unit's own fields and of its place under its parent."""
    errors = {}
    for field in ("valid_from", "valid_to"):
        day = getattr(agency, field)
        if day is not None and not EARLIEST <= day <= LATEST:
            errors[field] = date_range_message()
    if errors:
        return errors
    parent = agency.parent
    if not CODE.match(agency.code or ""):
        errors["code"] = _("Write the code with capital letters, digits, “-”, “_” or “.”, at most 32 characters "
                           "(for example PTHADS-LAOCAI-KV03).")
    elif Agency.objects.filter(code=agency.code).exclude(pk=agency.pk).exists():
        errors["code"] = _("The code %(code)s is already used by another agency.") % {"code": agency.code}
    if parent is not None and agency.level != LEVEL_BELOW.get(parent.level):
        errors["parent"] = _("A regional office (or Chi cục) has no units below it.") if (
            parent.level == Agency.Level.LOCAL) else _("This unit does not belong at this level.")
    if agency.valid_to and agency.valid_from and agency.valid_to < agency.valid_from:
        errors["valid_to"] = _("The last day of validity cannot be before the first.")
    if parent is not None and agency.valid_from:
        if agency.valid_from < parent.valid_from:
            errors["valid_from"] = _("%(parent)s operated only %(span)s: a unit under it cannot start before.") % {
                "parent": parent.name, "span": _span(parent)}
        if parent.valid_to and (agency.valid_to is None or agency.valid_to > parent.valid_to):
            errors["valid_to"] = _("%(parent)s ended on %(date)s: a unit under it ends on that day or before.") % {
                "parent": parent.name, "date": fmt_date(parent.valid_to)}
    if "valid_to" not in errors and agency.name and agency.valid_from:
        twin = _overlapping(Agency.objects.filter(parent=parent, name__iexact=agency.name.strip()),
                            agency.valid_from, agency.valid_to).exclude(pk=agency.pk).first()
        if twin is not None:
            errors["name"] = _("%(name)s (%(code)s) already operates under the same parent over these dates "
                               "(%(span)s).") % {"name": twin.name, "code": twin.code, "span": _span(twin)}
    return errors


def _held_problems(agency) -> dict:
    """The rules of a stored unit whose dates change: what it holds must stay inside them."""
    errors = {}
    start, end = agency.valid_from, agency.valid_to
    children = Agency.objects.filter(parent=agency)
    early = children.filter(valid_from__lt=start).first()
    if early is not None:
        errors["valid_from"] = _("%(unit)s under it starts on %(date)s, before this date.") % {
            "unit": early.name, "date": fmt_date(early.valid_from)}
    events = CaseEvent.objects.filter(Q(agency=agency) | Q(to_agency=agency))
    first = events.filter(effective_date__lt=start).order_by("effective_date").first()
    if first is not None:
        errors["valid_from"] = _("The register has an entry of this unit on %(date)s, before this date.") % {
            "date": fmt_date(first.effective_date)}
    problems = []
    for link in AgencySuccession.objects.filter(predecessor=agency).select_related("successor"):
        if end is None or link.effective_date != end + timedelta(days=1):
            problems.append(_("%(successor)s took over its work on %(date)s: it ends the day before.") % {
                "successor": link.successor.name, "date": fmt_date(link.effective_date)})
    if end is None:
        if problems:
            errors["valid_to"] = " ".join(problems)
        return errors
    late = children.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=end)).first()
    if late is not None:
        problems.append(_("%(unit)s under it still operates after that day: end it first.") % {"unit": late.name})
    open_cases = Case.objects.filter(agency=agency).open().count()
    if open_cases:
        problems.append(_("It still holds %(count)s open cases: hand them over first (a restructure moves them "
                          "with a handover each).") % {"count": integer(open_cases)})
    before_committee = CommitteeItem.objects.filter(committee=agency, status=CommitteeItemStatus.OPEN).count()
    if before_committee:
        problems.append(_("%(count)s cases are still before its steering committee: a restructure gives them to "
                          "its successor's.") % {"count": integer(before_committee)})
    followed_judgments = FollowedJudgment.objects.filter(agency=agency).still_followed().count()
    if followed_judgments:
        problems.append(_("It still follows %(count)s administrative judgments: a restructure gives them to its "
                          "successor.") % {"count": integer(followed_judgments)})
    # The handovers of its restructure are dated the day after its last, by the unit handing over.
    after = events.filter(effective_date__gt=end).exclude(kind=EventKind.HANDOVER, agency=agency,
                                                          effective_date=end + timedelta(days=1))
    last = after.order_by("-effective_date").first()
    if last is not None:
        problems.append(_("The register has an entry of this unit on %(date)s, after that day.") % {
            "date": fmt_date(last.effective_date)})
    officers = Officer.objects.filter(agency=agency, is_active=True).count()
    users = User.objects.filter(agency=agency, is_active=True).count()
    if officers or users:
        problems.append(_("%(officers)s enforcement officers and %(users)s accounts still work there: move them to "
                          "another unit first.") % {"officers": integer(officers), "users": integer(users)})
    if problems:
        errors["valid_to"] = " ".join(problems)
    return errors


def _succession_start_problems(agency) -> dict:
    for link in AgencySuccession.objects.filter(successor=agency).select_related("predecessor"):
        if agency.valid_from > link.effective_date:
            return {"valid_from": _("It took over the work of %(unit)s on %(date)s: it starts on that day or "
                                    "before.") % {"unit": link.predecessor.name, "date": fmt_date(link.effective_date)}}
    return {}


def _check(agency, *, dates_changed: bool):
    """Every rule of the unit as it would be saved; what it holds is asked about only when its
    dates change (a new unit holds nothing)."""
    errors = {}
    try:
        agency.full_clean(exclude=["path", "depth", "code"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors.update({field: " ".join(messages) for field, messages in error.message_dict.items()})
    for field, message in _span_problems(agency).items():
        errors.setdefault(field, message)
    if dates_changed and "valid_from" not in errors and "valid_to" not in errors:
        for field, message in {**_succession_start_problems(agency), **_held_problems(agency)}.items():
            errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def agency_create(*, code, name, short_name, valid_from, parent=None, valid_to=None, level=None) -> Agency:
    """A new unit under `parent`, at the level below it (the central tier has none)."""
    if parent is not None:
        # One new path under it at a time; FOR NO KEY UPDATE, which the rows naming it (an import's
        # foreign keys, checked as it writes) do not wait for, nor it for them.
        parent = Agency.objects.select_for_update(no_key=True).get(pk=parent.pk)
    agency = Agency(code=clean_code(code), name=(name or "").strip(), short_name=(short_name or "").strip(),
                    level=level or level_under(parent) or "", parent=parent, valid_from=valid_from,
                    valid_to=valid_to, depth=(parent.depth + 1) if parent else 1)
    _check(agency, dates_changed=False)
    agency.path = _next_path(parent)
    agency.save()
    followed(created=[agency])
    return agency


@transaction.atomic
def agency_change(*, agency, **values) -> Agency:
    """Rename a unit, change its dates or end it (`valid_to`), under every rule above."""
    unknown = set(values) - set(CHANGEABLE)
    if unknown:
        raise TypeError(f"Not changeable: {sorted(unknown)}")
    locked = Agency.objects.select_for_update(no_key=True).get(pk=agency.pk)  # beside imports naming it
    recorded_before = values_of(locked)
    values = {f: v.strip() if isinstance(v, str) else v for f, v in values.items()}
    changed = [f for f, v in values.items() if getattr(locked, f) != v]
    if not changed:
        return locked
    for field in changed:
        setattr(locked, field, values[field])
    _check(locked, dates_changed=bool({"valid_from", "valid_to"} & set(changed)))
    locked.save(update_fields=changed)
    followed(updated=[(locked, recorded_before)])
    return locked


def _predecessors_of(agency_ids) -> set:
    """Every unit whose work reached these, directly or through others."""
    seen, frontier = set(), set(agency_ids)
    while frontier:
        frontier = set(AgencySuccession.objects.filter(successor_id__in=frontier)
                       .values_list("predecessor_id", flat=True)) - seen
        seen |= frontier
    return seen


def succession_problems(*, predecessor, successor, effective_date) -> list:
    """Why `successor` cannot be said to take over the work of `predecessor` on `effective_date`."""
    names = {"unit": predecessor.name, "successor": successor.name, "date": fmt_date(effective_date)}
    if predecessor.pk == successor.pk:
        return [_("A unit cannot take over its own work.")]
    problems = []
    if predecessor.level != successor.level:
        problems.append(_("%(unit)s and %(successor)s are not at the same level.") % names)
    if predecessor.valid_to is None or predecessor.valid_to != effective_date - timedelta(days=1):
        problems.append(_("%(unit)s must end on the day before %(date)s.") % names)
    if not successor.is_valid_on(effective_date):
        problems.append(_("%(successor)s does not operate on %(date)s.") % names)
    if successor.pk in _predecessors_of({predecessor.pk}):
        problems.append(_("%(successor)s is already among the units whose work %(unit)s took over: the links "
                          "would go round in a circle.") % names)
    return problems


@transaction.atomic
def agency_succession_add(*, predecessor, successor, kind, effective_date) -> AgencySuccession:
    """`successor` took over the work of `predecessor` (ended the day before) on `effective_date`."""
    problems = succession_problems(predecessor=predecessor, successor=successor, effective_date=effective_date)
    if problems:
        raise ValidationError({"predecessors": " ".join(problems)})
    link = AgencySuccession(predecessor=predecessor, successor=successor, kind=kind, effective_date=effective_date)
    try:
        link.full_clean()
    except ValidationError as error:
        raise ValidationError({"predecessors": " ".join(error.messages)}) from None
    link.save()
    followed(created=[link])
    return link

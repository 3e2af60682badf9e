"""Writes to the steering committee's case list (domain primer §12): a case brought before the
provincial committee, its meetings, their conclusions and what happened after.

Each function is one transaction and checks every rule with a Vietnamese message keyed by the
field that caused it; a refused write leaves the database as it was. What follows every write
(the change history, the data version) is `audit.recorder.followed`, called by each.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.recorder import followed, values_of
from cases.models import (
    Agency,
    Case,
    CommitteeCategory,
    CommitteeConclusion,
    CommitteeItem,
    CommitteeItemStatus,
    CommitteeMeeting,
)
from cases.models.agency import PROVINCE_PATH
from thads.formatting import date as fmt_date
from thads.today import local_today

ITEM_FIELDS = ("category", "obstacle", "help_needed", "proposal", "planned_on")


def committee_of(agency) -> Agency:
    """The province whose committee hears a unit's cases."""
    if agency.level == Agency.Level.PROVINCIAL:
        return agency
    return Agency.objects.get(path=agency.path[:PROVINCE_PATH])


def _check_item(item, *, today):
    errors = {}
    subject = item.subject
    if item.category == CommitteeCategory.THAHC and item.case_id:
        errors["category"] = _("This category is for administrative judgments not complied with.")
    if item.planned_on and item.planned_on < item.brought_on:
        errors["planned_on"] = _("The planned date cannot be before the day the case is brought.")
    if errors:
        raise ValidationError(errors)
    return subject


def _lock(model, obj, expected_version):
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(_("Someone else changed this while you were editing it. Reload it and try again."),
                              code="conflict")
    return locked


@transaction.atomic
def item_bring(*, case=None, judgment=None, brought_by=None, today=None, **fields) -> CommitteeItem:
    """Put an open case or a followed judgment on its province's committee list."""
    today = today or local_today()
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    subject = case or judgment
    if (case is None) == (judgment is None):
        raise TypeError("One case or one judgment.")
    if isinstance(subject, Case) and not subject.is_open:
        raise ValidationError(_("The case is closed: there is nothing left for the committee to move."))
    if judgment is not None and not judgment.is_open:
        raise ValidationError(_("The judgment is no longer followed: there is nothing left for the committee to move."))
    start = case.accepted_on if case is not None else judgment.received_on
    if today < start:
        raise ValidationError({"brought_on": _("The case cannot be brought before it was accepted or received "
                                               "(%(date)s).") % {"date": fmt_date(start)}})
    item = CommitteeItem(committee=committee_of(subject.agency), case=case, judgment=judgment, brought_on=today,
                         brought_by=brought_by, **fields)
    item.full_clean(exclude=["committee", "case", "judgment", "brought_by", "version"], validate_unique=False,
                    validate_constraints=False)
    _check_item(item, today=today)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:  # the partial unique constraint: already on the list
        raise ValidationError(_("This case is already on the committee's list.")) from exc
    followed(created=[item])
    return item


@transaction.atomic
def item_change(item, *, expected_version=None, today=None, **fields) -> CommitteeItem:
    today = today or local_today()
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    locked = _lock(CommitteeItem, item, expected_version)
    if locked.status != CommitteeItemStatus.OPEN:
        raise ValidationError(_("The case is no longer before the committee."))
    before = values_of(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["committee", "case", "judgment", "brought_by", "version"], validate_unique=False,
                      validate_constraints=False)
    _check_item(locked, today=today)
    locked.version += 1
    locked.save()
    followed(updated=[(locked, before)])
    return locked


@transaction.atomic
def item_close(item, *, status, closed_on, outcome, expected_version=None, today=None) -> CommitteeItem:
    """Resolved (what the committee was asked to move has moved), or taken off the list; with what happened."""
    today = today or local_today()
    locked = _lock(CommitteeItem, item, expected_version)
    if locked.status != CommitteeItemStatus.OPEN:
        raise ValidationError(_("The case is no longer before the committee."))
    if status not in (CommitteeItemStatus.RESOLVED, CommitteeItemStatus.WITHDRAWN):
        raise ValidationError({"status": _("Choose resolved or taken off the list.")})
    if closed_on > today:
        raise ValidationError({"closed_on": _("The date cannot be in the future.")})
    if closed_on < locked.brought_on:
        raise ValidationError({"closed_on": _("The date cannot be before the case was brought (%(date)s).") % {
            "date": fmt_date(locked.brought_on)}})
    if not outcome.strip():
        raise ValidationError({"outcome": _("Say what happened.")})
    before = values_of(locked)
    locked.status, locked.closed_on, locked.outcome = status, closed_on, outcome.strip()
    locked.version += 1
    locked.save()
    followed(updated=[(locked, before)])
    return locked


@transaction.atomic
def item_transfer(item, *, committee) -> CommitteeItem:
    """A case before a province's committee goes before its successor's (a restructure of provinces);
    the old committee's meetings and conclusions stay where they were held."""
    if committee.level != Agency.Level.PROVINCIAL:
        raise ValidationError(_("A steering committee is a province's."))
    locked = CommitteeItem.objects.select_for_update().get(pk=item.pk)
    before = values_of(locked)
    locked.committee = committee
    locked.version += 1
    locked.save()
    followed(updated=[(locked, before)])
    return locked


# --- meetings ---------------------------------------------------------------------------------

MEETING_FIELDS = ("held_on", "kind", "chaired_by", "members_present", "procuracy", "papers_sent_on", "note")


@transaction.atomic
def meeting_record(*, committee, recorded_by=None, today=None, **fields) -> CommitteeMeeting:
    today = today or local_today()
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    if committee.level != Agency.Level.PROVINCIAL:
        raise ValidationError(_("A steering committee is a province's."))
    meeting = CommitteeMeeting(committee=committee, recorded_by=recorded_by, **fields)
    meeting.full_clean(exclude=["committee", "recorded_by"])
    errors = {}
    if meeting.held_on > today:
        errors["held_on"] = _("Record a meeting once it has been held.")
    elif not committee.is_valid_on(meeting.held_on):
        errors["held_on"] = _("%(agency)s was not operating on %(date)s.") % {
            "agency": committee.name, "date": fmt_date(meeting.held_on)}
    if meeting.papers_sent_on and meeting.papers_sent_on > meeting.held_on:
        errors["papers_sent_on"] = _("The papers are sent before the meeting.")
    if errors:
        raise ValidationError(errors)
    meeting.save()
    followed(created=[meeting])
    return meeting


@transaction.atomic
def conclusion_add(*, meeting, item, content, lead_agency, deadline) -> CommitteeConclusion:
    """The committee's conclusion on a case at a meeting."""
    errors = {}
    if item.committee_id != meeting.committee_id:
        errors["item"] = _("The case is before another province's committee.")
    elif item.brought_on > meeting.held_on:
        errors["item"] = _("The case was brought to the committee after this meeting (%(date)s).") % {
            "date": fmt_date(item.brought_on)}
    elif item.status != CommitteeItemStatus.OPEN and item.closed_on and item.closed_on < meeting.held_on:
        errors["item"] = _("The case had left the committee's list before this meeting.")
    if deadline < meeting.held_on:
        errors["deadline"] = _("The deadline cannot be before the meeting.")
    conclusion = CommitteeConclusion(meeting=meeting, item=item, content=content.strip(),
                                     lead_agency=lead_agency.strip(), deadline=deadline)
    if not conclusion.content:
        errors["content"] = _("Write the conclusion.")
    if not conclusion.lead_agency:
        errors["lead_agency"] = _("Name the agency that leads it.")
    if errors:
        raise ValidationError(errors)
    if CommitteeConclusion.objects.filter(meeting=meeting, item=item).exists():
        raise ValidationError({"item": _("This meeting already has a conclusion on this case.")})
    conclusion.save()
    followed(created=[conclusion])
    return conclusion


@transaction.atomic
def conclusion_follow_up(conclusion, *, done_on=None, follow_up="", today=None) -> CommitteeConclusion:
    """What happened after a conclusion: when it was carried out (empty while it is not), and how."""
    today = today or local_today()
    locked = CommitteeConclusion.objects.select_for_update().select_related("meeting").get(pk=conclusion.pk)
    errors = {}
    if done_on is not None and done_on > today:
        errors["done_on"] = _("The date cannot be in the future.")
    elif done_on is not None and done_on < locked.meeting.held_on:
        errors["done_on"] = _("The date cannot be before the meeting (%(date)s).") % {
            "date": fmt_date(locked.meeting.held_on)}
    if not follow_up.strip():
        errors["follow_up"] = _("Say what happened.")
    if errors:
        raise ValidationError(errors)
    before = values_of(locked)
    locked.done_on, locked.follow_up = done_on, follow_up.strip()
    locked.save()
    followed(updated=[(locked, before)])
    return locked

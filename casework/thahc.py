"""Writes to the register of followed administrative judgments (domain primer §11).

Each function is one transaction and checks every rule (here, or in `cases.thahc`, which these
call) with a Vietnamese message keyed by the field that caused it; a refused write leaves the
database as it was. `_apply` is the one place that stores what a write changes and records it.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.recorder import followed, values_of
from cases import search, thahc
from cases.models import Agency, ClaimResult, FollowedJudgment, FollowStep, StepKind
from cases.models.agency import PROVINCE_PATH
from thads.formatting import date as fmt_date
from thads.today import local_today

FACTS = (
    "register_number", "court", "judgment_number", "judgment_date", "first_instance_court", "judgment_type",
    "claim_result", "has_follow_up", "body", "body_head", "body_superior", "beneficiary", "content",
)
CHANGEABLE = (*FACTS, "officer", "civil_case")
LINKS = ["agency", "officer", "civil_case", "created_by"]


def province_path(agency) -> str:
    """The path of the province an agency belongs to (a judgment is unique within its province)."""
    return agency.path[:PROVINCE_PATH]


def judgment_rules(judgment: FollowedJudgment, *, today: date, new: bool = True) -> dict:
    """The rules of a judgment's facts beyond field types: {field: message}. The unit must have
    operated on the day it received a `new` judgment; one a restructure gave to a successor keeps it."""
    errors = {}
    if judgment.received_on and judgment.received_on > today:
        errors["received_on"] = _("The date received cannot be in the future.")
    if judgment.judgment_date and judgment.judgment_date > today:
        errors["judgment_date"] = _("The judgment date cannot be in the future.")
    elif judgment.judgment_date and judgment.received_on and judgment.judgment_date > judgment.received_on:
        errors["judgment_date"] = _("The judgment date cannot be after the date it was received.")
    if judgment.claim_result in (ClaimResult.ACCEPTED, ClaimResult.PARTLY_ACCEPTED) and not judgment.has_follow_up:
        errors["has_follow_up"] = _("A judgment that accepts the claim, wholly or partly, is followed.")
    if not judgment.agency_id:  # a form read without it: the rules above still told
        return errors
    agency = judgment.agency
    if agency.level == Agency.Level.CENTRAL:
        errors["agency"] = _("Judgments are followed by provincial or local agencies.")
    elif new and judgment.received_on and not agency.is_valid_on(judgment.received_on):
        errors["agency"] = _("%(agency)s was not operating on %(date)s.") % {
            "agency": agency.name, "date": fmt_date(judgment.received_on)}
    officer = judgment.officer
    if officer is not None:
        if not officer.agency.path.startswith(agency.path):
            errors["officer"] = _("The officer does not belong to this agency.")
        elif not officer.is_active and officer.pk != getattr(judgment, "_loaded_officer_id", None):
            errors["officer"] = _("This officer is no longer active.")
    case = judgment.civil_case
    if case is not None and not case.agency.path.startswith(province_path(agency)):
        errors["civil_case"] = _("The civil case must be held in the same province.")
    return errors


def judgment_key(court, number) -> tuple:
    """A judgment's court and number as a person would compare them: case, accents and spacing aside."""
    return " ".join(search.words(court)), " ".join(search.words(number))


def registered(judgment) -> FollowedJudgment | None:
    """The judgment already registered under the same court, number and date at its unit or below
    (asked only of what the person registering it sees: another unit's register is not theirs to
    learn of), if any."""
    same_day = FollowedJudgment.objects.filter(
        agency__path__startswith=judgment.agency.path, judgment_date=judgment.judgment_date,
    ).exclude(pk=judgment.pk)
    key = judgment_key(judgment.court, judgment.judgment_number)
    return next((other for other in same_day if judgment_key(other.court, other.judgment_number) == key), None)


def _check_unique(judgment):
    if registered(judgment) is not None:
        return {"judgment_number": _("Judgment %(number)s of %(date)s of this court is already in the register.") % {
            "number": judgment.judgment_number, "date": fmt_date(judgment.judgment_date)}}
    return {}


def judgment_build(*, agency, received_on, officer=None, civil_case=None, created_by=None, **facts):
    """An unsaved judgment with its field types checked (raises ValidationError keyed by field)."""
    unknown = set(facts) - set(FACTS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    judgment = FollowedJudgment(agency=agency, received_on=received_on, officer=officer, civil_case=civil_case,
                                created_by=created_by, **facts)
    judgment.full_clean(exclude=[*LINKS, "version"], validate_unique=False, validate_constraints=False)
    return judgment


def judgment_partial_problems(values: dict, *, today) -> dict:
    """The rules held to what a form read well of a new judgment with other problems: {field: message}."""
    known = {name: value for name, value in values.items() if name in (*FACTS, *LINKS, "received_on")}
    return judgment_rules(FollowedJudgment(**known), today=today)


def judgment_validate(judgment, *, today, new=True):
    errors = judgment_rules(judgment, today=today, new=new)
    if not errors:
        errors = _check_unique(judgment)
    if errors:
        raise ValidationError(errors)


def receive_step(judgment, *, entered_by=None) -> FollowStep:
    return FollowStep(judgment=judgment, kind=StepKind.RECEIVE, effective_date=judgment.received_on,
                      document_number=judgment.register_number, agency=judgment.agency, entered_by=entered_by)


@transaction.atomic
def judgment_create(*, today=None, **values) -> FollowedJudgment:
    """Register a judgment received from a court, with its receipt."""
    today = today or local_today()
    judgment = judgment_build(**values)
    judgment_validate(judgment, today=today)
    steps = [receive_step(judgment, entered_by=judgment.created_by)]
    try:
        with transaction.atomic():
            judgment.save()
    except IntegrityError as exc:  # a concurrent registration of the same judgment
        raise ValidationError({"judgment_number": _("This judgment is already in the register.")}) from exc
    for step in steps:
        step.judgment = judgment
    _apply(judgment, steps, new_steps=steps, before=None)
    return judgment


def _checked(judgment, steps, step, *, today) -> list:
    thahc.check_new_step(judgment, steps, step, today=today)
    return [*steps, step]


def _lock(judgment, expected_version) -> FollowedJudgment:
    locked = FollowedJudgment.objects.select_for_update().select_related("agency").get(pk=judgment.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(_("Someone else changed this judgment while you were editing it. "
                                "Reload it and try again."), code="conflict")
    return locked


@transaction.atomic
def judgment_change(judgment, *, expected_version=None, today=None, **changes) -> FollowedJudgment:
    """Correct a judgment's facts, its officer or its linked civil case (not its agency nor the
    date it was received, which its receipt step holds)."""
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise TypeError(f"Unchangeable fields: {sorted(unknown)}")
    today = today or local_today()
    locked = _lock(judgment, expected_version)
    locked._loaded_officer_id = locked.officer_id
    before = values_of(locked)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=[*LINKS, "version"], validate_unique=False, validate_constraints=False)
    if locked.officer_id != locked._loaded_officer_id and not locked.is_open:
        # Its completion is the credit of the officer who followed it, in the figures by officer.
        raise ValidationError({"officer": _("A closed judgment keeps the officer who followed it.")})
    judgment_validate(locked, today=today, new=False)
    steps = list(locked.steps.all())
    if not locked.has_follow_up and any(step.kind != StepKind.RECEIVE for step in steps):
        raise ValidationError({"has_follow_up": _("Steps have been recorded on this judgment: it is followed.")})
    _apply(locked, steps, before=before)
    judgment.refresh_from_db()
    return locked


@transaction.atomic
def step_record(*, judgment, kind, effective_date, document_number="", result="", note="", entered_by=None,
                expected_version=None, today=None) -> FollowStep:
    """Append one document to a judgment's file after checking it against the whole file."""
    today = today or local_today()
    if kind == StepKind.RECEIVE:
        raise ValidationError({"kind": _("The receipt is recorded when the judgment is registered.")})
    locked = _lock(judgment, expected_version)
    before = values_of(locked)
    step = FollowStep(judgment=locked, kind=kind, effective_date=effective_date, document_number=document_number or "",
                      result=result or "", note=note or "", agency=locked.agency, entered_by=entered_by)
    step.full_clean(exclude=["judgment", "agency", "entered_by"])
    steps = _checked(locked, list(locked.steps.all()), step, today=today)
    _apply(locked, steps, new_steps=[step], before=before)
    judgment.refresh_from_db()
    return step


@transaction.atomic
def judgment_move(judgment, *, to_agency, on, officer=None) -> FollowedJudgment:
    """Give a judgment to another unit (a restructure's successor, from the day `on`), with
    `officer` if they work there, else none. Its steps keep the unit that recorded them."""
    locked = _lock(judgment, None)
    before = values_of(locked)
    if to_agency.level == Agency.Level.CENTRAL or not to_agency.is_valid_on(on):
        raise ValidationError({"agency": _("%(agency)s was not operating on %(date)s.") % {
            "agency": to_agency.name, "date": fmt_date(on)}})
    locked.agency = to_agency
    locked.officer = officer if officer is not None and officer.agency.path.startswith(to_agency.path) else None
    _apply(locked, list(locked.steps.all()), before=before)
    return locked


def _apply(judgment, steps, *, new_steps=(), before):
    """Store the state the steps give (status, dates, the next due date), the new steps, and what
    follows every write (the change history and the data version)."""
    state = thahc.replay(judgment, steps)
    judgment.status, judgment.closed_on = state.status, state.closed_on
    judgment.compelled_on, judgment.last_step_on = state.compelled_on, state.last_step_on
    judgment.next_due_on = thahc.next_due(thahc.deadlines(judgment, steps))
    if before is not None:
        judgment.version += 1
    judgment.save()
    FollowStep.objects.bulk_create(new_steps)
    followed(created=[*([judgment] if before is None else []), *new_steps],
             updated=[(judgment, before)] if before is not None else ())

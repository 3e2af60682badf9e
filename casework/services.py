"""Writes to the register. Each function is one transaction; views, commands and tasks call these.

Every rule is checked here (or in `cases.timeline`, which these call) with a Vietnamese message
keyed by the field that caused it; a refused write leaves the database exactly as it was.
"""

import functools
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.recorder import followed, values_of
from cases import timeline
from cases.amounts import amount_problem
from cases.models import Agency, Case, CaseEvent, Complaint, EventKind
from reports import summaries
from reports.closing import guard_closed_periods, late_entry_record
from thads import instances
from thads.formatting import date as fmt_date
from thads.today import local_today

from . import writing
from .writing import CaseChange

# --- cases ------------------------------------------------------------------------------------

CASE_FACTS = (
    "court", "judgment_number", "judgment_date", "judgment_kind", "initiation", "is_credit_institution",
    "is_corruption_asset", "debtor_name", "debtor_address", "creditor_name", "creditor_address",
    "obligation", "amount",
)


def case_check_rules(case: Case, *, today: date) -> dict:
    """The rules of a new case beyond field types, without the register: {field: message}. A case
    missing some fields (what a form or a row read well of a bad input) is held to the rules on
    the fields it has, so that every problem is told at once."""
    errors = {}
    if case.decision_date and case.decision_date > today:
        errors["decision_date"] = _("The decision date cannot be in the future.")
    if case.accepted_on and case.accepted_on > today:
        errors["accepted_on"] = _("The acceptance date cannot be in the future.")
    if case.decision_date and case.accepted_on and case.accepted_on < case.decision_date:
        errors["accepted_on"] = _("The case cannot be accepted before its decision date.")
    if case.judgment_date and case.decision_date and case.judgment_date > case.decision_date:
        errors["judgment_date"] = _("The judgment date cannot be after the decision date.")
    if case.amount is not None and (problem := amount_problem(case.amount)):
        errors["amount"] = problem
    agency = case.agency if case.agency_id else None
    if agency is None:
        return errors
    if case.accepted_on and not agency.is_valid_on(case.accepted_on):
        errors["agency"] = _("%(agency)s was not operating on %(date)s.") % {
            "agency": agency.name, "date": fmt_date(case.accepted_on)
        }
    if agency.level == Agency.Level.CENTRAL:
        errors["agency"] = _("Cases are held by provincial or local agencies.")
    if case.issuing_agency_id and case.issuing_agency.level == Agency.Level.CENTRAL:
        # The Cục Quản lý THADS issues no enforcement decision; as an ancestor of every agency it
        # would also let the register be asked about any province's numbers.
        errors["issuing_agency"] = _("Enforcement decisions are issued by provincial or local agencies.")
    elif case.issuing_agency_id and not agency.path.startswith(case.issuing_agency.path):
        errors["issuing_agency"] = _("The decision must be issued by the holding agency or one above it.")
    if case.officer_id and not case.officer.agency.path.startswith(agency.path):
        errors["officer"] = _("The officer does not belong to this agency.")
    return errors


def case_partial_problems(values: dict, *, today: date, register=True) -> dict:
    """The rules of a new case held to the fields of `values` that were read well (a form or an
    import row with other problems): {field: message}, the register's number included unless
    `register` is False (an import asks the register for all its rows at once)."""
    known = {name: value for name, value in values.items() if name in (*CASE_FACTS, *CASE_LINKS, "decision_number",
                                                                       "decision_date", "accepted_on")}
    case = Case(**known)
    errors = case_check_rules(case, today=today)
    if (register and case.issuing_agency_id and case.decision_date and case.decision_number
            and "issuing_agency" not in errors and _number_taken(case)):
        errors["decision_number"] = decision_number_taken_message(case)
    return errors


def _number_taken(case: Case) -> bool:
    return Case.objects.filter(issuing_agency=case.issuing_agency, decision_year=case.decision_date.year,
                               decision_number=case.decision_number).exists()


def decision_number_taken_message(case: Case) -> str:
    return _("Decision %(number)s of %(year)s already exists at %(agency)s.") % {
        "number": case.decision_number, "year": case.decision_date.year, "agency": case.issuing_agency.name
    }


def case_validate_new(case: Case, *, today: date):
    """Every rule of a new case, the register's uniqueness included. Raises ValidationError keyed by field."""
    errors = case_check_rules(case, today=today)
    # The register is asked about the number only for an issuing agency the case may name (the
    # holding agency or one above it): what another province has registered is not the user's to learn.
    if "issuing_agency" not in errors and case.decision_date and _number_taken(case):
        errors["decision_number"] = decision_number_taken_message(case)
    if errors:
        raise ValidationError(errors)


# Resolved objects, not typed input: checking that each still exists would cost a query apiece.
CASE_LINKS = ["issuing_agency", "agency", "officer", "created_by", "entrusted_from"]


@functools.cache
def _not_entered() -> list:
    """The fields of a case that are not entered (its links, derived and kept by the system, all
    valid as built): `case_build` checks only the others."""
    entered = {"decision_number", "decision_date", "accepted_on", *CASE_FACTS}
    return [f.name for f in Case._meta.concrete_fields if f.name not in entered]


def case_build(*, issuing_agency, agency, decision_number, decision_date, accepted_on, officer=None,
               created_by=None, entrusted_from=None, is_sample=False, **facts) -> Case:
    """An unsaved case with its field types checked (raises ValidationError keyed by field)."""
    unknown = set(facts) - set(CASE_FACTS)
    if unknown:
        raise TypeError(f"Unknown case fields: {sorted(unknown)}")
    case = instances.build(
        Case, issuing_agency=issuing_agency, agency=agency, officer=officer, decision_number=decision_number,
        decision_date=decision_date, accepted_on=accepted_on, created_by=created_by,
        entrusted_from=entrusted_from, is_sample=is_sample, **facts,
    )
    case.full_clean(exclude=_not_entered(), validate_unique=False, validate_constraints=False)
    # The year the register's unique key needs; the words of its search are filled where it is
    # written (writing._insert), not twice.
    case.decision_year = case.decision_date.year
    case.remaining_amount = case.amount
    return case


def accept_event(case: Case, *, entered_by=None) -> CaseEvent:
    """The acceptance (thụ lý) that opens every case's timeline."""
    # The agencies and the person by key: an import builds one for each of its cases.
    return instances.build(CaseEvent, case=case, kind=EventKind.ACCEPT, effective_date=case.accepted_on,
                           to_agency_id=case.agency_id, agency_id=case.agency_id,
                           entered_by_id=entered_by.pk if entered_by else None)


@transaction.atomic
def case_create(*, late_reason="", today=None, **values) -> Case:
    today = today or local_today()
    case = case_build(**values)
    case_validate_new(case, today=today)
    closings = guard_closed_periods(agency_ids={case.agency_id}, effective_date=case.accepted_on,
                                    user=case.created_by, late_reason=late_reason)
    summaries.fill_before_writing(case.accepted_on, today=today)
    accept = accept_event(case, entered_by=case.created_by)
    try:
        with transaction.atomic():
            writing.apply([CaseChange(case, after=writing.replay(case, [accept], today=today), new_events=[accept])])
    except IntegrityError as exc:  # a concurrent insert of the same decision number
        raise ValidationError({"decision_number": _("This decision number already exists.")}) from exc
    if closings:
        late_entry_record(event=accept, closings=closings, reason=late_reason, user=case.created_by)
    return case


def _lock_current(case, expected_version):
    """The case row locked for the write; refused when someone saved it since it was read."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(_("Someone else changed this case while you were editing it. Reload it and try again."),
                              code="conflict")
    return locked


@transaction.atomic
def case_assign_officer(*, case, officer, assigned_by=None, expected_version=None) -> Case:
    """Give the case to another enforcement officer (or none). The figures by officer follow the
    case's current officer, so its summary rows move with it."""
    from copy import copy

    locked = _lock_current(case, expected_version)
    if not locked.is_open:
        # Its completion is the credit of the officer who enforced it, in the figures by officer.
        raise ValidationError({"officer": _("A closed case keeps the officer who enforced it.")})
    if officer is not None and not officer.agency.path.startswith(locked.agency.path):
        raise ValidationError({"officer": _("The officer does not belong to this agency.")})
    if officer == locked.officer:
        return locked
    before, recorded_before = copy(locked), values_of(locked)
    locked.officer = officer
    # The same timeline before and after: only the officer's breakdown moves.
    replay = writing.replay(locked, list(locked.events.all()), today=local_today())
    writing.apply([CaseChange(locked, after=replay, before=replay, recorded_before=recorded_before, before_case=before,
                              columns=("officer",))])
    case.refresh_from_db()
    return locked


# --- events -----------------------------------------------------------------------------------


def check_target_agency(kind, to_agency, effective_date):
    if to_agency is None:
        return
    if to_agency.level == Agency.Level.CENTRAL:
        raise ValidationError({"to_agency": _("Choose a provincial or local agency.")})
    if not to_agency.is_valid_on(effective_date):
        raise ValidationError({"to_agency": _("%(agency)s was not operating on %(date)s.") % {
            "agency": to_agency.name, "date": fmt_date(effective_date)}})


def event_build(*, case, kind, effective_date, amount=0, condition="", ground="", to_agency=None, complaint=None,
                document_number="", note="", entered_by=None) -> CaseEvent:
    """An unsaved event; blanks as the columns store them."""
    return instances.build(
        CaseEvent, case=case, kind=kind, effective_date=effective_date, amount=amount or 0, condition=condition or "",
        ground=ground or "", to_agency=to_agency, complaint=complaint, document_number=document_number or "",
        note=note or "", entered_by=entered_by,
    )


def event_check(case, existing, event, *, today, replayed=None) -> tuple[timeline.Replay, timeline.Replay]:
    """Every rule of a new event against the case's timeline (closed periods aside); returns the
    timeline replayed before and after it, and attributes the event to the agency holding the case
    just before it (a handover: the one handing over). Raises ValidationError keyed by field.
    `replayed`: the timeline of `existing` as an earlier check returned it (an import's events of
    one case), carried on rather than replayed again when the event follows them."""
    if event.kind == EventKind.ACCEPT:
        raise ValidationError({"kind": _("Acceptance is recorded when the case is registered.")})
    if event.kind in (EventKind.ENTRUST_OUT, EventKind.HANDOVER):
        check_target_agency(event.kind, event.to_agency, event.effective_date)
    # From the timeline as it stands (its acceptance first): the new event's date is not checked yet.
    bounds = writing.bounds(existing or [event], today=today)
    after = timeline.check_new_event(case, existing, event, today=today, dates=bounds, replayed=replayed)
    if replayed is not None and replayed.follows(event):
        before, holder = replayed, replayed.state  # the state after its last event, on or before this one's date
    else:
        before = timeline.Replay(case, existing, [*bounds, event.effective_date])
        holder = before.at(event.effective_date)
    event.agency_id = holder.agency_id
    return before, after


def event_partial_problems(case, values: dict, *, today: date) -> dict:
    """The timeline's rules held to what a form read well of an event with other problems (a date
    out of order is told with a mistyped amount, an amount past what remains with a wrong date):
    {field: message}; nothing without its kind. The timeline stops at the first rule an event
    breaks: when that is its date, the other fields are held to the rules again as of today."""
    if not values.get("kind"):
        return {}
    known = {name: values.get(name) for name in ("kind", "effective_date", "amount", "condition", "ground", "to_agency",
                                                 "document_number", "note")}
    events = list(case.events.all())
    problems = {}
    for day in (known["effective_date"], today):
        if day is None:
            continue
        try:
            event_check(case, events, event_build(case=case, **{**known, "effective_date": day}), today=today)
        except ValidationError as error:
            found = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for field, messages in found.items():
                if day == known["effective_date"] or field != "effective_date":
                    problems.setdefault(field, messages)
        if "effective_date" not in problems:
            break
    return problems


@transaction.atomic
def event_record(*, case, kind, effective_date, amount=0, condition="", ground="", to_agency=None,
                 complaint=None, document_number="", note="", entered_by=None, expected_version=None,
                 late_reason="", today=None) -> CaseEvent:
    """Append one event to a case's timeline after checking it against the whole timeline.

    An event dated inside a closed period is refused, unless an administrator gives `late_reason`.
    """
    today = today or local_today()
    locked = _lock_current(case, expected_version)
    recorded_before = values_of(locked)
    event = event_build(case=locked, kind=kind, effective_date=effective_date, amount=amount, condition=condition,
                        ground=ground, to_agency=to_agency, complaint=complaint, document_number=document_number,
                        note=note, entered_by=entered_by)
    existing = list(locked.events.all())
    before, after = event_check(locked, existing, event, today=today)
    closings = guard_closed_periods(agency_ids={event.agency_id, locked.agency_id, after.state.agency_id},
                                    effective_date=effective_date, user=entered_by, late_reason=late_reason)
    summaries.fill_before_writing(effective_date, today=today)
    writing.apply([CaseChange(locked, after=after, before=before, recorded_before=recorded_before, new_events=[event])])
    if closings:
        late_entry_record(event=event, closings=closings, reason=late_reason, user=entered_by)
    case.refresh_from_db()
    return event


@transaction.atomic
def complaint_receive(*, case, received_on, kind="complaint", round=1, coercion_related=False,
                      complainant="", summary="", entered_by=None, today=None) -> Complaint:
    complaint = Complaint(
        case=case, kind=kind, round=round, coercion_related=coercion_related, complainant=complainant,
        summary=summary, received_on=received_on,
        due_on=Complaint.due_date(received_on, coercion_related=coercion_related, round=round),
    )
    complaint.full_clean()
    complaint.save()
    followed(created=[complaint])
    event_record(case=case, kind=EventKind.COMPLAINT_RECEIVED, effective_date=received_on, complaint=complaint,
                 entered_by=entered_by, today=today)
    return complaint


@transaction.atomic
def complaint_resolve(*, complaint, resolved_on, note="", entered_by=None, today=None) -> Complaint:
    event_record(case=complaint.case, kind=EventKind.COMPLAINT_RESOLVED, effective_date=resolved_on,
                 complaint=complaint, note=note, entered_by=entered_by, today=today)
    recorded_before = values_of(complaint)
    complaint.resolved_on = resolved_on
    complaint.save(update_fields=["resolved_on"])
    followed(updated=[(complaint, recorded_before)])
    return complaint

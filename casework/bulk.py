"""Writing many imported cases and events at once, under the services' rules.

The services write one case or event per transaction with a few queries each, which an import of
100.000 rows cannot afford. Here the same rules (`services.case_build` and `case_check_rules`,
`timeline.check_new_event`, the closed periods) are checked in memory a chunk at a time; a chunk is
written as soon as it is known good, by `writing.apply` like every write, and the summary figures are
updated once at the end. The caller holds the transaction and rolls it back when any row is
refused, so a file imports completely or not at all.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audit.recorder import values_of
from cases.models import Case, CaseEvent
from reports.closing import ClosedPeriods
from reports.summaries import Deltas, fill_before_writing

from . import services, writing
from .writing import CaseChange

CHUNK = 2000
EVENT_FIELDS = ("kind", "effective_date", "amount", "condition", "ground", "to_agency", "document_number", "note")


@dataclass
class Outcome:
    created: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)  # (row number, field name, message)

    def refuse(self, number, error: ValidationError):
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.errors.extend((number, name, message) for message in messages)
        else:
            self.errors.extend((number, "", message) for message in error.messages)


def _chunks(items):
    for start in range(0, len(items), CHUNK):
        yield start + CHUNK, items[start:start + CHUNK]


def create_cases(rows, *, user, today, write=True, progress=None) -> Outcome:
    """Register the cases `rows` = [(row number, `case_build` arguments)], in file order.

    With `write=False`, or once a row is refused, the rest is only checked.
    """
    if write and rows:
        fill_before_writing(min(values["accepted_on"] for _number, values in rows), today=today)
    outcome, deltas, closed, seen = Outcome(), Deltas(), ClosedPeriods(), {}
    for done, chunk in _chunks(rows):
        numbers = {values["decision_number"] for _number, values in chunk}
        taken = set(Case.objects.filter(decision_number__in=numbers)
                    .values_list("issuing_agency_id", "decision_year", "decision_number"))
        good = []
        for number, values in chunk:
            try:
                case = services.case_build(**values, created_by=user)
            except ValidationError as error:
                outcome.refuse(number, error)
                continue
            problems = services.case_check_rules(case, today=today)
            key = (case.issuing_agency_id, case.decision_year, case.decision_number)
            if key in seen:
                problems.setdefault("decision_number", _("The same decision is already on row %(row)s.")
                                    % {"row": seen[key]})
            elif key in taken and "issuing_agency" not in problems:
                # Asked of the register only for an issuing agency the importer may name: the
                # answer about another province's numbers is not theirs to have.
                problems.setdefault("decision_number", services.decision_number_taken_message(case))
            seen.setdefault(key, number)
            if refusal := closed.refusal({case.agency_id}, case.accepted_on):
                problems.setdefault("accepted_on", refusal)
            if problems:
                outcome.errors.extend((number, name, message) for name, message in problems.items())
            else:
                good.append(case)
        if write and not outcome.errors:
            writing.apply([_new_case(case, user, today) for case in good], deltas=deltas)
            outcome.created += len(good)
        if progress is not None:
            progress(min(done, len(rows)), len(rows))
    if write and not outcome.errors:
        deltas.apply()
    return outcome


def _new_case(case, user, today) -> CaseChange:
    accept = services.accept_event(case, entered_by=user)
    return CaseChange(case, after=writing.replay(case, [accept], today=today), new_events=[accept])


def record_events(rows, *, user, today, write=True, progress=None) -> Outcome:
    """Record the events `rows` = [(row number, `event_record` arguments with `case`)].

    Each case's new events are checked in file order against its whole timeline, as if entered
    one after another. An event identical to one already in the register (same kind, date,
    amount and document number) is skipped, so the same file imported twice records nothing twice.
    """
    if write and rows:
        fill_before_writing(min(values["effective_date"] for _number, values in rows), today=today)
    outcome, deltas, closed = Outcome(), Deltas(), ClosedPeriods()
    by_case = defaultdict(list)
    for number, values in rows:
        by_case[values["case"].pk].append((number, values))
    case_ids, checked = list(by_case), 0
    for _done, ids in _chunks(case_ids):
        cases = {case.pk: case for case in Case.objects.select_for_update().filter(pk__in=ids)}
        existing = defaultdict(list)
        for event in CaseEvent.objects.filter(case_id__in=ids).order_by("effective_date", "id"):
            existing[event.case_id].append(event)
        changes = []
        for case_id in ids:
            case = cases[case_id]
            recorded_before = values_of(case)
            if change := _case_events(case, existing[case_id], by_case[case_id], user, today, closed, outcome):
                change.recorded_before = recorded_before
                changes.append(change)
        if write and not outcome.errors:
            writing.apply(changes, deltas=deltas)
            outcome.created += sum(len(change.new_events) for change in changes)
        checked += sum(len(by_case[case_id]) for case_id in ids)
        if progress is not None:
            progress(checked, len(rows))
    if write and not outcome.errors:
        deltas.apply()
    return outcome


def _identity(event) -> tuple:
    """What makes an imported event the same as one already recorded."""
    return event.kind, event.effective_date, event.amount, event.document_number


def _case_events(case, before, rows, user, today, closed, outcome) -> CaseChange | None:
    """The new events of one case that pass every rule, as a change (None: none passed); the
    others go to `outcome`."""
    recorded = {_identity(e) for e in before}
    events, change = list(before), None
    for number, values in rows:
        event = services.event_build(case=case, entered_by=user, **{name: values.get(name) for name in EVENT_FIELDS})
        if _identity(event) in recorded:
            outcome.skipped += 1
            continue
        try:
            replayed_before, after = services.event_check(case, events, event, today=today)
        except ValidationError as error:
            outcome.refuse(number, error)
            continue
        refusal = closed.refusal({event.agency_id, case.agency_id, after.state.agency_id}, event.effective_date)
        if refusal:
            outcome.errors.append((number, "effective_date", refusal))
            continue
        events.append(event)
        writing.set_state(case, after.state)  # as stored after this event: the next one follows it
        if change is None:
            change = CaseChange(case, after=after, before=replayed_before)
        change.after = after
        change.new_events.append(event)
    return change

"""Writing many imported cases and events at once, under the services' rules.

The services write one case or event per transaction with a few queries each, which an import of
100.000 rows cannot afford. Here the same rules (`services.case_build` and `case_check_rules`,
`timeline.check_new_event`, the closed periods) are checked in memory a chunk at a time; a chunk is
inserted as soon as it is known good, with its change history, and the summary figures are
updated once at the end. The caller holds the transaction and rolls it back when any row is
refused, so a file imports completely or not at all.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.recorder import record_bulk, values_of
from cases import focus_tally, spans, timeline
from cases.models import Case, CaseEvent
from reports.closing import ClosedPeriods
from reports.summaries import Deltas, fill_before_writing
from thads import data_version

from . import services

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
            _insert_cases(good, user, deltas)
            outcome.created += len(good)
        if progress is not None:
            progress(min(done, len(rows)), len(rows))
    if write and not outcome.errors:
        deltas.apply()
    return outcome


def _insert_cases(cases, user, deltas):
    accepts = []
    for case in cases:
        accept = services.accept_event(case, entered_by=user)
        services.case_set_state(case, timeline.replay(case, [accept]))
        accepts.append(accept)
    data_version.changed()  # bulk writes send no signals
    Case.objects.bulk_create(cases, batch_size=CHUNK)
    CaseEvent.objects.bulk_create(accepts, batch_size=CHUNK)
    focus_tally.touched({case.agency_id for case in cases})
    record_bulk(created=[*cases, *accepts])
    spans.rewrite((case, [accept]) for case, accept in zip(cases, accepts, strict=True))
    for case, accept in zip(cases, accepts, strict=True):
        deltas.add(case, [], [accept])


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
        changed, new_events = [], []
        for case_id in ids:
            case = cases[case_id]
            before, before_values = existing[case_id], values_of(case)
            added = _case_events(case, before, by_case[case_id], user, today, closed, outcome)
            if added:
                changed.append((case, before_values, before, [*before, *added]))
                new_events.extend(added)
        if write and not outcome.errors:
            _insert_events(changed, new_events, deltas)
            outcome.created += len(new_events)
        checked += sum(len(by_case[case_id]) for case_id in ids)
        if progress is not None:
            progress(checked, len(rows))
    if write and not outcome.errors:
        deltas.apply()
    return outcome


def _identity(event) -> tuple:
    """What makes an imported event the same as one already recorded."""
    return event.kind, event.effective_date, event.amount, event.document_number


def _case_events(case, before, rows, user, today, closed, outcome) -> list:
    """The new events of one case that pass every rule; the others go to `outcome`."""
    recorded = {_identity(e) for e in before}
    events, added = list(before), []
    for number, values in rows:
        event = services.event_build(case=case, entered_by=user, **{name: values.get(name) for name in EVENT_FIELDS})
        if _identity(event) in recorded:
            outcome.skipped += 1
            continue
        try:
            state = services.event_check(case, events, event, today=today)
        except ValidationError as error:
            outcome.refuse(number, error)
            continue
        refusal = closed.refusal({event.agency_id, case.agency_id, state.agency_id}, event.effective_date)
        if refusal:
            outcome.errors.append((number, "effective_date", refusal))
            continue
        events.append(event)
        added.append(event)
        services.case_set_state(case, state)  # as stored after this event: the next one follows it
        case.version += 1
    return added


def _insert_events(changed, new_events, deltas):
    data_version.changed()  # bulk writes send no signals
    CaseEvent.objects.bulk_create(new_events, batch_size=CHUNK)
    focus_tally.touched({event.agency_id for event in new_events}
                        | {pk for case, *_rest in changed for pk in (case.agency_id, getattr(case, "_loaded_agency_id", None))})
    now = timezone.now()
    for case, _before_values, _before, _after in changed:
        case.updated_at = now
    _update_cases([case for case, *_rest in changed], [*services.STATE_FIELDS, "version", "updated_at"])
    record_bulk(created=new_events, updated=[(case, before_values) for case, before_values, *_rest in changed])
    spans.rewrite((case, timeline.ordered(after)) for case, _values, _before, after in changed)
    for case, _before_values, before, after in changed:
        deltas.add(case, before, after)


def _update_cases(cases, names):
    """UPDATE each case's `names` columns: one statement run many times, where the ORM's
    bulk_update builds CASE expressions that cost more than the rest of the import."""
    fields = [Case._meta.get_field(name) for name in names]
    table, quote = Case._meta.db_table, connection.ops.quote_name
    sql = (f"UPDATE {quote(table)} SET {', '.join(f'{quote(f.column)} = %s' for f in fields)} "
           f"WHERE {quote(Case._meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[f.get_db_prep_save(getattr(case, f.attname), connection) for f in fields] + [case.pk]
                                 for case in cases])

"""Writing many imported cases and events at once, under the services' rules.

The services write one case or event per transaction with a few queries each, which an import of
100.000 rows cannot afford. Here the same rules (`services.case_build` and `case_check_rules`,
`timeline.check_new_event`, the closed periods) are checked in memory a chunk at a time; a chunk is
written as soon as it is known good, by `writing.apply` like every write, and the summary figures are
updated once at the end. The caller holds the transaction and rolls it back when any row is
refused, so a file imports completely or not at all.
"""

import bisect
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audit.recorder import values_of
from cases import focus_tally
from cases.models import Case, CaseEvent
from reports.closing import ClosedPeriods
from reports.summaries import Deltas, fill_before_writing
from thads.first_rows import FirstRows, key_text

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


class CaseWriter:
    """Cases registered a chunk at a time, in file order, in the caller's transaction: `start`
    with the earliest acceptance (the summary years are filled first), `add` each chunk, then
    `finish`. Once a row is refused, the rest is only checked.

    A chunk is written once the next one has asked the database what it needs (or at `finish`):
    its COPYs then go to the server while this process works out its summary differences and
    history and builds and checks the next rows (`inserts.behind`), rather than just before the
    next chunk's questions wait for them. The questions do not need it written: a decision
    repeated within the file is found by `FirstRows`."""

    def __init__(self, *, user, today):
        self.user, self.today = user, today
        self.outcome, self.closed, self.seen, self.deltas = Outcome(), ClosedPeriods(), None, None
        self.touched = set()  # agencies whose focus counters move, after the summary rows (writing.apply)
        self.checked = []  # the cases of the last chunk, checked and not yet written

    def start(self, earliest):
        if earliest is not None:
            fill_before_writing(earliest, today=self.today)
        self.deltas = Deltas()
        self.seen = FirstRows()  # the decisions of the rows so far: the row of each

    def add(self, chunk, *, refused=False):
        """Check the rows `chunk` = [(row number, `case_build` arguments)]; write the previous
        chunk unless a row was refused so far (by the caller: `refused`, or in earlier chunks).
        What the chunk asks of the database comes first: the previous chunk's writes then go to
        the server while this one is built and checked."""
        taken = _taken(chunk)
        earlier = self.seen.earlier([(key_text(*_key_of(values)), number) for number, values in chunk])
        self._write(refused)
        self.checked = self._check(chunk, taken, earlier)

    def _check(self, chunk, taken, earlier) -> list:
        outcome, today = self.outcome, self.today
        built = []
        for number, values in chunk:
            try:
                built.append((number, services.case_build(**values, created_by=self.user)))
            except ValidationError as error:
                outcome.refuse(number, error)
        good = []
        for number, case in built:
            problems = services.case_check_rules(case, today=today)
            if number in earlier:
                problems.setdefault("decision_number", _("The same decision is already on row %(row)s.")
                                    % {"row": earlier[number]})
            elif _unique_key(case) in taken and "issuing_agency" not in problems:
                # Asked of the register only for an issuing agency the importer may name: the
                # answer about another province's numbers is not theirs to have.
                problems.setdefault("decision_number", services.decision_number_taken_message(case))
            if refusal := self.closed.refusal({case.agency_id}, case.accepted_on):
                problems.setdefault("accepted_on", refusal)
            if problems:
                outcome.errors.extend((number, name, message) for name, message in problems.items())
            else:
                good.append(case)
        return good

    def _write(self, refused):
        checked, self.checked = self.checked, []
        if checked and not refused and not self.outcome.errors:
            writing.apply([_new_case(case, self.user, self.today) for case in checked], deltas=self.deltas,
                          touched=self.touched)
            self.outcome.created += len(checked)

    def finish(self, *, refused=False) -> Outcome:
        """The outcome; the last chunk and the summary figures written when nothing was refused."""
        self._write(refused)
        self.seen.close()
        return _finish(self.outcome, self.deltas, self.touched, refused)


def _unique_key(case) -> tuple:
    """What the register holds once: a decision's issuing agency, year and number."""
    return case.issuing_agency_id, case.decision_year, case.decision_number


def _key_of(values) -> tuple:
    """`_unique_key` of the case that `case_build(**values)` builds."""
    return values["issuing_agency"].pk, values["decision_date"].year, values["decision_number"]


def _finish(outcome, deltas, touched, refused) -> Outcome:
    if refused or outcome.errors:
        outcome.created = 0
    else:
        deltas.apply()
        focus_tally.touched(touched)
    return outcome


def _taken(chunk) -> set:
    """The (issuing agency, year, number) of the chunk's decisions already in the register: asked
    by all three, the columns of the register's unique index, which a question by the number
    alone could not use (a scan of every case in the country)."""
    if not chunk:
        return set()
    keys = {_key_of(values) for _number, values in chunk}
    found = Case.objects.filter(issuing_agency_id__in={k[0] for k in keys}, decision_year__in={k[1] for k in keys},
                                decision_number__in={k[2] for k in keys}).order_by()
    return set(found.values_list("issuing_agency_id", "decision_year", "decision_number")) & keys


def create_cases(rows, *, user, today) -> Outcome:
    """Register the cases `rows` = [(row number, `case_build` arguments)], in file order; once a
    row is refused, the rest is only checked."""
    writer = CaseWriter(user=user, today=today)
    writer.start(min((values["accepted_on"] for _number, values in rows), default=None))
    for _done, chunk in _chunks(rows):
        writer.add(chunk)
    return writer.finish()


def _new_case(case, user, today) -> CaseChange:
    accept = services.accept_event(case, entered_by=user)
    return CaseChange(case, after=writing.replay(case, [accept], today=today), new_events=[accept])


class EventWriter:
    """Events recorded a chunk at a time, in file order, in the caller's transaction (`start`,
    `add` each chunk, `finish`). Each case's new events are checked against its whole timeline as
    stored, the events of earlier chunks included, as if entered one after another; every chunk's
    good events are written even after a refusal elsewhere (the caller then rolls everything
    back), so that a later event of the same case is checked as it would be without the refusal.

    As for cases, a chunk is written once the next one's cases are read (`CaseWriter`): a case
    the written chunk changed is not read again but carried on, as that chunk left it.

    `cases_read`: the caller read each chunk's cases (the rows' `case`) locked, in this
    transaction, just before `add`, and wrote nothing since: they are not read again."""

    def __init__(self, *, user, today, cases_read=False):
        self.user, self.today, self.cases_read = user, today, cases_read
        self.outcome, self.closed, self.deltas = Outcome(), ClosedPeriods(), None
        self.written = KeyRanges()  # the events this import wrote: not "already recorded" to its later rows
        self.touched = set()  # agencies whose focus counters move, after the summary rows (writing.apply)
        self.changes = []  # the last chunk's, not yet written
        self.carried = {}  # case id → (the case, its events) as the last chunk left them

    def start(self, earliest):
        if earliest is not None:
            fill_before_writing(earliest, today=self.today)
        self.deltas = Deltas()

    def add(self, rows, *, refused=False):
        """Check the rows `rows` = [(row number, `event_record` arguments with `case`)] (each
        case's in file order); write the previous chunk."""
        by_case = defaultdict(list)
        for number, values in rows:
            by_case[values["case"].pk].append((number, values))
        ids = list(by_case)
        fresh = [case_id for case_id in ids if case_id not in self.carried]
        if self.cases_read:
            given = {values["case"].pk: values["case"] for _number, values in rows}
            cases = {case_id: given[case_id] for case_id in fresh}
        else:
            cases = {case.pk: case for case in Case.objects.select_for_update().filter(pk__in=fresh)}
        existing = defaultdict(list)
        for event in CaseEvent.objects.filter(case_id__in=fresh).order_by("effective_date", "id"):
            existing[event.case_id].append(event)
        carried = self._write()  # even when `refused`: see the class
        for case_id in ids:
            if case_id in carried:
                cases[case_id], existing[case_id] = carried[case_id]
        changes = []
        for case_id in ids:
            case = cases[case_id]
            recorded_before = values_of(case)
            if change := _case_events(case, existing[case_id], by_case[case_id], self.user, self.today, self.closed,
                                      self.outcome, self.written):
                change.recorded_before = recorded_before
                changes.append(change)
        self.changes = changes
        self.carried = {change.case.pk: (change.case, change.after.events) for change in changes}

    def _write(self) -> dict:
        """Write the last chunk's changes; what they carry on to the next chunk."""
        changes, carried, self.changes, self.carried = self.changes, self.carried, [], {}
        writing.apply(changes, deltas=self.deltas, touched=self.touched)
        self.outcome.created += sum(len(change.new_events) for change in changes)
        self.written.add(event.pk for change in changes for event in change.new_events)
        return carried

    def finish(self, *, refused=False) -> Outcome:
        """The outcome (the last chunk written); the summary figures written when nothing was refused."""
        self._write()
        return _finish(self.outcome, self.deltas, self.touched, refused)


class KeyRanges:
    """A set of primary keys held as ranges: an insert takes consecutive keys, so the events of a
    whole import are a few ranges however many they are (a set of them grew with the file)."""

    def __init__(self):
        self.starts, self.ends = [], []

    def add(self, keys):
        for key in sorted(keys):
            if self.ends and self.ends[-1] + 1 == key:
                self.ends[-1] = key
            elif not self.ends or key > self.ends[-1]:
                self.starts.append(key)
                self.ends.append(key)
            elif key not in self:  # keys taken out of order (another writer's between): kept all the same
                at = bisect.bisect(self.starts, key)
                self.starts.insert(at, key)
                self.ends.insert(at, key)

    def __contains__(self, key) -> bool:
        at = bisect.bisect(self.starts, key) - 1
        return at >= 0 and key <= self.ends[at]


def record_events(rows, *, user, today) -> Outcome:
    """Record the events `rows` = [(row number, `event_record` arguments with `case`)].

    Each case's new events are checked in file order against its whole timeline, as if entered
    one after another. An event identical to one already in the register (same kind, date,
    amount and document number) is skipped, so the same file imported twice records nothing twice.
    """
    writer = EventWriter(user=user, today=today)
    writer.start(min((values["effective_date"] for _number, values in rows), default=None))
    by_case = defaultdict(list)
    for number, values in rows:
        by_case[values["case"].pk].append((number, values))
    for _done, ids in _chunks(list(by_case)):
        writer.add([row for case_id in ids for row in by_case[case_id]])
    return writer.finish()


def _identity(event) -> tuple:
    """What makes an imported event the same as one already recorded."""
    return event.kind, event.effective_date, event.amount, event.document_number


def _case_events(case, before, rows, user, today, closed, outcome, written=frozenset()) -> CaseChange | None:
    """The new events of one case that pass every rule, as a change (None: none passed); the
    others go to `outcome`. An event among `written` (by the same import) is not one already recorded."""
    recorded = {_identity(e) for e in before if e.pk not in written}
    events, change, replayed = list(before), None, None
    for number, values in rows:
        event = services.event_build(case=case, entered_by=user, **{name: values.get(name) for name in EVENT_FIELDS})
        if _identity(event) in recorded:
            outcome.skipped += 1
            continue
        try:
            replayed_before, after = services.event_check(case, events, event, today=today, replayed=replayed)
        except ValidationError as error:
            outcome.refuse(number, error)
            continue
        refusal = closed.refusal({event.agency_id, case.agency_id, after.state.agency_id}, event.effective_date)
        if refusal:
            outcome.errors.append((number, "effective_date", refusal))
            continue
        events.append(event)
        replayed = after  # the next event of the case is checked from here
        writing.set_state(case, after.state)  # as stored after this event: the next one follows it
        if change is None:
            change = CaseChange(case, after=after, before=replayed_before)
        change.after = after
        change.new_events.append(event)
    return change

"""The one place a write to the register is applied, with everything that follows it.

Every path that writes cases and events (the services, one at a time; the bulk imports and the
demo, a chunk at a time; a restructure's handovers, through the bulk path) describes its writes
as `CaseChange`s and hands them to `apply`, which in the caller's transaction inserts the new
rows, stores each case's derived state, rewrites its spans, applies its difference to the summary
figures, moves the focus counters and the data version, and records the change history. No signal
receiver does any of it. Each change carries its timeline replayed once (`timeline.Replay`,
stopped at the figures' period bounds), so nothing here replays it again.

The national generator is the one writer that does not come here: it loads millions of frozen
rows by COPY, with the same state, spans and summary rows computed from the same definitions
(`timeline.apply`, `spans.copy_lines`, `summaries.add_case`) and no change history.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from audit.recorder import followed
from cases import focus_tally, spans, timeline
from cases.models import Case, CaseEvent, Complaint
from reports.calendar import statistical_year
from reports.contributions import bounds_of
from reports.summaries import Deltas
from thads import inserts
from thads.updates import update_each

CHUNK = 2000  # changes a writer hands to `apply` at a time (the demo's)
STATE_FIELDS = [
    "agency", "status", "condition", "in_separate_register", "collected_amount", "reduced_amount",
    "remaining_amount", "closed_on", "last_event_on", "last_verified_on", "open_complaints",
]


@dataclass
class CaseChange:
    """One case written: new (`before` None) or changed, with its timeline replayed after the
    write (and before it), the rows the write adds, and what the history compares with."""

    case: Case
    after: timeline.Replay
    before: timeline.Replay | None = None
    recorded_before: dict | None = None  # audit.recorder.values_of(case) as read, for a changed case
    new_events: list = field(default_factory=list)  # unsaved, in timeline order
    new_complaints: list = field(default_factory=list)  # unsaved, inserted before the events naming them
    before_case: Case | None = None  # the case as read, when the write changed its breakdown keys (the officer)
    columns: tuple = ()  # columns the write itself changed, stored beside the state (the officer)


def bounds(events, *, today) -> list:
    """The period bounds a write's replay stops at: those the figures read in the years the write
    fills and changes (from its case's first event's to today's), so they need no replay of their own."""
    first = min((e.effective_date for e in events), default=today)
    return bounds_of(range(statistical_year(first), statistical_year(today) + 1))


def replay(case, events, *, today) -> timeline.Replay:
    """A case's timeline replayed once, stopping at `bounds`."""
    return timeline.Replay(case, events, bounds(events, today=today))


def set_state(case: Case, state: timeline.CaseState):
    """Copy a derived state onto the case object (not saved)."""
    case.agency_id = state.agency_id
    case.status = state.status
    case.condition = state.condition
    case.in_separate_register = state.in_separate_register
    case.collected_amount = state.collected
    case.reduced_amount = state.reduced
    case.remaining_amount = state.remaining
    case.closed_on = state.closed_on
    case.last_event_on = state.last_event_on
    case.last_verified_on = state.last_verified_on
    case.open_complaints = len(state.open_complaints)


def apply(changes: list[CaseChange], *, deltas: Deltas | None = None, touched: set | None = None):
    """Write `changes` and everything that follows them, in the caller's transaction. Their
    summary differences go to `deltas` when given (the caller applies it once, after its last
    chunk), else are applied here; the agencies whose focus counters they move go to `touched`
    when given (the caller moves them after applying `deltas`: every writer locks the summary rows
    before the counters, or two writers could each wait for the other), else are moved here.
    Summary years must be filled first (`fill_before_writing`)."""
    if not changes:
        return
    new, changed = [], []
    for change in changes:
        set_state(change.case, change.after.state)
        (new if change.before is None else changed).append(change)
    # The changed cases' rows first, then the inserts: within an import these go to the server
    # behind the rest (thads.inserts.behind), beside the summary differences and the history.
    _store_state(changed)
    spans.rewrite((c.case, c.after.events) for c in changed if c.new_events)
    _insert([c.case for c in new], [r for c in changes for r in c.new_complaints],
            [e for c in changes for e in c.new_events])
    spans.write((c.case, c.after.events) for c in new if c.new_events)
    own = deltas is None
    deltas = deltas if deltas is not None else Deltas()
    for c in changes:
        # Only new events change a timeline (nothing here edits one), so nothing before the first moves.
        since = min((e.effective_date for e in c.new_events), default=None) if c.before is not None else None
        deltas.add(c.case, c.before, c.after, before_case=c.before_case, since=since)
    if own:
        deltas.apply()
    agencies = {pk for c in changes for pk in (
        c.case.agency_id, getattr(c.case, "_loaded_agency_id", None), *(e.agency_id for e in c.new_events))}
    if touched is not None:
        touched |= agencies
    else:
        focus_tally.touched(agencies)
    followed(created=[*(c.case for c in new), *(r for c in changes for r in c.new_complaints),
                      *(e for c in changes for e in c.new_events)],
             updated=[(c.case, c.recorded_before) for c in changed])


def _insert(cases, complaints, events):
    if cases:
        for case in cases:
            case.fill_derived_facts()  # what Case.save does, which bulk_create does not call
        inserts.insert(Case, cases)
    if complaints:
        inserts.insert(Complaint, complaints)
    if events:
        inserts.insert(CaseEvent, events)


def _store_state(changed):
    """The changed cases' state, new version and the columns their writes changed."""
    now = timezone.now()
    by_columns = {}
    for change in changed:
        change.case.version += max(1, len(change.new_events))  # one per event, as if entered one by one
        change.case.updated_at = now
        by_columns.setdefault(change.columns, []).append(change.case)
    for columns, cases in by_columns.items():
        update_each(Case, cases, [*STATE_FIELDS, *columns, "version", "updated_at"])

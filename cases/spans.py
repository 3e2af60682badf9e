"""The spans of `CaseSpan`: the part of a case's state that decides its figures, by date.

The drill-down's reading of the events (reports.behind): on a day, the holder is the agency of the
latest acceptance or handover; the pause the latest postponement, suspension or resumption (with
its ground); the condition the latest classification; the separate register the latest of "moved
to the register" and "classified able". Events of one day act together, so spans start on dates.
"""

from datetime import date
from typing import NamedTuple

from thads import inserts

from .models import CaseEvent, Condition, EventKind
from .models.span import CaseSpan

PAUSES = {EventKind.POSTPONE: EventKind.POSTPONE.value, EventKind.SUSPEND: EventKind.SUSPEND.value, EventKind.RESUME: ""}
HOLDING = (EventKind.ACCEPT, EventKind.HANDOVER)
CHUNK = 5000
SPAN_COLUMNS = ["case_id", "decision_date", "valid_from", "valid_to", "holder_id", "pause", "ground", "condition",
                "in_register"]
NULL = r"\N"


def spans_of(events) -> list[list]:
    """[valid_from, valid_to, holder_id, pause, ground, condition, in_register] of one case, from
    its events in timeline order (effective date, then entry); valid_to None on the last."""
    spans = []
    holder, pause, ground, condition, register = None, "", "", "", False
    day = None
    for event in events:
        if event.effective_date != day:
            if day is not None:
                _extend(spans, day, holder, pause, ground, condition, register)
            day = event.effective_date
        kind = event.kind
        if kind in HOLDING:
            holder = event.to_agency_id
        elif kind in PAUSES:
            pause, ground = PAUSES[kind], event.ground
        elif kind == EventKind.CLASSIFY:
            condition = event.condition
            if condition == Condition.ABLE:
                register = False
        elif kind == EventKind.SEPARATE_REGISTER:
            register = True
    if day is not None:
        _extend(spans, day, holder, pause, ground, condition, register)
    return spans


def _extend(spans, day, *state):
    """The state after `day`'s events: a new span unless nothing that counts changed."""
    if spans and tuple(spans[-1][2:]) == state:
        return
    if spans:
        spans[-1][1] = day
    spans.append([day, None, *state])


def rows_of(case, events, model=CaseSpan) -> list:
    return [model(case_id=case.pk, decision_date=case.decision_date, valid_from=start, valid_to=end, holder_id=holder,
                  pause=pause, ground=ground, condition=condition, in_register=register)
            for start, end, holder, pause, ground, condition, register in spans_of(events)]


def rewrite(timelines, model=CaseSpan):
    """Replace the spans of each (case, its events in timeline order) with those of its events; in
    the caller's transaction, beside the write that changed the events."""
    timelines = list(timelines)
    for start in range(0, len(timelines), CHUNK):
        chunk = timelines[start:start + CHUNK]
        # Derived rows: a plain DELETE, without collecting them for the delete signals first.
        inserts.delete_of(model, "case_id", [case.pk for case, _events in chunk])
        _insert(chunk, model)


def write(timelines, model=CaseSpan):
    """The spans of new cases, which have none yet: inserted, nothing to replace."""
    timelines = list(timelines)
    for start in range(0, len(timelines), CHUNK):
        _insert(timelines[start:start + CHUNK], model)


def _insert(timelines, model):
    inserts.insert_rows(model, SPAN_COLUMNS, [
        (case.pk, case.decision_date, start, end, holder, pause, ground, condition, register)
        for case, events in timelines
        for start, end, holder, pause, ground, condition, register in spans_of(events)])


def copy_lines(case, events) -> str:
    """The spans of one case as lines of PostgreSQL's COPY text format (SPAN_COLUMNS)."""
    return "".join(f"{case.pk}\t{case.decision_date}\t{start}\t{end or NULL}\t{holder}\t{pause}\t{ground}\t"
                   f"{condition}\t{'t' if register else 'f'}\n"
                   for start, end, holder, pause, ground, condition, register in spans_of(events))


class _Case(NamedTuple):
    pk: int
    decision_date: date


def rebuild(event_model=CaseEvent, span_model=CaseSpan):
    """The spans of every case from the stored events, in one pass over them in timeline order:
    the data migration's path (with its historical models) and a repair's."""
    span_model.objects.all()._raw_delete(span_model.objects.db)
    events = event_model.objects.order_by("case_id", "effective_date", "id").values_list(
        "case_id", "case__decision_date", "kind", "effective_date", "to_agency_id", "ground", "condition", named=True)
    batch, case, timeline = [], None, []
    for event in events.iterator(chunk_size=20_000):
        if case is None or event.case_id != case.pk:
            if case is not None:
                batch.append((case, timeline))
            case, timeline = _Case(event.case_id, event.case__decision_date), []
        timeline.append(event)
        if len(batch) >= CHUNK:
            _insert(batch, span_model)
            batch = []
    if case is not None:
        batch.append((case, timeline))
    _insert(batch, span_model)

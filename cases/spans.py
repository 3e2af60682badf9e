"""The spans of `CaseSpan`: the part of a case's state that decides its figures, by date.

The drill-down's reading of the events (reports.behind): on a day, the holder is the agency of the
latest acceptance or handover; the pause the latest postponement, suspension or resumption (with
its ground); the condition the latest classification; the separate register the latest of "moved
to the register" and "classified able". Events of one day act together, so spans start on dates.
"""

from .models import CaseEvent, Condition, EventKind
from .models.span import CaseSpan

PAUSES = {EventKind.POSTPONE: EventKind.POSTPONE.value, EventKind.SUSPEND: EventKind.SUSPEND.value, EventKind.RESUME: ""}
HOLDING = (EventKind.ACCEPT, EventKind.HANDOVER)
CHUNK = 5000


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


def rows_of(case_id, events, model=CaseSpan) -> list:
    return [model(case_id=case_id, valid_from=start, valid_to=end, holder_id=holder, pause=pause, ground=ground,
                     condition=condition, in_register=register)
            for start, end, holder, pause, ground, condition, register in spans_of(events)]


def rewrite(timelines, model=CaseSpan):
    """Replace the spans of each (case id, events in timeline order) with those of its events; in
    the caller's transaction, beside the write that changed the events. `model`: the migrations'
    historical CaseSpan."""
    timelines = list(timelines)
    for start in range(0, len(timelines), CHUNK):
        chunk = timelines[start:start + CHUNK]
        # Derived rows: a plain DELETE, without collecting them for the delete signals first.
        old = model.objects.filter(case_id__in=[case_id for case_id, _events in chunk])
        old._raw_delete(old.db)
        model.objects.bulk_create([row for case_id, events in chunk for row in rows_of(case_id, events, model)],
                                  batch_size=CHUNK)


def rebuild(event_model=CaseEvent, span_model=CaseSpan, *, log=None):
    """The spans of every case from the stored events, in one pass over them in timeline order:
    the data migration's path (with its historical models) and a repair's."""
    events = event_model.objects.order_by("case_id", "effective_date", "id").values_list(
        "case_id", "kind", "effective_date", "to_agency_id", "ground", "condition", named=True)
    batch, current, timeline, done = [], None, [], 0
    for event in events.iterator(chunk_size=20_000):
        if event.case_id != current:
            if current is not None:
                batch.append((current, timeline))
            current, timeline = event.case_id, []
        timeline.append(event)
        if len(batch) >= CHUNK:
            rewrite(batch, span_model)
            done += len(batch)
            batch = []
            if log is not None and done % 200_000 == 0:
                log(f"  {done} cases")
    if current is not None:
        batch.append((current, timeline))
    rewrite(batch, span_model)

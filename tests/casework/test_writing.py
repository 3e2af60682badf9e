"""One write path: every write applies what follows it through casework.writing.apply, no signal
receiver does any of it, and a write replays the case's timeline once (before and after it)."""

from datetime import date as D

import pytest
from django.core.exceptions import ValidationError
from django.db.models import signals

from audit.models import Change
from cases import timeline
from cases.models import Case, CaseEvent, CaseSpan, Complaint, EventKind, FocusChange
from casework import services, writing
from tests import factories
from tests.conftest import TODAY
from thads import data_version


def test_no_model_signal_has_a_receiver_of_the_project():
    """Receivers would run on writes the services do not make (a shell, a migration) and hide
    effects from the reader of a write; the auth signals of login protection are Django's login."""
    ours = ("cases", "casework", "reports", "audit", "thads", "demo")
    for signal in (signals.pre_save, signals.post_save, signals.pre_delete, signals.post_delete, signals.m2m_changed):
        for model in (Case, CaseEvent, Complaint, CaseSpan):
            receivers = signal._live_receivers(model)
            receivers = [r for group in receivers for r in (group if isinstance(group, list) else [group])]
            names = [getattr(r, "__module__", "") for r in receivers]
            assert not [n for n in names if n.split(".")[0] in ours], (signal, model, names)


def counting_apply(monkeypatch):
    """The events the replays fold, one entry per event folded."""
    folded = []
    real_apply = timeline.apply

    def apply(case, state, event):
        folded.append(event)
        return real_apply(case, state, event)

    monkeypatch.setattr(timeline, "apply", apply)
    return folded


def test_an_event_replays_the_timeline_once_before_and_once_after(tree, monkeypatch):
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=100_000_000)
    services.event_record(case=case, kind=EventKind.VERIFY, effective_date=D(2024, 2, 1), today=TODAY)
    services.event_record(case=case, kind=EventKind.CLASSIFY, effective_date=D(2024, 2, 3), condition="able",
                          today=TODAY)
    before = CaseEvent.objects.filter(case=case).count()
    folded = counting_apply(monkeypatch)
    services.event_record(case=case, kind=EventKind.PAYMENT, effective_date=D(2025, 3, 1), amount=40_000_000,
                          today=TODAY)
    # The timeline before the payment once (the holder it is attributed to, the figures' old
    # contributions), the timeline with it once (its rules, the stored state, the new contributions).
    assert len(folded) == before + (before + 1)


def test_one_function_applies_everything_that_follows_a_payment(tree):
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=100_000_000)
    version = data_version.current()
    counter = FocusChange.objects.get(agency=tree.unit1).version
    spans = list(CaseSpan.objects.filter(case=case).values_list("valid_from", "condition"))
    services.event_record(case=case, kind=EventKind.CLASSIFY, effective_date=D(2024, 2, 3), condition="able",
                          today=TODAY)
    services.event_record(case=case, kind=EventKind.PAYMENT, effective_date=D(2025, 3, 1), amount=40_000_000,
                          today=TODAY)
    stored = Case.objects.get(pk=case.pk)
    assert (stored.collected_amount, stored.remaining_amount, stored.version) == (40_000_000, 60_000_000, 3)
    assert list(CaseSpan.objects.filter(case=case).values_list("valid_from", "condition")) != spans
    assert FocusChange.objects.get(agency=tree.unit1).version == counter + 2
    assert data_version.current() != version
    assert Change.objects.filter(model="cases.caseevent", case_id=case.pk, action="create").count() == 3
    from reports import summaries
    from reports.models import FigureCount

    stored_rows = {tuple(getattr(r, n) for n in FigureCount.DIMS): {c: getattr(r, c) for c in summaries.COLUMNS}
                   for r in FigureCount.objects.all()}
    years = sorted(summaries.filled_years())
    assert stored_rows == summaries.compute_rows(years, Case.objects.prefetch_related("events"))


def test_a_write_that_is_refused_leaves_nothing_behind(tree):
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=100_000_000)
    counts = [model.objects.count() for model in (CaseEvent, CaseSpan, Change, FocusChange)]
    version = Case.objects.get(pk=case.pk).version
    with pytest.raises(ValidationError) as refused:
        services.event_record(case=case, kind=EventKind.PAYMENT, effective_date=D(2025, 3, 1), amount=200_000_000,
                              today=TODAY)
    assert "amount" in refused.value.message_dict
    assert [model.objects.count() for model in (CaseEvent, CaseSpan, Change, FocusChange)] == counts
    assert Case.objects.get(pk=case.pk).version == version


def test_every_writer_of_the_register_goes_through_apply():
    """The services, the imports and the demo loader write cases and events only through
    writing.apply: no other module inserts them (the national generator loads frozen rows by COPY)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    writers = sorted(str(path.relative_to(root)) for app in ("cases", "casework", "reports", "audit", "thads", "demo")
                     for path in (root / app).rglob("*.py") if "migrations" not in path.parts
                     and any(text in path.read_text(encoding="utf-8") for text in (
                         "Case.objects.bulk_create", "CaseEvent.objects.bulk_create", "inserts.insert(Case,",
                         "inserts.insert(CaseEvent,", "case.save(",
                         "event.save(", "Case.objects.create(", "CaseEvent.objects.create(")))
    assert writers == ["casework/writing.py"]
    assert writing.apply.__module__ == "casework.writing"


def test_an_event_dated_in_year_one_is_refused_with_its_message(tree):
    """The replay's period bounds come from the timeline as it stands, not from the new event's
    date, which the timeline has not checked yet (year 1 has no statistical year before it)."""
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=100_000_000)
    with pytest.raises(ValidationError) as refused:
        services.event_record(case=case, kind=EventKind.VERIFY, effective_date=D(1, 3, 1), today=TODAY)
    assert "effective_date" in refused.value.message_dict

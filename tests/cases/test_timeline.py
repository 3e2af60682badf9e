"""The state of a case on any date is derived from its events."""

from datetime import date as D

import pytest

from cases import timeline
from cases.models import CaseEvent, CaseStatus, Condition, EventKind, PostponementGround
from casework import services
from tests import factories
from tests.conftest import TODAY


def record(case, kind, day, **fields):
    return services.event_record(case=case, kind=kind, effective_date=day, today=TODAY, **fields)


@pytest.fixture
def history(tree):
    """Accepted, unable, able again, postponed by agreement, resumed, paid in two parts, handed over, completed."""
    case = factories.case(tree.unit1, decision_date=D(2023, 11, 1), accepted_on=D(2023, 11, 3), amount=80_000_000)
    record(case, EventKind.VERIFY, D(2023, 11, 20))
    record(case, EventKind.CLASSIFY, D(2023, 11, 21), condition=Condition.UNABLE)
    record(case, EventKind.VERIFY, D(2024, 5, 20))
    record(case, EventKind.CLASSIFY, D(2024, 5, 21), condition=Condition.ABLE)
    record(case, EventKind.POSTPONE, D(2024, 6, 1), ground=PostponementGround.AGREED)
    record(case, EventKind.RESUME, D(2024, 8, 1))
    record(case, EventKind.PAYMENT, D(2024, 9, 15), amount=30_000_000)
    record(case, EventKind.HANDOVER, D(2024, 10, 1), to_agency=tree.unit2)
    record(case, EventKind.PAYMENT, D(2024, 12, 1), amount=50_000_000)
    record(case, EventKind.COMPLETE, D(2024, 12, 2))
    case.refresh_from_db()
    return case


def state_on(case, day):
    return timeline.replay(case, list(case.events.all()), until=day)


def test_not_accepted_before_acceptance(history):
    assert state_on(history, D(2023, 11, 2)) is None


@pytest.mark.parametrize(
    "day, status, condition, collected, remaining, holder",
    [
        (D(2023, 11, 3), CaseStatus.ACTIVE, Condition.UNKNOWN, 0, 80_000_000, "unit1"),
        (D(2023, 12, 31), CaseStatus.ACTIVE, Condition.UNABLE, 0, 80_000_000, "unit1"),
        (D(2024, 6, 30), CaseStatus.POSTPONED, Condition.ABLE, 0, 80_000_000, "unit1"),
        (D(2024, 9, 30), CaseStatus.ACTIVE, Condition.ABLE, 30_000_000, 50_000_000, "unit1"),
        (D(2024, 10, 1), CaseStatus.ACTIVE, Condition.ABLE, 30_000_000, 50_000_000, "unit2"),
        (D(2024, 12, 1), CaseStatus.ACTIVE, Condition.ABLE, 80_000_000, 0, "unit2"),
        (D(2025, 9, 30), CaseStatus.COMPLETED, Condition.ABLE, 80_000_000, 0, "unit2"),
    ],
)
def test_state_on_a_date(history, tree, day, status, condition, collected, remaining, holder):
    state = state_on(history, day)
    assert (state.status, state.condition, state.collected, state.remaining) == (status, condition, collected, remaining)
    assert state.agency_id == getattr(tree, holder).pk


def test_stored_state_is_the_replay_of_all_events(history, tree):
    final = timeline.replay(history, list(history.events.all()))
    assert history.status == final.status == CaseStatus.COMPLETED
    assert history.closed_on == final.closed_on == D(2024, 12, 2)
    assert history.agency_id == tree.unit2.pk
    assert (history.collected_amount, history.remaining_amount) == (80_000_000, 0)
    assert history.version == 1 + 10  # created, then ten events


def test_events_are_attributed_to_the_agency_holding_the_case(history, tree):
    by_kind = {(e.kind, e.effective_date): e.agency_id for e in history.events.all()}
    assert by_kind[(EventKind.PAYMENT, D(2024, 9, 15))] == tree.unit1.pk
    assert by_kind[(EventKind.HANDOVER, D(2024, 10, 1))] == tree.unit1.pk  # the agency handing over
    assert by_kind[(EventKind.PAYMENT, D(2024, 12, 1))] == tree.unit2.pk


def test_same_day_events_keep_their_entry_order(tree):
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=5_000_000)
    record(case, EventKind.CLASSIFY, D(2024, 2, 1), condition=Condition.ABLE)
    record(case, EventKind.PAYMENT, D(2024, 2, 1), amount=5_000_000)
    record(case, EventKind.COMPLETE, D(2024, 2, 1))
    assert state_on(case, D(2024, 2, 1)).status == CaseStatus.COMPLETED


def test_events_are_append_only(history):
    event = history.events.first()
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert CaseEvent.objects.filter(pk=event.pk).exists()


def test_separate_register_and_return(tree):
    case = factories.case(tree.unit1, decision_date=D(2023, 1, 5), amount=9_000_000)
    record(case, EventKind.CLASSIFY, D(2023, 1, 20), condition=Condition.UNABLE)
    record(case, EventKind.VERIFY, D(2023, 7, 20))
    record(case, EventKind.VERIFY, D(2024, 1, 20))
    record(case, EventKind.SEPARATE_REGISTER, D(2024, 2, 1))
    assert state_on(case, D(2024, 1, 31)).in_separate_register is False
    assert state_on(case, D(2024, 2, 1)).in_separate_register is True
    record(case, EventKind.CLASSIFY, D(2025, 3, 1), condition=Condition.ABLE)
    assert state_on(case, D(2025, 3, 1)).in_separate_register is False

"""Random histories pushed through the services: whatever is accepted keeps every invariant, and
whatever is refused changes nothing."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import event as note_outcome
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cases import timeline
from cases.models import Case, CaseEvent, CaseStatus, Condition, EventKind, Initiation, PostponementGround
from casework import services, writing
from tests import factories

TODAY = date(2026, 11, 22)
KINDS = [k for k in EventKind if k not in (EventKind.ACCEPT, EventKind.COMPLAINT_RECEIVED, EventKind.COMPLAINT_RESOLVED)]

steps = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.integers(min_value=-5, max_value=400),  # days after the decision (negative: before it)
        st.integers(min_value=0, max_value=120_000_000),
        st.sampled_from([Condition.ABLE, Condition.UNABLE, ""]),
        st.sampled_from([PostponementGround.AGREED, ""]),
    ),
    max_size=14,
)


class TimelineProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        central = factories.agency("C")
        province = factories.agency("P", parent=central)
        cls.unit = factories.agency("P-1", parent=province)
        cls.other = factories.agency("P-2", parent=province)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(history=steps, ex_officio=st.booleans())
    def test_invariants(self, history, ex_officio):
        decided = date(2024, 3, 1)
        case = factories.case(self.unit, decision_date=decided, amount=100_000_000,
                              initiation=Initiation.EX_OFFICIO if ex_officio else Initiation.ON_REQUEST)
        for kind, offset, amount, condition, ground in history:
            before = (CaseEvent.objects.count(), Case.objects.values().get(pk=case.pk))
            to_agency = self.other if kind in (EventKind.ENTRUST_OUT, EventKind.HANDOVER) else None
            try:
                services.event_record(case=case, kind=kind, effective_date=decided + timedelta(days=offset),
                                      amount=amount, condition=condition, ground=ground, to_agency=to_agency,
                                      today=TODAY)
                note_outcome("accepted")
            except ValidationError as refused:
                note_outcome("refused")
                assert refused.message_dict  # always says which field
                assert (CaseEvent.objects.count(), Case.objects.values().get(pk=case.pk)) == before
            self.check(case)

    def check(self, case):
        case.refresh_from_db()
        events = list(case.events.all())
        final = timeline.replay(case, events)
        assert (case.status, case.condition, case.collected_amount, case.reduced_amount, case.remaining_amount,
                case.closed_on, case.agency_id) == (final.status, final.condition, final.collected, final.reduced,
                                                    final.remaining, final.closed_on, final.agency_id)
        assert case.remaining_amount == case.amount - case.collected_amount - case.reduced_amount >= 0
        assert (case.closed_on is not None) == (case.status not in CaseStatus.open_values())
        if case.closed_on:
            assert all(e.effective_date <= case.closed_on for e in events)
        # A timeline carried on by its last event (an import's path) is the timeline replayed whole.
        ordered, dates = timeline.ordered(events), writing.bounds(events, today=TODAY)
        prefix = timeline.Replay(case, ordered[:-1], dates)
        if len(ordered) > 1 and prefix.follows(ordered[-1]):
            carried, whole = prefix.then(ordered[-1]), timeline.Replay(case, ordered, dates)
            assert carried.state == whole.state and carried.states_at(dates) == whole.states_at(dates)
            note_outcome("carried on")
        collected = -1
        for event in timeline.ordered(events):
            state = timeline.replay(case, events, until=event.effective_date)
            assert state.collected >= collected
            collected = state.collected
            assert event.effective_date >= case.decision_date

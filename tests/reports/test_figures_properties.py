"""Random case histories: the identities always hold, the summary table kept by deltas always equals
a recomputation from the raw events, and carry-over is consistent from one year to the next."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cases.models import Case, CaseEvent, Condition, EventKind, Initiation, PostponementGround
from casework import services
from reports import summaries
from reports.calendar import Period
from reports.engine import compute
from reports.models import FigureCount
from tests import factories, summary_checks

TODAY = date(2026, 11, 22)
YEARS = (2023, 2024, 2025)
KINDS = [EventKind.VERIFY, EventKind.CLASSIFY, EventKind.CLASSIFY, EventKind.PAYMENT, EventKind.PAYMENT,
         EventKind.REDUCE, EventKind.POSTPONE, EventKind.SUSPEND, EventKind.RESUME, EventKind.TERMINATE,
         EventKind.COMPLETE, EventKind.ENTRUST_OUT, EventKind.REVOKE, EventKind.SEPARATE_REGISTER, EventKind.HANDOVER]

step = st.tuples(
    st.sampled_from(KINDS),
    st.integers(min_value=0, max_value=500),             # days after the previous step
    st.integers(min_value=0, max_value=60),               # amount in millions
    st.sampled_from([Condition.ABLE, Condition.UNABLE]),
    st.sampled_from([PostponementGround.AGREED, PostponementGround.OTHER]),
)
case_history = st.tuples(
    st.integers(min_value=0, max_value=1000),  # accepted this many days after 1/10/2022
    st.integers(min_value=0, max_value=60),    # amount in millions
    st.booleans(),                             # held by the first unit
    st.booleans(),                             # ex officio
    st.lists(step, max_size=8),
)


class FigureProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        central = factories.agency("C")
        cls.province = factories.agency("P", parent=central)
        cls.units = [factories.agency("P-1", parent=cls.province), factories.agency("P-2", parent=cls.province)]

    def record_history(self, histories):
        for offset, amount, first_unit, ex_officio, steps in histories:
            accepted = date(2022, 10, 1) + timedelta(days=offset)
            holder = self.units[0] if first_unit else self.units[1]
            other = self.units[1] if first_unit else self.units[0]
            case = factories.case(holder, decision_date=accepted, amount=amount * 1_000_000,
                                  initiation=Initiation.EX_OFFICIO if ex_officio else Initiation.ON_REQUEST)
            day = accepted
            for kind, gap, money, condition, ground in steps:
                day += timedelta(days=gap)
                if day > TODAY:
                    break
                case.refresh_from_db()
                target = other if case.agency_id == holder.pk else holder
                try:
                    services.event_record(case=case, kind=kind, effective_date=day, amount=money * 1_000_000,
                                          condition=condition, ground=ground, today=TODAY,
                                          to_agency=target if kind in (EventKind.ENTRUST_OUT, EventKind.HANDOVER)
                                          else None)
                except ValidationError:
                    pass

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(histories=st.lists(case_history, min_size=1, max_size=6))
    def test_summaries_identities_and_carry_over(self, histories):
        for year in YEARS:
            summaries.fill_year(year)
        self.record_history(histories)

        # 1. What the deltas kept equals a recomputation from the raw events.
        stored = {tuple(row[d] for d in FigureCount.DIMS): {c: row[c] for c in summaries.COLUMNS}
                  for row in FigureCount.objects.values(*FigureCount.DIMS, *summaries.COLUMNS)}
        cases = Case.objects.prefetch_related("events")
        assert stored == summaries.compute_rows(sorted(summaries.filled_years()), cases)  # writes fill theirs too
        # ... and the rollups the dashboards read are its sums.
        assert summary_checks.rollups_are_sums_of_the_summary_rows()

        for year in YEARS:
            for months in (1, 3, 6, 9, 12):
                report = compute(self.province, Period(year, months))
                # 2. The identities hold for the province and for each unit.
                assert report["identities_hold"], (year, months)
                for row in report["breakdowns"]["child"]:
                    for unit in ("cases", "money"):
                        v = row[unit]
                        assert v["to_enforce"] == (v["completed"] + v["in_progress"] + v["postponed"]
                                                   + v["suspended"] + v["without_conditions"]), (year, months, row)
                # 3. Carry-over: this year's carried_over = last year's carried_forward minus the
                # cases that moved to the separate register.
                if year > YEARS[0]:
                    check = report["carry_over_check"]
                    assert check["cases"]["ok"] and check["money"]["ok"], check
        assert CaseEvent.objects.exists()

"""Drill-down: the cases behind every figure are exactly as many as the figure says, for random
histories (postponements, the separate register, handovers, closings) and both readings of the
unconfirmed rules."""

from datetime import date as D
from math import ceil

from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Case
from cases.scoping import agency_scope_ids, covers_every_agency
from reports import summaries
from reports.behind import FIGURE_KEYS, WALK_FACTOR, cases_behind, figure_total, walking_pays
from reports.calendar import Period
from reports.engine import compute, scope_figures
from tests import factories

from . import test_figures_properties as base


class CasesBehindFigures(base.FigureProperties):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # The central agency's scope is every agency: its lists join no span for the holder, and
        # its closing figures none at all (reports.behind.cases_behind).
        cls.central = cls.province.parent
        cls.users = {agency.pk: factories.UserFactory(agency=agency)
                     for agency in (cls.central, cls.province, *cls.units)}

    def check_counts(self):
        assert covers_every_agency(agency_scope_ids(self.central.pk))
        for agency in (self.central, self.province, *self.units):
            scope = agency_scope_ids(agency.pk)
            user = self.users[agency.pk]
            for year in base.YEARS:
                for months in (6, 12):
                    period = Period(year, months)
                    report = compute(agency, period)
                    for key in FIGURE_KEYS:
                        assert cases_behind(Case.objects.all(), key, period, scope).count() == report["cases"][key], (
                            agency.code, year, months, key)
                        # What the list says without counting: a unit's user no longer sees the
                        # cases handed to the other unit after the period's end.
                        listed = cases_behind(Case.objects.for_user(user), key, period, scope).count()
                        assert figure_total(user, key, period, scope) == listed, (agency.code, year, months, key)

    @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(histories=st.lists(base.case_history, min_size=1, max_size=6), as_able=st.booleans(), agreed=st.booleans())
    def test_counts_equal_figures(self, histories, as_able, agreed):
        with override_settings(THADS_UNCLASSIFIED_AS_ABLE=as_able, THADS_AGREED_POSTPONEMENT_WITH_CONDITIONS=agreed):
            for year in base.YEARS:
                summaries.fill_year(year)
            self.record_history(histories)
            self.check_counts()

    # The inherited property test runs in its own module; do not run it twice.
    test_summaries_identities_and_carry_over = None


def test_walking_pays_for_a_figure_dense_enough_in_a_scope_large_enough(tree):
    # reports.behind.walking_pays: walk when figure × scope's cases ≥ WALK_FACTOR × country's cases.
    factories.outcomes_history(tree)
    factories.case(tree.other_unit, decision_date=D(2025, 11, 3))
    period = Period(2026, 12)
    unit = agency_scope_ids(tree.unit1.pk)
    accepted = scope_figures(unit, period).cases.values()["total_accepted"]
    country = scope_figures(agency_scope_ids(tree.central.pk), period).cases.values()["total_accepted"]
    assert 0 < accepted < country
    least = ceil(WALK_FACTOR * country / accepted)
    assert walking_pays(least, period, unit)
    assert not walking_pays(least - 1, period, unit)
    # The whole country's scope: its cases are the country's, so any figure of WALK_FACTOR cases or more.
    national = agency_scope_ids(tree.central.pk)
    assert walking_pays(WALK_FACTOR, period, national)
    assert not walking_pays(WALK_FACTOR - 1, period, national)

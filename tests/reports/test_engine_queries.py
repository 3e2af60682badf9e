"""One agency's figures with all breakdowns come from a fixed number of queries."""

from datetime import date as D

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import EventKind
from casework import services
from reports.calendar import Period
from reports.engine import compute
from reports.summaries import fill_missing
from tests import factories

TODAY = D(2026, 11, 22)
# scope (3) + agencies + succession links + closings + the by-agency figures + targets +
# initiation, judgment kind and flags together + the fill check
ENGINE_QUERIES = 10


def province_with(units, cases_per_unit, code):
    central = factories.agency(f"C{code}")
    province = factories.agency(f"P{code}", parent=central)
    for u in range(units):
        unit = factories.agency(f"P{code}-{u}", parent=province)
        officer = factories.OfficerFactory(agency=unit)
        for c in range(cases_per_unit):
            case = factories.case(unit, decision_date=D(2024, 1, 1 + c % 28), officer=officer)
            services.event_record(case=case, kind=EventKind.PAYMENT, effective_date=D(2024, 2, 1), amount=1000,
                                  today=TODAY)
    return province


def count(agency, period, **options):
    fill_missing({period.year, period.year - 1})
    with CaptureQueriesContext(connection) as queries:
        compute(agency, period, **options)
    return len(queries)


def test_query_count_does_not_depend_on_size(db):
    small, large = province_with(2, 1, "a"), province_with(8, 5, "b")
    period = Period(2024, 12)
    assert count(small, period) == count(large, period) == ENGINE_QUERIES
    unit = large.children.first()
    assert count(unit, period) == ENGINE_QUERIES + 2  # by officer: its grouped query and the names

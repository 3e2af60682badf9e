"""Across the 2025 restructure: a merged agency's previous year is the sum of its predecessors',
and the predecessors' own history is not rewritten."""

from datetime import date as D

import pytest

from cases.models import Condition, EventKind, SuccessionKind
from casework import agencies, services
from reports.calendar import Period
from reports.engine import compute, year_series
from tests import factories

TODAY = D(2026, 11, 22)
M = 1_000_000
END = D(2025, 6, 30)
START = D(2025, 7, 1)


def record(case, kind, day, **fields):
    services.event_record(case=case, kind=kind, effective_date=day, today=TODAY, **fields)


@pytest.fixture
def merged(db):
    old_centre = factories.agency("TC", valid_from=D(2009, 7, 1), valid_to=END)
    new_centre = factories.agency("CQL", valid_from=START)
    old_a = factories.agency("A", parent=old_centre, valid_from=D(2009, 7, 1), valid_to=END)
    old_b = factories.agency("B", parent=old_centre, valid_from=D(2009, 7, 1), valid_to=END)
    new = factories.agency("AB", parent=new_centre, valid_from=START)
    for old in (old_a, old_b):
        agencies.agency_succession_add(predecessor=old, successor=new, kind=SuccessionKind.MERGE,
                                       effective_date=START)
    agencies.agency_succession_add(predecessor=old_centre, successor=new_centre, kind=SuccessionKind.REORGANIZE,
                                   effective_date=START)
    # Year 2024 at A: one completed; at B: one open (able), carried into 2025 and handed over.
    done = factories.case(old_a, decision_date=D(2024, 2, 1), amount=10 * M)
    record(done, EventKind.CLASSIFY, D(2024, 2, 5), condition=Condition.ABLE)
    record(done, EventKind.PAYMENT, D(2024, 3, 1), amount=10 * M)
    record(done, EventKind.COMPLETE, D(2024, 3, 2))
    open_case = factories.case(old_b, decision_date=D(2024, 5, 1), amount=30 * M)
    record(open_case, EventKind.CLASSIFY, D(2024, 5, 5), condition=Condition.ABLE)
    record(open_case, EventKind.PAYMENT, D(2025, 2, 1), amount=5 * M)   # before the merger, at B
    record(open_case, EventKind.HANDOVER, START, to_agency=new)
    record(open_case, EventKind.PAYMENT, D(2025, 8, 1), amount=25 * M)  # after it, at the new agency
    record(open_case, EventKind.COMPLETE, D(2025, 8, 2))
    fresh = factories.case(new, decision_date=D(2025, 8, 10), amount=7 * M)
    return old_a, old_b, new, new_centre, fresh


def test_previous_year_of_a_merged_agency_is_the_sum_of_its_predecessors(merged):
    old_a, old_b, new, _centre, _fresh = merged
    report = compute(new, Period(2025, 12))
    a = compute(old_a, Period(2024, 12))
    b = compute(old_b, Period(2024, 12))
    for unit in ("cases", "money"):
        for key in ("new", "to_enforce", "completed", "with_conditions", "carried_forward"):
            assert report["previous"][unit][key] == a[unit][key] + b[unit][key], (unit, key)
    assert (report["previous"]["cases"]["to_enforce"], report["previous"]["cases"]["completed"]) == (2, 1)


def test_the_merged_year_counts_the_predecessors_months(merged):
    old_a, old_b, new, _centre, _fresh = merged
    report = compute(new, Period(2025, 12))
    assert (report["cases"]["carried_over"], report["cases"]["new"], report["cases"]["completed"]) == (1, 1, 1)
    assert report["money"]["completed_actual"] == 30 * M  # 5 collected at B before, 25 after
    assert report["carry_over_check"]["cases"]["ok"] and report["carry_over_check"]["money"]["ok"]


def test_history_as_published_is_not_rewritten(merged):
    old_a, old_b, new, _centre, _fresh = merged
    nine = compute(old_b, Period(2025, 9))  # to 30/6/2025, before the merger
    assert (nine["cases"]["to_enforce"], nine["cases"]["in_progress"]) == (1, 1)
    assert nine["money"]["completed_actual"] == 5 * M


def test_the_new_centre_sees_both_trees_and_a_series(merged):
    old_a, old_b, new, centre, _fresh = merged
    report = compute(centre, Period(2025, 12))
    assert report["cases"]["to_enforce"] == 2
    rows = {r["key"]: r for r in report["breakdowns"]["child"]}
    assert rows["AB"]["previous"]["cases"]["to_enforce"] == 2  # A and B's 2024 land in their successor's row
    series = year_series(new, 2025)
    assert [m["current"]["increments"]["cases"]["completed"] for m in series][10] == 1  # August
    assert sum(m["current"]["increments"]["money"]["completed_actual"] for m in series) == 30 * M
    assert series[11]["current"]["cases"]["completed"] == report["cases"]["completed"]

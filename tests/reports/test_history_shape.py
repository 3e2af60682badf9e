"""A period in the shape the tree had at its end (issue 23, point 3): a merged province's 2021 is
its predecessor's units, its predecessor's own cases a row of their own; today's periods are its
regional offices; a former agency is refused for periods after it ceased."""

from datetime import date as D

import pytest

from cases.choices import SuccessionKind
from casework import agencies
from reports.calendar import Period
from reports.engine import compute
from reports.forms import agency_period_problem
from tests import factories


@pytest.fixture
def merged(tree):
    end, start = D(2025, 6, 30), D(2025, 7, 1)
    old = factories.agency("OLD", parent=tree.central, valid_to=end, name="Cục THADS tỉnh Cũ")
    old_unit = factories.agency("OLD-U", parent=old, valid_to=end, name="Chi cục THADS huyện Cũ")
    new = factories.agency("NEW", parent=tree.central, valid_from=start, name="THADS tỉnh Mới")
    region = factories.agency("NEW-KV1", parent=new, valid_from=start, name="Phòng THADS khu vực 1")
    for predecessor, successor in ((old, new), (old_unit, region)):
        agencies.agency_succession_add(predecessor=predecessor, successor=successor, kind=SuccessionKind.MERGE,
                                       effective_date=start)
    factories.case(old_unit, decision_date=D(2021, 3, 1))
    factories.case(old, decision_date=D(2021, 4, 1))
    return old, old_unit, new, region


def test_a_past_period_is_shown_with_the_agencies_of_its_end(merged, vietnamese):
    old, old_unit, new, region = merged
    report = compute(new, Period(2021, 12))
    rows = [(row["key"], row.get("own", False), row["cases"]["to_enforce"]) for row in report["breakdowns"]["child"]]
    assert rows == [("OLD-U", False, 1), ("OLD", True, 1)]
    assert report["agency"]["stand_ins"] == ["Cục THADS tỉnh Cũ"] and report["cases"]["to_enforce"] == 2
    # The former Cục itself, for 2021: its Chi cục and its own cases, in its own name.
    own = compute(old, Period(2021, 12))
    assert own["agency"]["name"] == "Cục THADS tỉnh Cũ" and own["agency"]["stand_ins"] == []
    assert [(r["key"], r.get("own", False)) for r in own["breakdowns"]["child"]] == [("OLD-U", False), ("OLD", True)]
    # Today's period: the regional office (the old unit's work went there), then the province's own.
    today = compute(new, Period(2026, 9))
    assert [(r["key"], r.get("own", False)) for r in today["breakdowns"]["child"]] == [("NEW-KV1", False), ("NEW", True)]
    assert today["agency"]["stand_ins"] == []


def test_a_former_agency_is_refused_for_periods_after_it_ceased(merged, vietnamese):
    old, old_unit, new, region = merged
    assert agency_period_problem(old, Period(2025, 9)) is None  # ended 30/06/2025, inside: its 9 months
    assert "30/06/2025" in agency_period_problem(old, Period(2025, 12))  # its 12 months end after it
    assert "30/06/2025" in agency_period_problem(old, Period(2026, 3))
    assert agency_period_problem(new, Period(2021, 12)) is None  # a successor stands for its predecessors

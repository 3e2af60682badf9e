"""The dashboard shows the engine's numbers, and every number opens the list of exactly its cases."""

import pytest
from django.urls import reverse

from cases.models import User
from reports.calendar import Period
from reports.engine import compute
from tests import factories


@pytest.fixture
def history(tree, make_user):
    factories.outcomes_history(tree)
    return make_user(tree.province, User.Role.LEADERSHIP)


def test_cards_equal_the_engine_and_open_their_cases(client, tree, history):
    client.force_login(history)
    period = Period(2026, 6)
    response = client.get(reverse("home"), {"year": 2026, "months": 6})
    report = compute(tree.province, period)
    kpis = response.context["kpis"]
    for unit in ("cases", "money"):
        for card in kpis[unit]:
            assert card["value"] == report[unit][card["key"]], (unit, card["key"])
    for card in kpis["cases"]:
        listed = client.get(card["url"]).context["page"].count
        expected = report["cases"]["with_conditions"] if card["key"] == "rate" else card["value"]
        assert listed == expected, card["key"]
    rate = next(c for c in kpis["cases"] if c["key"] == "rate")
    assert rate["target"] == 60.0 and rate["status"] in ("good", "close", "bad")
    assert rate["delta"] == pytest.approx(report["cases"]["rate"] - 60.0)


def test_ranking_rows_open_child_dashboards_and_their_cases(client, tree, history):
    client.force_login(history)
    ranking = client.get(reverse("home"), {"year": 2026, "months": 12}).context["ranking"]
    rows = {r["label"]: r for r in ranking["rows"]}
    unit1 = rows[tree.unit1.name]
    assert unit1["url"].startswith("/?") and f"agency={tree.unit1.pk}" in unit1["url"]
    for key in ("to_enforce", "completed", "postponed", "without_conditions", "carried_forward"):
        assert client.get(unit1["links"][key]).context["page"].count == unit1["cases"][key], key
    marks = [r["marks"].get("cases") for r in ranking["rows"] if r["marks"]]
    assert sorted(marks) == ["best", "worst"]
    # The unit's own dashboard ranks its officers, and its charts get one bar per officer.
    leaf = client.get(unit1["url"])
    assert leaf.context["ranking"]["by_officer"] and leaf.context["agency"] == tree.unit1


def test_composition_adds_up_to_what_is_to_be_enforced(client, tree, history):
    client.force_login(history)
    context = client.get(reverse("home"), {"year": 2026, "months": 12}).context
    for unit in ("cases", "money"):
        parts = context["charts"]["composition"][unit]
        assert sum(p["value"] for p in parts) == context["report"][unit]["to_enforce"]
    series = context["charts"]["series"]["cases"]
    assert len(series["current"]) == 12 and series["current"][-1] == context["report"]["cases"]["rate"]

"""The figures of followed administrative judgments: the published TP.HCM 6-month 2019 figures
built as a register and read back, and the identities on random registers."""

import random
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from reports import thahc
from reports.calendar import Period
from tests import factories

TODAY = date(2026, 11, 22)


@pytest.fixture
def old_tree(db):
    """The test tree's shape, operating since 2015 (the figures of 2019)."""
    from types import SimpleNamespace

    central = factories.agency("C", valid_from=date(2015, 1, 1))
    province = factories.agency("P1", parent=central, valid_from=date(2015, 1, 1))
    other = factories.agency("P2", parent=central, valid_from=date(2015, 1, 1))
    return SimpleNamespace(
        province=province, unit1=factories.agency("P1-L1", parent=province, valid_from=date(2015, 1, 1)),
        unit2=factories.agency("P1-L2", parent=province, valid_from=date(2015, 1, 1)),
        other_unit=factories.agency("P2-L1", parent=other, valid_from=date(2015, 1, 1)))


def _tphcm(tree):
    """Domain primer §11, TP.HCM 6 months of 2019 (01/10/2018 – 31/3/2019): 54 followed = 39 carried
    over + 15 new; 16 with a compulsion decision; 5 completed; 49 still followed."""
    unit1, unit2 = tree.unit1, tree.unit2
    make = factories.followed_judgment
    for i in range(39):  # carried over: received in the statistical year 2018, open on 01/10/2018
        steps = [("notice", date(2018, 5, 3))]
        if i < 12:
            steps += [("compel", date(2018, 8, 1) + timedelta(days=i))]
        if i < 3:
            steps += [("complete", date(2018, 11, 5) + timedelta(days=i))]
        make(unit1 if i % 2 else unit2, received_on=date(2018, 5, 2), steps=steps)
    for i in range(15):  # new in the period
        received = date(2018, 10, 10) + timedelta(days=7 * i)
        steps = [("notice", received + timedelta(days=1))]
        if i < 4:
            steps += [("compel", received + timedelta(days=40))]
        if i < 2:
            steps += [("complete", received + timedelta(days=60))]
        make(unit1, received_on=received, steps=steps)
    # Outside the figures: completed before the year began; received after the period; another province's.
    make(unit1, received_on=date(2018, 2, 1), steps=[("notice", date(2018, 2, 2)), ("complete", date(2018, 9, 28))])
    make(unit1, received_on=date(2019, 4, 2))
    make(tree.other_unit, received_on=date(2018, 11, 2))
    # Counted only: received in the period, nothing to follow.
    make(unit2, received_on=date(2018, 12, 3), has_follow_up=False)


def test_published_tphcm_figures_come_back(old_tree):
    tree = old_tree
    _tphcm(tree)
    report = thahc.compute(tree.province, Period(2019, 6))
    figures = report["figures"]
    assert {k: figures[k] for k in ("followed", "carried_over", "new", "compelled", "completed", "still_followed",
                                    "ended")} == {"followed": 54, "carried_over": 39, "new": 15, "compelled": 16,
                                                  "completed": 5, "still_followed": 49, "ended": 0}
    assert (figures["counted"], figures["transferred"]) == (1, 55)
    assert figures.problems() == []
    by_child = {row["key"]: row["figures"] for row in report["children"]}
    assert by_child["P1-L1"]["followed"] + by_child["P1-L2"]["followed"] == 54
    assert by_child["P1-L2"]["counted"] == 1
    # The same period a year earlier: 40 received in the year 2018 by 31/3/2018 … none; the one
    # received 01/02/2018 was being followed then.
    assert report["previous"]["followed"] == 1 and report["previous"]["new"] == 1


def test_report_command_prints_them(old_tree, capsys):
    _tphcm(old_tree)
    call_command("thads_report", agency="P1", year=2019, months=6, kind="thahc", format="table", by="child")
    out = capsys.readouterr().out
    assert "Có nội dung theo dõi" in out and "(2)" in out
    first = next(line for line in out.splitlines() if line.startswith("Có nội dung theo dõi"))
    assert first.split()[-2:] == ["54", "1"]  # the province's total, then the same period of 2018
    call_command("thads_report", agency="P1", year=2019, months=10, kind="thahc", format="json")
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["period"]["end"] == "2019-07-31"
    assert data["figures"]["followed"] == 55 and data["problems"] == []


@pytest.mark.parametrize("seed", range(4))
def test_identities_hold_on_random_registers(tree, seed):
    rng = random.Random(seed)
    kinds = ["complete", "end_other", None, None]
    for _ in range(40):
        received = date(2022, 10, 1) + timedelta(days=rng.randrange(0, 900))
        follow = rng.random() < 0.8
        steps = []
        if follow and rng.random() < 0.9:
            day = received + timedelta(days=rng.randrange(0, 10))
            steps.append(("notice", day))
            if rng.random() < 0.4:
                day += timedelta(days=rng.randrange(30, 90))
                steps.append(("compel", day))
            ending = rng.choice(kinds)
            if ending:
                steps.append((ending, day + timedelta(days=rng.randrange(1, 200))))
        steps = [s for s in steps if s[1] <= TODAY]
        factories.followed_judgment(rng.choice([tree.unit1, tree.unit2]), received_on=received, has_follow_up=follow,
                                    steps=steps)
    for year in (2023, 2024, 2025):
        for months in (3, 6, 10, 12):
            report = thahc.compute(tree.province, Period(year, months))
            figures = report["figures"]
            assert figures.problems() == []
            for key in thahc.KEYS:  # the rows add up to the total
                assert sum(row["figures"][key] for row in report["children"]) == figures[key]
                assert sum(row["figures"][key] for row in report["officers"]) == figures[key]
            # What is still followed at a year's end is what the next year carries over.
            if months == 12:
                following = thahc.compute(tree.province, Period(year + 1, 3))["figures"]
                assert following["carried_over"] == figures["still_followed"]

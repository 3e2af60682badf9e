"""Every table reconciles, everywhere (issue 23, domain primer §6): on random registers, for both
values of THADS_AGREED_POSTPONEMENT_WITH_CONDITIONS, every relation the period XLSX prints under a
column number holds on every row of both sheets, and the figures page's rows add up:
to enforce = completed + being enforced + postponed + suspended + unable, and able = completed +
being enforced (+ the agreed postponements where the setting counts them as able)."""

import io
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from cases.models import Condition, EventKind, PostponementGround, User
from casework import services
from demo.province import DEMO_END, Generator
from reports import period_report, xlsx
from reports.calendar import Period
from tests import factories
from tests.workbooks import printed_relations_checked

pytestmark = pytest.mark.django_db


def register(seed, agreed, period):
    """A small province simulated from `seed`, written as every write is, and `agreed` cases more
    registered in its units through the services and postponed by the parties' agreement before
    the end of `period` (the simulation draws few of those); its tree."""
    generator = Generator(seed=seed, cases=60)
    tree = generator.build_tree()
    generator.generate(tree)
    generator.write()
    accepted = period.end - timedelta(days=40)
    for number in range(agreed):
        case = factories.case(tree.regions[number % len(tree.regions)], decision_date=accepted,
                              amount=(number + 1) * 7_000_000, today=DEMO_END)
        for kind, day, fields in ((EventKind.VERIFY, 5, {}), (EventKind.CLASSIFY, 6, {"condition": Condition.ABLE}),
                                  (EventKind.POSTPONE, 10 + number, {"ground": PostponementGround.AGREED})):
            services.event_record(case=case, kind=kind, effective_date=accepted + timedelta(days=day), today=DEMO_END,
                                  **fields)
    return tree


# Periods of the simulated register after the restructure (1/7/2025), where its cases are held.
PERIODS = [Period(2025, 12), Period(2026, 3), Period(2026, 6), Period(2026, 9), Period(2026, 12), Period(2027, 1)]


def add_up(rows: dict, agreed_inside: bool, is_money: bool):
    """The identities of the official table on the numbers a page shows (None: not shown)."""
    value = {key: rows[key] or 0 for key in rows}
    assert value["to_enforce"] == (value["completed"] + value["in_progress"] + value["postponed"]
                                   + value["suspended"] + value["without_conditions"])
    assert value["with_conditions"] == (value["completed"] + value["in_progress"]
                                        + (value["postponed_agreed"] if agreed_inside else 0))
    assert value["postponed_agreed"] <= value["postponed"]
    assert value["total_accepted"] == value["carried_over"] + value["new"]
    assert value["to_enforce"] == value["total_accepted"] - value["entrusted_out"] - value["revoked"]
    assert value["completed"] == (value["completed_actual"] + value["terminated"]
                                  + (value["reduced"] if is_money else 0))
    assert value["carried_forward"] == value["to_enforce"] - value["completed"]
    assert value["carried_forward_with_conditions"] == value["with_conditions"] - value["completed"]


@pytest.mark.parametrize("agreed_inside", [True, False], ids=["agreed inside able", "agreed outside"])
@settings(max_examples=4, deadline=None, phases=[Phase.explicit, Phase.generate],  # an example costs seconds
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), agreed=st.integers(1, 6), period=st.sampled_from(PERIODS),
       by=st.sampled_from(["child", "officer"]))
def test_every_table_reconciles_on_random_registers(client, agreed_inside, seed, agreed, period, by):
    with transaction.atomic(), override_settings(THADS_AGREED_POSTPONEMENT_WITH_CONDITIONS=agreed_inside):
        tree = register(seed, agreed, period)
        report = period_report.collect(tree.province, period, by=by, today=DEMO_END)
        assert report.figures["cases"]["postponed_agreed"] > 0  # what the setting is about is in the numbers
        assert printed_relations_checked(load_workbook(io.BytesIO(xlsx.build(report)))) > 0
        for unit in ("cases", "money"):
            add_up(report.figures[unit], agreed_inside, unit == "money")
            for row in report.rows:
                add_up(row[unit], agreed_inside, unit == "money")

        client.force_login(factories.UserFactory(agency=tree.province, role=User.Role.LEADERSHIP))
        page = client.get(reverse("figures"), {"year": period.year, "months": period.months, "agency": tree.province.pk})
        assert page.status_code == 200
        rows = page.context["rows"]
        for unit in ("cases", "money"):
            add_up({row["key"]: row[unit] for row in rows}, agreed_inside, unit == "money")
        transaction.set_rollback(True)

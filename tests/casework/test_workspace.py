"""The workspace ("Việc của tôi"): an officer's own cases, most urgent first, their figures against
the target; a clerk's or a leader's those of their unit; each list's count the case list's."""

from datetime import date as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Condition, EventKind, User
from casework import services
from tests import factories
from thads.today import local_today

R = User.Role


@pytest.fixture
def officer_user(tree, make_user):
    user = make_user(tree.unit1, R.OFFICER)
    factories.OfficerFactory(agency=tree.unit1, user=user, full_name="Lý Mạnh Sơn")
    return user


def _able(case, day=D(2024, 1, 20)):
    services.event_record(case=case, kind=EventKind.VERIFY, effective_date=day, today=local_today())
    services.event_record(case=case, kind=EventKind.CLASSIFY, effective_date=day, condition=Condition.ABLE,
                          today=local_today())


def test_an_officer_opens_on_their_own_cases_most_urgent_first(client, tree, officer_user, make_user, vietnamese):
    mine = factories.case(tree.unit1, officer=officer_user.officer, decision_number="1/QĐ-CCTHADS")
    _able(mine)
    other = factories.OfficerFactory(agency=tree.unit1)
    _able(factories.case(tree.unit1, officer=other, decision_number="2/QĐ-CCTHADS"))
    client.force_login(officer_user)
    assert client.get(reverse("start")).url == reverse("workspace")
    page = client.get(reverse("workspace"))
    lists = {work.focus.key: work for work in page.context["lists"]}
    assert [case.decision_number for case in lists["able_remaining"].cases] == ["1/QĐ-CCTHADS"]
    assert "2/QĐ-CCTHADS" not in page.content.decode()
    # The list behind each count is the case list's, with the same number.
    for work in page.context["lists"]:
        listing = client.get(reverse("case_list"), {"focus": work.focus.key, "officer": officer_user.officer.pk})
        assert listing.context["page"].count == work.count, work.focus.key
    # Leaders land on the dashboard; their workspace is their unit's.
    leader = make_user(tree.unit1, R.LEADERSHIP)
    client.force_login(leader)
    assert client.get(reverse("start")).url == reverse("home")
    lists = {work.focus.key: work for work in client.get(reverse("workspace")).context["lists"]}
    assert {case.decision_number for case in lists["able_remaining"].cases} == {"1/QĐ-CCTHADS", "2/QĐ-CCTHADS"}


def test_the_lists_come_most_urgent_first(tree, officer_user):
    from cases import focus, workspace

    overdue = factories.case(tree.unit1, officer=officer_user.officer, accepted_on=D(2024, 1, 11))  # never verified
    able = factories.case(tree.unit1, officer=officer_user.officer, decision_number="3/QĐ-CCTHADS")
    _able(able)
    keys = [work.focus.key for work in workspace.work_lists(officer_user, local_today())]
    assert keys == [key for key in focus.WORK_ORDER if key in keys]
    assert keys.index("verification_overdue") < keys.index("able_remaining")
    assert overdue.pk in [c.pk for w in workspace.work_lists(officer_user, local_today()) for c in w.cases]


def test_the_figures_are_the_officers_row_against_the_target(client, tree, officer_user, make_user, vietnamese):
    from reports.targets import target_set

    case = factories.case(tree.unit1, officer=officer_user.officer, decision_date=D(2025, 10, 2), amount=0,
                          accepted_on=D(2025, 10, 3))
    services.event_record(case=case, kind=EventKind.CLASSIFY, effective_date=D(2025, 10, 5), condition=Condition.ABLE,
                          today=local_today())
    target_set(agency=tree.unit1, year=2026, cases_rate="80", money_rate="40", user=make_user(tree.province, R.LEADERSHIP))
    from reports.calendar import Period
    from reports.own_figures import own_figures

    figures = own_figures(officer_user, Period(2026, 12))
    assert figures["cases"]["with_conditions"] == 1 and figures["cases"]["target"] == 80.0
    assert figures["cases"]["gap"] == float(figures["cases"]["rate"]) - 80.0


def test_the_workspace_costs_the_same_whatever_the_number_of_cases(client, tree, officer_user):
    client.force_login(officer_user)
    counts = []
    for batch in (2, 20):
        for _ in range(batch):
            _able(factories.case(tree.unit1, officer=officer_user.officer))
        client.get(reverse("workspace"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("workspace")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]

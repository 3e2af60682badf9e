"""Each page's number of SQL queries is fixed, whatever the number of cases behind it."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from cases.models import EventKind, User
from casework import services
from reports import behind
from tests import factories
from tests.conftest import TODAY
from thads import pagination

# Every page: session, the user with their agency (one query: cases.backend), the visible agencies
# (3: root path, subtree, predecessors), the sample-data flag (cached afterwards); then the page's
# own queries.
# Each page is measured with 2 and with 20 more cases: the count must not move.
PAGES = {
    # name: (url name, query string, budget)
    # the figures engine (9: a dashboard shows no breakdown by kind), the monthly series, the focus
    # counts (one query: none stale on the second visit), the largest cases; no crumbs above the
    # user's own agency, which the period form takes from the account without reading it again;
    # the followed administrative judgments (their figures, this year's and last, and their deadlines: one),
    # the steering committee's overdue conclusions (one)
    "dashboard": ("home", {"year": 2027, "months": 1}, 20),
    # another agency's scope (3), the officer breakdown (2), no child codes to look up; the asked
    # agency read by the form, its crumbs
    "dashboard_leaf": ("home", {"year": 2027, "months": 1, "agency": "unit1"}, 26),
    # the count, then (a short list) the matches' keys and the page's rows by id
    # Each list adds up the money of what it lists when it counts them exactly (a short list with
    # its matches' keys, issue 27: no query of its own; otherwise one query), and reads the person's
    # saved lists (one query).
    "case_list": ("case_list", {}, 12),
    "case_list_filtered": ("case_list", {"is_open": "true", "has_complaint": "true", "amount_min": "1.000"}, 12),
    # past thads.pagination.GATHER_UP_TO: the count, then the page walked in order, the money (one query)
    "case_list_long": ("case_list", {}, 12),
    # no count: the figure (the summary's years, the by-agency sums) less the cases handed out of
    # sight; the agencies of the page's cases on their own (on PostgreSQL two more: no sorts, then back)
    # A figure sorted, then walked (casework.views): the same page either way, the choice read from
    # the scope's and the country's figures.
    "case_list_figure": ("case_list", {"figure": "completed", "year": 2027, "months": 1}, 15),
    "case_list_figure_walked": ("case_list", {"figure": "completed", "year": 2027, "months": 1}, 15),
    # A rare state walks its span index, without weighing it.
    "case_list_figure_rare": ("case_list", {"figure": "suspended", "year": 2027, "months": 1}, 14),
    # no count: the kept counts, fresh ones summed in one query
    "case_list_focus": ("case_list", {"focus": "complaints"}, 12),
    # no header, no sample flag: the rows in one query (the user's agency, which the officer filter asks
    # about, came with the user)
    "case_export": ("case_export", {"is_open": "true"}, 6),
    # With its change history (its links named: a query a linked model) and its place on the committee's list.
    "case_detail": ("case_detail", {}, 14),
}


@pytest.fixture
def populated(tree, make_user):
    def add(n):
        for _ in range(n):
            case = factories.case(tree.unit1)
            services.complaint_receive(case=case, received_on=TODAY, today=TODAY)
            services.event_record(case=case, kind=EventKind.PAYMENT, effective_date=TODAY, amount=1000, today=TODAY)
        return case

    user = make_user(tree.province, User.Role.LEADERSHIP)
    return add, user


@pytest.mark.parametrize("page", sorted(PAGES))
def test_query_budget_does_not_grow(client, populated, tree, django_assert_num_queries, page, monkeypatch):
    add, user = populated
    client.force_login(user)
    name, params, budget = PAGES[page]
    if page.startswith("case_list_figure"):
        monkeypatch.setattr(behind, "WALK_FACTOR", 0 if page == "case_list_figure_walked" else 10**12)
        if page != "case_list_figure" and connection.vendor == "postgresql":
            budget += 2  # thads.pagination.walking_the_index
    if page == "case_list_long":
        monkeypatch.setattr(pagination, "GATHER_UP_TO", 1)
    params = {k: (getattr(tree, v).pk if k == "agency" else v) for k, v in params.items()}
    for batch in (2, 20):
        case = add(batch)
        url = reverse(name, args=[case.pk]) if name == "case_detail" else reverse(name)
        client.get(url, params)  # the summary table is filled on first use; measure the steady state
        cache.clear()
        with django_assert_num_queries(budget):
            response = client.get(url, params)
            assert response.status_code == 200
            if name == "case_export":
                b"".join(response.streaming_content)

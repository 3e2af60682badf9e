"""Each page's number of SQL queries is fixed, whatever the number of cases behind it."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from cases import services
from cases.models import EventKind, User
from tests import factories
from tests.conftest import TODAY

# Every page: session, user, the user's agency (header), the visible agencies (3: root path,
# subtree, predecessors), the sample-data flag (cached afterwards); then the page's own queries.
BUDGETS = {"home": 11, "case_list": 11, "case_detail": 10}


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


@pytest.mark.parametrize("page", sorted(BUDGETS))
def test_query_budget_does_not_grow(client, populated, django_assert_num_queries, page):
    add, user = populated
    client.force_login(user)
    for batch in (2, 20):
        case = add(batch)
        url = reverse(page, args=[case.pk]) if page == "case_detail" else reverse(page)
        cache.clear()
        with django_assert_num_queries(BUDGETS[page]):
            assert client.get(url).status_code == 200

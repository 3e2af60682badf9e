"""The dashboard is cached per agency, period, day, language and data version: a repeated visit
costs a handful of queries, and any write (form, bulk import, summary fill) shows at once."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from audit.recorder import followed
from cases.models import EventKind, User
from casework import bulk, services
from reports import summaries
from tests import factories
from thads import data_version

# Session, the user with their agency (one query): the scope is cached, the agency picker's options
# are drawn once per process under the tree version, the period form takes the user's agency from
# the account and there are no crumbs above it.
CACHED_DASHBOARD_QUERIES = 2


@pytest.fixture
def leader(tree, make_user):
    factories.outcomes_history(tree)
    for year in (2025, 2026):  # filled, as in use (a first fill is a write: it moves the version)
        summaries.fill_year(year)
    return make_user(tree.province, User.Role.LEADERSHIP)


def completed(response):
    return next(c["value"] for c in response.context["kpis"]["cases"] if c["key"] == "completed")


def test_a_second_visit_is_served_from_the_cache(client, leader, django_assert_num_queries):
    client.force_login(leader)
    query = {"year": 2026, "months": 12}
    first = client.get(reverse("home"), query)
    with django_assert_num_queries(CACHED_DASHBOARD_QUERIES):
        second = client.get(reverse("home"), query)
    # The page as rendered, not the figures behind it (those are only read on a miss).
    assert "report" not in second.context
    assert second.context["body"] == first.context["body"]
    assert first.context["ranking"]["rows"][0]["label"] in second.content.decode()
    # Another user of the same agency gets the same figures, with their own breadcrumbs.
    assert second.context["breadcrumbs"] == []


def test_the_agency_picker_shows_a_renamed_agency_at_once(client, tree, leader):
    client.force_login(leader)
    query = {"year": 2026, "months": 12}
    assert tree.unit1.name in client.get(reverse("home"), query).content.decode()
    tree.unit1.name = "Phòng Thi hành án dân sự khu vực Mới"
    tree.unit1.save()
    followed(updated=[(tree.unit1, {})])  # as the admin's form does after a rename: moves the tree version
    for url in (reverse("home"), reverse("case_list")):
        page = client.get(url, query if url == reverse("home") else {}).content.decode()
        assert f'<option value="{tree.unit1.pk}">Phòng Thi hành án dân sự khu vực Mới</option>' in page
    # The option picked is marked, the same drawn options serving every choice.
    page = client.get(reverse("home"), {**query, "agency": tree.unit2.pk}).content.decode()
    assert f'<option value="{tree.unit2.pk}" selected>' in page
    assert f'<option value="{tree.unit1.pk}">' in page


def test_any_write_shows_at_once(client, tree, leader):
    client.force_login(leader)
    query = {"year": 2026, "months": 12}
    before = completed(client.get(reverse("home"), query))
    case = factories.case(tree.unit1, decision_date=date(2025, 11, 2), amount=10_000_000)
    services.event_record(case=case, kind=EventKind.PAYMENT, effective_date=date(2025, 12, 1), amount=10_000_000,
                          today=date(2026, 11, 22))
    services.event_record(case=case, kind=EventKind.COMPLETE, effective_date=date(2025, 12, 2),
                          today=date(2026, 11, 22))
    assert completed(client.get(reverse("home"), query)) == before + 1

    # Bulk writes send no signals; they move the version themselves.
    version = data_version.current()
    outcome = bulk.create_cases([], user=leader, today=date(2026, 11, 22))
    assert outcome.created == 0
    summaries.fill_year(2026)
    assert data_version.current() != version


def test_each_language_has_its_own_copy(client, leader):
    client.force_login(leader)
    with translation.override("vi"):
        assert "Thi hành xong" in client.get(reverse("home")).content.decode()
    client.cookies["django_language"] = "en"
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Completed" in page

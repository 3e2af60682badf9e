"""What issue 27 changed in how a page reads, each against the plain way it replaced: the same
pages, totals, aggregates, forms and cache values, for less."""

from datetime import date as D

import pytest
from django import forms
from django.db import connection
from django.template import engines
from django.test import RequestFactory

from cases import selectors
from cases.case_sorts import CASE_SORTS
from cases.filters import CaseFilter
from cases.lookups import Ids
from cases.models import Agency, Case, Officer, User
from tests import factories
from thads import cache, pagination
from thads.aggregates import aggregate


@pytest.fixture
def cases(tree):
    for i in range(30):
        factories.case(tree.unit1 if i % 3 else tree.unit2, amount=(i % 7 + 1) * 1_000_000,
                       decision_date=D(2024, 1, 1 + i % 28))
    return Case.objects.filter(agency__path__startswith=tree.province.path)


def _walk(queryset, sort_key):
    """Every page of `queryset` through keyset_page's plain walk, and back from the last."""
    return _pages(queryset, sort_key)


def _pages(queryset, sort_key, **options):
    sort, pages, after = CASE_SORTS[sort_key], [], None
    while True:
        page = pagination.keyset_page(queryset, sort, after=after, before=None, size=7, **options)
        pages.append([row.pk for row in page.object_list])
        if not page.next_cursor:
            break
        after = page.next_cursor
    back = pagination.keyset_page(queryset, sort, after=None, before=page.previous_cursor, size=7, **options)
    return pages, [row.pk for row in back.object_list], page


@pytest.mark.parametrize("sort_key", ["-decision_date", "amount", "-remaining"])
def test_a_search_reading_its_keys_past_the_cap_pages_as_a_walk_does(cases, sort_key, monkeypatch):
    monkeypatch.setattr(pagination, "GATHER_UP_TO", 0)  # the plain path walks
    walked = _walk(cases, sort_key)
    # Thirty matches, ten counted: read to the end (40), or not (20: the usual way after the keys).
    for read_up_to in (40, 20):
        pages, back, last = _pages(cases, sort_key, gather=True, cap=10, gather_past_cap=read_up_to,
                                   sums=selectors.TOTALS)
        assert (pages, back) == walked[:2], read_up_to
        assert (last.count, last.count_capped, last.totals) == (10, True, None)


def test_a_short_lists_money_comes_with_its_keys(cases):
    page = pagination.keyset_page(cases, CASE_SORTS["-decision_date"], after=None, before=None, size=7,
                                  sums=selectors.TOTALS)
    assert page.count == 30 and page.totals == selectors.case_totals(cases)


@pytest.mark.parametrize("sort_key", ["-decision_date", "accepted_on", "-remaining"])
def test_a_part_of_the_country_sorts_its_matches_into_the_same_pages(cases, sort_key, monkeypatch):
    # On PostgreSQL the rows come from a sort of the matches (thads.pagination._sorted_rows), with
    # their money; elsewhere the flag changes nothing. The same pages either way.
    monkeypatch.setattr(pagination, "GATHER_UP_TO", 0)
    walked = _walk(cases, sort_key)
    for past_cap in (False, True):
        assert _pages(cases, sort_key, sort_matches=True, sort_past_cap=past_cap)[:2] == walked[:2]
    first = pagination.keyset_page(cases, CASE_SORTS[sort_key], after=None, before=None, size=7, sums=selectors.TOTALS,
                                   sort_matches=True)
    assert first.totals == (selectors.case_totals(cases) if connection.vendor == "postgresql" else None)
    # Counted past the cap, a province's list walks; a unit's still sorts (the same pages).
    assert _pages(cases, sort_key, sort_matches=True, sort_past_cap=True, cap=5)[:2] == walked[:2]


def test_aggregate_gives_what_django_gives(cases):
    from django.db.models import Count, Q, Sum

    wanted = {"n": Count("pk"), "large": Count("pk", filter=Q(amount__gte=5_000_000)), "money": Sum("amount")}
    assert aggregate(cases, **wanted) == cases.aggregate(**wanted)
    assert aggregate(cases.none(), **wanted) == cases.none().aggregate(**wanted) == {"n": 0, "large": 0, "money": None}
    nothing = cases.filter(amount__lt=0)
    assert aggregate(nothing, **wanted) == nothing.aggregate(**wanted)


def test_any_of_reads_the_same_rows_wrapped_or_not(cases, tree):
    scope = frozenset(Agency.objects.in_subtree(tree.province).values_list("pk", flat=True))
    plain = set(Case.objects.filter(agency_id__any_of=scope).values_list("pk", flat=True))
    assert plain == set(Case.objects.filter(agency_id__any_of=Ids(scope)).values_list("pk", flat=True))
    assert plain == set(Case.objects.filter(agency_id__any_of=list(scope)).values_list("pk", flat=True))
    assert plain == set(cases.values_list("pk", flat=True))
    assert not Case.objects.filter(agency_id__any_of=Ids(frozenset())).exists()


def test_the_signed_in_user_comes_with_their_agency(client, tree, make_user, django_assert_num_queries):
    from cases.backend import Backend

    user = make_user(tree.unit1)
    with django_assert_num_queries(1):
        read = Backend().get_user(user.pk)
        assert read.agency.short_name == tree.unit1.short_name
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert Backend().get_user(user.pk) is None
    assert Backend().get_user(10**9) is None


def _case_filter(user, data):
    request = RequestFactory().get("/cases/", data)
    return CaseFilter(request.GET, queryset=selectors.visible_cases(user), user=user, today=D(2026, 11, 22))


def test_the_filter_forms_class_is_shared_but_never_its_users_choices(tree, make_user):
    # The form class is built once per filter set class; each user's agencies and officers are their own.
    Officer.objects.create(agency=tree.unit1, code="CHV-P1", full_name="Người Tỉnh Một")
    Officer.objects.create(agency=tree.other_unit, code="CHV-P2", full_name="Người Tỉnh Hai")
    first = _case_filter(make_user(tree.province), {})
    second = _case_filter(make_user(tree.other_province), {})
    assert type(first.form) is type(second.form)
    for case_filter, mine, theirs in ((first, tree.unit1, tree.other_unit), (second, tree.other_unit, tree.unit1)):
        html = str(case_filter.form["agency"]) + str(case_filter.form["officer"])
        assert mine.name in html and theirs.name not in html
        agencies = set(case_filter.form.fields["agency"].queryset.values_list("pk", flat=True))
        assert mine.pk in agencies and theirs.pk not in agencies
    assert "Người Tỉnh Một" in str(first.form["officer"]) and "Người Tỉnh Hai" not in str(first.form["officer"])
    # Asking for another province's agency is refused, as before.
    refused = _case_filter(make_user(tree.province), {"agency": tree.other_unit.pk})
    assert not refused.is_valid() and "agency" in refused.form.errors
    # A filter method still finds its own filter set (a shallow copy, its method bound to it).
    case = factories.case(tree.unit1)
    factories.case(tree.unit2)
    mine = _case_filter(make_user(tree.province), {"is_open": "true", "agency": tree.unit1.pk})
    assert mine.is_valid() and mine.filters["is_open"].parent is mine
    assert list(mine.qs) == [case]


def test_form_fields_write_what_the_include_wrote(tree, make_user, vietnamese):
    # Bound with good and bad values, so that errors, values and the selected options show.
    user = make_user(tree.province)
    case_filter = _case_filter(user, {"q": "<b>x</b>", "decided_from": "xx", "amount_min": "1.000", "is_open": "true",
                                      "agency": tree.unit1.pk, "year": "1", "imported": "1_2"})
    case_filter.is_valid()
    engine = engines["django"]
    included = engine.from_string('{% for field in form %}{% if not field.is_hidden %}{% include "includes/field.html" %}'
                                  '{% endif %}{% endfor %}').render({"form": case_filter.form})
    written = engine.from_string("{% load vn %}{% form_fields form %}").render({"form": case_filter.form})
    assert written.split() == included.split()
    only = engine.from_string("{% load vn %}{% form_fields form only=names %}").render(
        {"form": case_filter.form, "names": ("q", "agency")})
    assert 'name="q"' in only and 'name="agency"' in only and 'name="officer"' not in only


@pytest.mark.parametrize("widget", [forms.TextInput(attrs={"placeholder": "a \"b\" <c>"}), forms.NumberInput(),
                                    forms.DateInput(), forms.HiddenInput()])
def test_a_plain_input_is_djangos_input(widget):
    from thads.widgets import PLAIN_INPUTS

    class Form(forms.Form):
        field = forms.CharField(widget=widget, required=True)

    for data in ({"field": "x & <y>"}, {}, None):
        form = Form(data)
        expected = str(form["field"])
        form.fields["field"].widget.__class__ = PLAIN_INPUTS[type(widget)]
        assert str(form["field"]).split() == expected.split(), data


def test_a_request_reads_the_versions_and_the_sample_flag_once(db, monkeypatch):
    from cases.context_processors import SAMPLE_FLAG_KEY
    from thads import data_version

    reads = []
    for name in ("get", "get_many"):
        method = getattr(cache, name)
        monkeypatch.setattr(cache, name, lambda *a, _m=method, _n=name, **k: reads.append(_n) or _m(*a, **k))
    with cache.reading_once():
        first = data_version.current()
        assert data_version.tree_current() is not None and cache.get_once(SAMPLE_FLAG_KEY) is None
        assert reads == ["get_many"]  # the three in one round trip, then never again
        data_version.changed()  # a write in the request: the request reads the version it moved to
        assert data_version.current() != first
    reads.clear()
    data_version.current(), data_version.current()
    assert reads == ["get", "get"]  # outside a request: plain reads

"""The national rollup (FigureNational): FigureCount summed per period over every agency, kept equal
to a recomputation from the raw events by the same writes, imports, fills and rebuilds as the other
rollups. A national scope's series and totals read it; any other scope reads the by-agency rollup."""

import importlib
from collections import defaultdict
from datetime import date as D

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, EventKind, User
from cases.scoping import agency_scope_ids
from casework import imports, services
from reports import engine, summaries
from reports.calendar import Period
from reports.models import FigureByAgency, FigureNational
from tests import factories, summary_checks
from tests.casework.test_import import csv_bytes, event_row, events_csv, row

TODAY = D(2026, 11, 22)
YEARS = (2025, 2026, 2027)


def national_rows() -> dict:
    return {(r["year"], r["months"]): {c: r[c] for c in summaries.COLUMNS}
            for r in FigureNational.objects.values("year", "months", *summaries.COLUMNS)
            if any(r[c] for c in summaries.COLUMNS)}


def recomputed() -> dict:
    """The raw events' figures of every filled year, summed over every agency and officer."""
    sums = defaultdict(lambda: dict.fromkeys(summaries.COLUMNS, 0))
    rows = summaries.compute_rows(sorted(summaries.filled_years()), Case.objects.prefetch_related("events"))
    for key, values in rows.items():
        for column, value in values.items():
            sums[key[:2]][column] += value
    return {key: values for key, values in sums.items() if any(values.values())}


def assert_national_is_recomputed():
    expected = recomputed()
    assert expected, "nothing to compare"
    assert national_rows() == expected
    assert summary_checks.rollups_are_sums_of_the_summary_rows()


@pytest.fixture
def clerk(tree, make_user):
    return make_user(tree.central, User.Role.CLERK)


def history(tree):
    """Cases in both provinces, paid, entrusted across provinces, completed, revoked."""
    first = factories.case(tree.unit1, decision_date=D(2025, 10, 6), amount=40_000_000)
    second = factories.case(tree.other_unit, decision_date=D(2025, 11, 3), amount=90_000_000)
    third = factories.case(tree.unit2, decision_date=D(2026, 2, 2), amount=10_000_000)
    services.event_record(case=first, kind=EventKind.PAYMENT, effective_date=D(2025, 12, 1), amount=15_000_000,
                          today=TODAY)
    services.event_record(case=Case.objects.get(pk=second.pk), kind=EventKind.ENTRUST_OUT,
                          effective_date=D(2026, 1, 5), to_agency=tree.unit2, today=TODAY)
    services.event_record(case=Case.objects.get(pk=first.pk), kind=EventKind.PAYMENT, effective_date=D(2026, 3, 9),
                          amount=25_000_000, today=TODAY)
    services.event_record(case=Case.objects.get(pk=third.pk), kind=EventKind.REVOKE,
                          effective_date=D(2026, 4, 1), today=TODAY)


def test_entries_keep_it_equal_to_a_recomputation(tree):
    for year in YEARS:
        summaries.fill_year(year)
    history(tree)
    assert_national_is_recomputed()


def test_imports_keep_it_equal_to_a_recomputation(tree, clerk):
    for year in YEARS:
        summaries.fill_year(year)
    rows = [row(unit, f"{i}/QĐ-CCTHADS", **{
        "Ngày quyết định": f"0{1 + i}/10/2025", "Ngày thụ lý": f"0{1 + i}/10/2025",
        "Ngày bản án, quyết định": "01/09/2025", "Số tiền phải thi hành (đồng)": f"{(i + 1) * 10_000_000}"})
        for i, unit in enumerate((tree.unit1, tree.unit2, tree.other_unit, tree.unit1))]
    assert imports.import_cases(csv_bytes(rows), "viec.csv", user=clerk, today=TODAY).errors == []
    events = [event_row(case, "Thu tiền", "15/11/2025", f"{case.amount // 2}")
              for case in Case.objects.select_related("agency").order_by("decision_number")]
    assert imports.import_events(events_csv(events), "su-kien.csv", user=clerk, today=TODAY).errors == []
    assert_national_is_recomputed()


def test_a_fill_and_a_rebuild_recompute_it(tree):
    history(tree)  # fills the years it touches
    FigureNational.objects.filter(year=2026, months=1).delete()  # as if it had drifted
    FigureNational.objects.update(cases_new=7, money_completed_actual=1)
    summaries.fill_year(2026)
    assert {k: v for k, v in national_rows().items() if k[0] == 2026} == {
        k: v for k, v in recomputed().items() if k[0] == 2026}
    assert summaries.rebuild(until_year=2027)
    assert_national_is_recomputed()


def test_the_migration_fills_it_from_the_by_agency_rows(tree):
    history(tree)
    FigureNational.objects.all().delete()
    migration = importlib.import_module("reports.migrations.0008_figure_national")
    migration.fill_from_by_agency(apps, connection)
    assert_national_is_recomputed()


def series_rates(series):
    return [(m["current"]["cases"], m["current"]["money"], m["previous"]["cases"]) for m in series]


def test_a_national_series_reads_it_and_a_province_the_by_agency_rows(tree):
    history(tree)
    national, province = agency_scope_ids(tree.central.pk), agency_scope_ids(tree.province.pk)
    with CaptureQueriesContext(connection) as queries:
        series = engine.year_series(tree.central, 2026, national)
    read = " ".join(q["sql"] for q in queries)
    assert FigureNational._meta.db_table in read and FigureByAgency._meta.db_table not in read
    with CaptureQueriesContext(connection) as queries:
        engine.year_series(tree.province, 2026, province)
    read = " ".join(q["sql"] for q in queries)
    assert FigureByAgency._meta.db_table in read and FigureNational._meta.db_table not in read
    # The same figures as the by-agency rows give: the national one read from them for a scope
    # that lacks one agency of the tree, here an empty one.
    factories.agency("P1-L9", parent=tree.province)
    assert series_rates(engine.year_series(tree.central, 2026, national)) == series_rates(series)
    assert series[5]["current"]["cases"]["total_accepted"] == 3
    period = Period(2026, 6)
    assert engine.scope_figures(national, period).cases.values()["total_accepted"] == 3


def test_a_scope_without_every_agency_does_not_read_it(tree):
    history(tree)
    elsewhere = factories.agency("P3", parent=factories.agency("C2"))  # under a second root, outside C's scope
    factories.case(elsewhere, decision_date=D(2025, 11, 3))
    scope = agency_scope_ids(tree.central.pk)
    assert elsewhere.pk not in scope
    period = Period(2026, 6)
    assert engine.scope_figures(scope, period).cases.values()["total_accepted"] == 3
    assert engine.year_series(tree.central, 2026, scope)[5]["current"]["cases"]["total_accepted"] == 3
    everything = scope | {elsewhere.pk}
    assert engine.scope_figures(everything, period).cases.values()["total_accepted"] == 4


def test_a_large_scope_reads_the_same_sums(tree, monkeypatch):
    """A scope past summary_sql.MANY_AGENCIES keeps its agencies' rows among its periods' (on
    PostgreSQL, not through the index): the same figures as a small scope's read."""
    from reports import summary_sql

    history(tree)
    period = Period(2026, 9)
    scope = agency_scope_ids(tree.central.pk)
    expected = engine.compute(tree.central, period, scope_ids=scope)
    monkeypatch.setattr(summary_sql, "MANY_AGENCIES", 0)
    assert engine.compute(tree.central, period, scope_ids=scope) == expected
    assert expected["cases"]["total_accepted"] == 3
    assert [row["cases"]["total_accepted"] for row in expected["breakdowns"]["child"]] == [2, 1]


def test_a_national_scope_is_known_once_a_root_scope_is_read(tree, django_assert_num_queries):
    """covers_every_agency costs no query: it learns the whole tree from the read of a root's scope
    (the same number of queries as before), and until then says no (the by-agency rows are read)."""
    from cases.models import Agency
    from cases.scoping import covers_every_agency

    everything = frozenset(Agency.objects.values_list("pk", flat=True))
    with django_assert_num_queries(0):
        assert not covers_every_agency(everything)
    assert agency_scope_ids(tree.central.pk) == everything
    province = agency_scope_ids(tree.province.pk)
    with django_assert_num_queries(0):
        assert covers_every_agency(everything)
        assert not covers_every_agency(province | {tree.central.pk})


def test_a_scopes_rows_are_kept_by_the_process_until_the_tree_changes(tree, django_assert_num_queries):
    """engine.resolve_scope: read once, then from the process's memory (no query, no cache round
    trip) under the tree version; a new unit is a row the next read has."""
    from cases.scoping import agency_scope_ids as scope_ids

    period = Period(2026, 12)
    first = engine.resolve_scope(tree.province, period, scope_ids(tree.province.pk))
    assert [c["code"] for c in first.children] == ["P1-L1", "P1-L2"]
    with django_assert_num_queries(0):
        again = engine.resolve_scope(tree.province, period, scope_ids(tree.province.pk))
    assert again.child_of is first.child_of  # the process's own, not unpickled from the cache again
    factories.agency("P1-L3", parent=tree.province)
    assert [c["code"] for c in engine.resolve_scope(tree.province, period).children] == ["P1-L1", "P1-L2", "P1-L3"]

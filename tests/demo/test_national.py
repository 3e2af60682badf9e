"""The national dataset generator (PostgreSQL only: it loads with COPY), at a small scale."""

import hashlib
import re

import pytest
from django.conf import settings
from django.db import connection, transaction

from cases.models import Agency, Case, CaseEvent, Complaint, Officer
from demo import national
from reports import summaries
from reports.models import FigureCount
from tests import summary_checks

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                       reason="the national generator loads with PostgreSQL's COPY"),
]

CASES_PER_YEAR = 1500


class Rollback(Exception):
    pass


def _plain(definition):
    """An index definition without casts and brackets: PostgreSQL prints a recreated partial
    index's condition with its casts moved (the same condition)."""
    return re.sub(r"::(character varying|text)(\[\])?|[()\s]", "", definition)


def schema():
    """The tables' indexes, constraints (and other tables' keys to them) and triggers with their
    state, by name and definition."""
    tables = [model._meta.db_table for model in national.TABLES]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)", [tables])
        indexes = {(name, _plain(definition)) for name, definition in cursor.fetchall()}
        cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid::regclass::text"
                       " = ANY(%s) OR confrelid::regclass::text = ANY(%s)", [tables, tables])
        constraints = set(cursor.fetchall())
        cursor.execute("SELECT tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text"
                       " = ANY(%s)", [tables])
        return indexes, constraints, set(cursor.fetchall())


def fingerprint() -> str:
    """The generated data, its cases by id and their agencies and officers by code (the tree's ids
    differ from one run to the next), so two runs can be compared."""
    digest = hashlib.sha256()
    codes = dict(Agency.objects.values_list("pk", "code"))
    officers = dict(Officer.objects.values_list("pk", "code"))
    kinds = {}
    for event_id, case_id, kind, day, amount in CaseEvent.objects.order_by("case_id", "id").values_list(
            "id", "case_id", "kind", "effective_date", "amount"):
        kinds.setdefault(case_id, []).append(f"{event_id}:{kind}{day}{amount}")
    for case in Case.objects.order_by("pk").values("pk", "issuing_agency_id", "agency_id", "officer_id",
                                                   "decision_number", "amount", "accepted_on", "status"):
        digest.update(repr((case["pk"], codes[case["issuing_agency_id"]], codes[case["agency_id"]],
                            officers[case["officer_id"]], case["decision_number"], case["amount"],
                            case["accepted_on"], case["status"], kinds[case["pk"]])).encode())
    return digest.hexdigest()


def test_layouts_give_355_regional_offices_in_34_provinces():
    layouts = national.layouts()
    assert len(layouts) == 34
    assert sum(len(layout.regions) for layout in layouts) == 355
    assert all(layout.regions for layout in layouts)
    # Every old Chi cục is taken over by exactly one regional office of its new province.
    for layout in layouts:
        taken = [key for keys in layout.regions.values() for key in keys]
        assert sorted(taken) == sorted((old, key) for old, units in layout.old_units.items() for key, *_ in units)


def test_generate_loads_the_country_and_its_summary_rows_equal_a_recomputation():
    before = schema()
    totals = national.generate(years=1, cases_per_year=CASES_PER_YEAR, workers=1, log=lambda message: None)

    assert Agency.objects.filter(code__startswith="PTHADS-").count() == 355
    assert Agency.objects.filter(level=Agency.Level.PROVINCIAL, valid_to__isnull=True).count() == 34
    generator = national.NationalGenerator
    assert Officer.objects.count() == 34 * generator.OFFICERS_AT_PROVINCE + 355 * generator.OFFICERS_PER_REGION
    # The requested cases (years × cases a year, spread from the first year to the end), plus the
    # cases entrusted between units (a second case at the receiving unit).
    assert CASES_PER_YEAR < totals["cases"] == Case.objects.count() < 1.1 * CASES_PER_YEAR
    assert totals["events"] == CaseEvent.objects.count() > 5 * totals["cases"]
    assert totals["complaints"] == Complaint.objects.count() > 0
    assert Case.objects.filter(entrusted_from__isnull=False).exists()
    # Every case of these years was accepted after the 2025 restructure: the regional offices hold them.
    assert set(Case.objects.values_list("agency__level", flat=True).distinct()) == {"local"}

    # The indexes, unique constraints and foreign keys dropped for the load are all back, and the
    # triggers turned off for it are on again.
    assert schema() == before
    assert ("cases_event_not_before_decision", "O") in before[2]
    assert any(name == "reports_lateentry_event_id_b7556426_fk_cases_caseevent_id" for name, _d in before[1])

    # The summary rows are what the figures' definition gives from the stored events.
    years = sorted(summaries.filled_years())
    assert years == [2026, 2027]
    stored = {tuple(row[:8]): dict(zip(summaries.COLUMNS, row[8:], strict=True))
              for row in FigureCount.objects.values_list(*FigureCount.DIMS, *summaries.COLUMNS)}
    assert len(stored) == totals["summary_rows"]
    assert stored == summaries.compute_rows(years, Case.objects.prefetch_related("events").order_by("pk"))
    assert summary_checks.rollups_are_sums_of_the_summary_rows()
    assert summary_checks.spans_follow_the_events()

    # Sequences follow the loaded ids: the next case created by the register gets a fresh one.
    last = Case.objects.order_by("-pk").values_list("pk", flat=True).first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('cases_case', 'id'))")
        assert cursor.fetchone()[0] > last


def test_generate_is_deterministic_and_workers_do_not_change_the_data():
    prints = []
    for workers in (1, 2):
        try:
            with transaction.atomic():
                national.generate(years=1, cases_per_year=600, workers=workers, log=lambda message: None)
                prints.append(fingerprint())
                raise Rollback
        except Rollback:
            pass
    assert prints[0] == prints[1]


def test_generate_refuses_a_register_that_has_cases():
    from tests import factories

    factories.case(factories.agency("TEST-TINH", parent=factories.agency("TEST-TW")))
    with pytest.raises(RuntimeError, match="empty"):
        national.generate(years=1, cases_per_year=10, workers=1)

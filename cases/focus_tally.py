"""The focus lists' counts per agency, kept so that a national dashboard sums a few thousand rows
instead of counting a million open cases.

Every write to a case moves its agency's change counter (FocusChange), in the writer's
transaction: casework.writing calls `touched` with the agency before and after the write and the
holder an event is attributed to (the one a handover leaves). A read recounts, in one grouped
query, only the agencies whose counter moved since their count or whose count is from another
day (the lists are relative to today), and sums the rest. The counts come from cases.focus.counts, the lists' one definition.

A counter read before a recount that cannot yet see a write's rows is lower than the one that
write commits, so the next read recounts that agency: a count is never kept past a write.
"""

from django.db import connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce

from thads.aggregates import aggregate

from . import focus
from .lookups import Ids
from .models import Case, FocusChange, FocusCount


def touched(agency_ids):
    """Move the change counters of these agencies (call in the writing transaction)."""
    ids = sorted({pk for pk in agency_ids if pk is not None})  # one lock order for every writer
    if not ids:
        return
    table, quote = FocusChange._meta.db_table, connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(table)} (agency_id, version) VALUES (%s, 1) "
            f"ON CONFLICT (agency_id) DO UPDATE SET version = {quote(table)}.version + 1",
            [(pk,) for pk in ids])


def forget_all():
    """After a bulk load that bypasses `touched` (the demo, the national dataset)."""
    FocusCount.objects.all().delete()


KEPT = frozenset(f.key for f in focus.FOCUS_LISTS)  # the lists whose counts are kept per agency


def counts(agency_ids, today) -> dict:
    """{focus key: number of cases} over the agencies, recounting the stale ones first."""
    agency_ids = frozenset(agency_ids)
    # One query when every count is fresh (the usual case): the fresh rows summed by the database,
    # with their number. Tuples and sums, not model instances: a national read has a row per
    # agency, a thousand of them, and decoding their JSON cost more than the queries.
    fresh = _fresh(agency_ids, today)
    keys = [f.key for f in focus.FOCUS_LISTS]
    sums = aggregate(fresh, fresh=Count("pk"), **{key: Sum(Cast(KT(f"counts__{key}"), IntegerField())) for key in keys})
    if sums["fresh"] < len(agency_ids):
        stale = agency_ids - set(fresh.values_list("agency_id", flat=True))
        _recount(stale, today, dict(FocusChange.objects.filter(agency_id__any_of=stale).values_list("agency_id",
                                                                                                   "version")))
        sums = FocusCount.objects.filter(agency_id__any_of=agency_ids).aggregate(
            **{key: Sum(Cast(KT(f"counts__{key}"), IntegerField())) for key in keys})
    return {key: sums[key] or 0 for key in keys}


def _fresh(agency_ids, today):
    """The agencies' counts that are from today and as of their change counter."""
    counter = FocusChange.objects.filter(agency_id=OuterRef("agency_id")).values("version")
    return FocusCount.objects.filter(agency_id__any_of=Ids(agency_ids), day=today,
                                     version=Coalesce(Subquery(counter), Value(0)))


def _recount(agency_ids, today, versions) -> dict:
    conditions = focus.counts_by_agency(Case.objects.filter(agency_id__any_of=agency_ids), today)
    rows = {pk: FocusCount(agency_id=pk, day=today, version=versions.get(pk, 0),
                           counts=conditions.get(pk, dict.fromkeys((f.key for f in focus.FOCUS_LISTS), 0)))
            for pk in agency_ids}
    with transaction.atomic():
        FocusCount.objects.bulk_create(rows.values(), update_conflicts=True, unique_fields=["agency"],
                                       update_fields=["day", "version", "counts"])
    return rows


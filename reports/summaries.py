"""Keeping the summary table (FigureCount) equal to a recomputation from the raw events.

A year is filled once (all its cases, in bulk); after that, every write to a case applies the
difference between the case's contributions before and after the write (Zulip's analytics
pattern, with deltas instead of a periodic job). Zero rows are not stored.

The rollups (FigureByKind, FigureByAgency, FigureNational) are FigureCount summed over fewer keys,
for the reads that need no officer (FigureNational: no agency either): recomputed from it by a
grouped insert after a bulk fill, and given the same deltas, summed to their keys, after a write.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from cases.models import Case, CaseEvent
from thads import data_version, formatting, inserts
from thads.today import local_today
from thads.updates import update_each

from .calendar import statistical_year, year_end, year_start
from .contributions import case_contributions, dims_key, each_contribution
from .figures import BASE, base_columns
from .models import FigureByAgency, FigureByKind, FigureCount, FigureFill, FigureNational

COLUMNS = base_columns()
ROLLUPS = (FigureByKind, FigureByAgency, FigureNational)
# What a rollup is recomputed from, when not FigureCount: a rollup summed to fewer keys (the same
# sums, from fewer rows), refreshed before it in ROLLUPS' order.
ROLLUP_SOURCES = {FigureNational: FigureByAgency}
# What a stored column can hold (reports.models: 32-bit counts, 64-bit money). Amounts are capped
# (cases.amounts), so only a great many of the largest in one row could pass it; the write that
# would is refused, and every stored row stays readable and summable.
COUNT_CEILING, MONEY_CEILING = 2**31 - 1, 2**63 - 1
CEILINGS = {column: COUNT_CEILING if column.startswith("cases_") else MONEY_CEILING for column in COLUMNS}


def filled_years() -> set[int]:
    return set(FigureFill.objects.values_list("year", flat=True))


# One lock between filling a year and applying writes' deltas (PostgreSQL; SQLite writes one at a
# time anyway). A fill holds it alone; a write holds it shared from the moment it reads which years
# are filled until it commits. Otherwise a write could commit while a fill that read the case before
# it was still running, and apply its difference to no filled year: the year would miss it. Two
# fills of one year would also collide on the rows' unique keys.
FILL_LOCK = 0x7448_4144  # "tHAD"


def _lock_fills(*, shared: bool):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_advisory_xact_lock{'_shared' if shared else ''}(%s)", [FILL_LOCK])


def _row_key(period, dims) -> dict:
    return {
        "year": period.year, "months": period.months, "agency_id": dims.agency_id, "officer_key": dims.officer_key,
        "initiation": dims.initiation, "judgment_kind": dims.judgment_kind,
        "is_credit_institution": dims.is_credit_institution, "is_corruption_asset": dims.is_corruption_asset,
    }


def _flatten(cases, money) -> dict:
    return {**{f"cases_{k}": v for k, v in cases.items()}, **{f"money_{k}": v for k, v in money.items()}}


def _cases_for_year(year):
    """Cases that can count in the year: accepted by its end and not closed before its start."""
    return (
        Case.objects.filter(accepted_on__lte=year_end(year))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=year_start(year)))
        .prefetch_related(Prefetch("events", queryset=CaseEvent.objects.order_by("effective_date", "id")))
        .order_by("pk")
    )


def new_totals() -> dict:
    """Row key tuple -> list of column values (COLUMNS order); `nonzero` turns it into rows."""
    return {}


def add_case(totals, years, case, events):
    """Add one case's contributions (its events in timeline order) to `totals`.

    Written for speed (a national rebuild adds millions of cases): plain tuples and lists, and
    the cases and money parts are in BASE order, as COLUMNS is."""
    width = len(BASE)
    nonzero_of = {}  # id of a (shared) contribution -> its non-zero columns
    dims_of = {}  # agency id -> the row key's Dims values
    for period, agency_id, parts in each_contribution(case, events, years):
        dims = dims_of.get(agency_id)
        if dims is None:
            dims = dims_of[agency_id] = dims_key(case, agency_id)
        key = (period.year, period.months, *dims)
        row = totals.get(key)
        if row is None:
            row = totals[key] = [0] * (2 * width)
        columns = nonzero_of.get(id(parts))
        if columns is None:
            cases, money = parts
            columns = nonzero_of[id(parts)] = [
                *((i, v) for i, v in enumerate(cases.values()) if v),
                *((i, v) for i, v in enumerate(money.values(), width) if v),
            ]
        for index, value in columns:
            row[index] += value


def nonzero(totals) -> dict:
    return {key: dict(zip(COLUMNS, row, strict=True)) for key, row in totals.items() if any(row)}


def compute_rows(years, cases) -> dict:
    """{row key tuple: column values} for the given years, recomputed from the raw events."""
    totals = new_totals()
    for case in cases:
        add_case(totals, years, case, list(case.events.all()))
    return nonzero(totals)


def key_columns(model=FigureCount) -> list:
    return [model._meta.get_field(name.removesuffix("_id")).column for name in model.DIMS]


def table_columns() -> list:
    """The summary table's columns in row order: the keys, then the base figures."""
    return key_columns() + COLUMNS


def rolled_up(rows, model, source=FigureCount) -> dict:
    """Rows of `source` ((key tuple, column values) pairs) summed to the keys of `model`: in memory,
    what refresh_rollups does in SQL (a key of any stored row is kept, even if it sums to zero)."""
    positions = [source.DIMS.index(name) for name in model.DIMS]
    groups = defaultdict(list)
    for key, values in rows:
        groups[tuple(key[i] for i in positions)].append(values)
    return {key: list(map(sum, zip(*group, strict=True))) for key, group in groups.items()}


def refresh_rollups(years, models=ROLLUPS):
    """Recompute the rollups of the years from the summary rows, one grouped insert each."""
    quote = connection.ops.quote_name
    placeholders = ", ".join(["%s"] * len(years))
    with connection.cursor() as cursor:
        for model in models:
            source = quote(ROLLUP_SOURCES.get(model, FigureCount)._meta.db_table)
            model.objects.filter(year__in=years).delete()
            keys = ", ".join(quote(c) for c in key_columns(model))
            sums = ", ".join(f"SUM({quote(c)})" for c in COLUMNS)
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({keys}, {', '.join(quote(c) for c in COLUMNS)}) "
                f"SELECT {keys}, {sums} FROM {source} WHERE {quote('year')} IN ({placeholders}) GROUP BY {keys}", list(years))


def _insert(model, rows):
    """Insert (key tuple, {column: value}) rows (`thads.inserts`: the ORM's bulk_create is far
    slower here)."""
    columns = key_columns(model) + COLUMNS
    inserts.insert_rows(model, columns, [(*key, *(values.get(c, 0) for c in COLUMNS)) for key, values in rows])


def _write(years, rows):
    """Replace the years' rows."""
    _lock_fills(shared=False)
    data_version.changed()  # rows written in bulk
    FigureCount.objects.filter(year__in=years).delete()
    _insert(FigureCount, rows.items())
    refresh_rollups(years)
    for year in years:
        FigureFill.objects.update_or_create(year=year)


@transaction.atomic
def fill_year(year: int):
    """(Re)compute every summary row of a statistical year from the raw events."""
    _write([year], compute_rows([year], _cases_for_year(year).iterator(chunk_size=2000)))


def _first_accepted():
    return Case.objects.order_by("accepted_on").values_list("accepted_on", flat=True).first()


def _unfilled(years, today) -> list[int]:
    """The years asked for that are not filled, future years aside (nothing can count in them)."""
    current = statistical_year(today or local_today())
    return sorted(year for year in set(years) - filled_years() if year <= current)


def missing_years(years, *, today=None) -> list[int]:
    """The years asked for whose figures cannot be read yet: not filled, neither in the future nor
    before the register's first acceptance (nothing counts there: they read as zero)."""
    unfilled = _unfilled(years, today)
    if not unfilled:
        return []
    first = _first_accepted()
    return [] if first is None else [year for year in unfilled if year >= statistical_year(first)]


def fill_missing(years, *, today=None) -> list[int]:
    """Fill the years asked for that are not filled (an empty one too: reading it then costs no
    look at the register); what filling is for (the command fill_figures, the scheduled task, a
    period's closing, a report's build, a write). Never a page's read. Checked again once the
    fills' lock is held: another fill may just have done them."""
    if not _unfilled(years, today):
        return []  # the common case: nothing to fill, no lock taken
    with transaction.atomic():
        _lock_fills(shared=False)
        missing = _unfilled(years, today)
        for year in missing:
            fill_year(year)
    return missing


def fill_all_missing(*, today=None) -> list[int]:
    """Every year that cannot be read yet, from the register's first acceptance to today's."""
    first = _first_accepted()
    if first is None:
        return []
    return fill_missing(range(statistical_year(first), statistical_year(today or local_today()) + 1), today=today)


def fill_before_writing(since, *, today=None):
    """Fill the years from `since` (a date) to today's that are not yet filled, before a write's
    rows are saved (a case registered, an event recorded, one by one or imported; an officer's
    assignment changes no year, only the filled years' rows): its difference is then applied to every
    year it touches, and held by the ceilings like every other (a year filled later from the
    register would sum rows that no write was checked against). A year is filled once: most writes
    find theirs filled already, at the cost of one query."""
    current = statistical_year(today or local_today())
    # From the year before: what every page compares with (empty when nothing came before, so no
    # page has to ask the register whether it is).
    fill_missing(range(statistical_year(since) - 1, current + 1), today=today)


@transaction.atomic
def rebuild(*, until_year=None):
    """Refill every year from the first acceptance to the current one, in one pass over the cases."""
    first = _first_accepted()
    if first is None:
        return []
    years = list(range(statistical_year(first), (until_year or statistical_year(local_today())) + 1))
    cases = Case.objects.prefetch_related(
        Prefetch("events", queryset=CaseEvent.objects.order_by("effective_date", "id"))
    ).order_by("pk").iterator(chunk_size=2000)
    _write(years, compute_rows(years, cases))
    return years


class Deltas:
    """The differences writes make to the summary rows of the filled years, summed per row and
    written at the end (in the writes' transaction): one write per row touched, however many cases.

    A case moves some twenty rows (every cumulative period after its event, in every filled year)
    by a few differences, most of them the same: summed per group of rows that one difference
    moves (the same keys, in the same order, for every case of one agency that a write changes
    alike), and spread over the rows in `apply`."""

    def __init__(self):
        _lock_fills(shared=True)  # until the write commits: no fill runs under it (FILL_LOCK)
        self.years = sorted(filled_years())
        self.groups = {}  # the keys a difference moves → (cases base, money base) differences, by figure

    def add(self, case, before, after, *, before_case=None, since=None):
        """The difference between two replays of a case's timeline (`before` None: a new case);
        `before_case` is the case as it was, when a write changed its breakdown keys (the officer).
        `since`: the date from which the two timelines may differ (a write's earliest new event): a
        period ending before it reads the same states in both, and is not compared."""
        if not self.years:
            return
        if before_case is not None:
            since = None  # its keys changed: every period moves
        before = case_contributions(before_case or case, before, self.years, since) if before is not None else {}
        after = case_contributions(case, after, self.years, since)
        moved = {}  # (id of the values, sign) → (values, sign, the keys they move)
        for parts, other, sign in ((after, before, 1), (before, after, -1)):
            for key, values in parts.items():
                if other and other.get(key) == values:
                    continue  # the same in both: no difference
                # Periods with the same state at their bounds share one values object (each_contribution).
                found = moved.get((id(values), sign))
                if found is None:
                    found = moved[id(values), sign] = (values, sign, [])
                found[2].append(key)
        groups = self.groups
        for (cases_base, money_base), sign, keys in moved.values():
            keys = tuple(keys)
            group = groups.get(keys)
            if group is None:
                group = groups[keys] = (defaultdict(int), defaultdict(int))
            cases, money = group
            for name, value in cases_base.items():
                if value:
                    cases[name] += sign * value
            for name, value in money_base.items():
                if value:
                    money[name] += sign * value

    def apply(self):
        rows = defaultdict(lambda: (defaultdict(int), defaultdict(int)))
        for keys, (cases, money) in self.groups.items():
            for key in keys:
                row_cases, row_money = rows[key]
                for name, value in cases.items():
                    row_cases[name] += value
                for name, value in money.items():
                    row_money[name] += value
        changes = {model: defaultdict(lambda: defaultdict(int)) for model in (FigureCount, *ROLLUPS)}
        for (period, dims), (cases, money) in rows.items():
            key = _row_key(period, dims)
            delta = [*((f"cases_{name}", value) for name, value in cases.items()),
                     *((f"money_{name}", value) for name, value in money.items())]
            for model, model_rows in changes.items():
                row = model_rows[tuple(key[name] for name in model.DIMS)]
                for column, value in delta:
                    row[column] += value
        for model, model_rows in changes.items():
            deltas = {key: delta for key, row in model_rows.items() if (delta := {c: v for c, v in row.items() if v})}
            if deltas:
                _apply_deltas(model, deltas)
        self.groups.clear()


def _check_within_ceilings(row):
    for column, ceiling in CEILINGS.items():
        if abs(getattr(row, column)) > ceiling:
            raise ValidationError({"amount": _(
                "The figures of this agency would exceed what the database can hold (%(max)s đ in one row): nothing "
                "was saved. Check the amounts entered.") % {"max": formatting.integer(MONEY_CEILING)}},
                code="totals_out_of_range")


def _apply_deltas(model, deltas: dict):
    """Add each delta to its row, in a few statements however many rows a write touches (a case's
    event moves every cumulative period after it, in every filled year): the rows read and locked
    at once, in one order for every writer (two never lock crosswise), then updated, deleted when
    nothing is left in them, or created."""
    keys = sorted(deltas)
    found = {}
    for rows in _rows_of(model, keys):
        for row in rows:
            found[tuple(getattr(row, name) for name in model.DIMS)] = row
    changed, emptied, new = [], [], []
    for key in keys:
        row = found.get(key)
        if row is None:
            row = model(**dict(zip(model.DIMS, key, strict=True)), **deltas[key])
            new.append((key, row))
        else:
            for column, value in deltas[key].items():
                setattr(row, column, getattr(row, column) + value)
            (changed if any(getattr(row, column) for column in COLUMNS) else emptied).append(row)
        _check_within_ceilings(row)
    if changed:
        update_each(model, changed, sorted({column for key in keys for column in deltas[key]}))
    if emptied:
        model.objects.filter(pk__in=[row.pk for row in emptied]).delete()
    if new:
        try:
            with transaction.atomic():
                _insert(model, [(key, deltas[key]) for key, _ in new])
        except IntegrityError:  # some created meanwhile by a concurrent write: add to those instead
            for key, _ in new:
                _apply_delta(model, dict(zip(model.DIMS, key, strict=True)), deltas[key])


# Past this many rows (an import's, a loader's), they are read by their years and agencies, not
# key by key: a condition naming tens of thousands of keys costs more to build than the rows to read.
MANY_KEYS = 2000


def _rows_of(model, keys):
    """The stored rows of these keys (and, for many keys, the other rows of their years and
    agencies), locked, in one order for every writer."""
    locked = model.objects.select_for_update().order_by(*model.DIMS)
    if len(keys) > MANY_KEYS and "agency_id" in model.DIMS:  # the national rollup: a few keys a year
        years = sorted({key[0] for key in keys})
        agencies = sorted({key[model.DIMS.index("agency_id")] for key in keys})
        yield locked.filter(year__in=years, agency_id__any_of=agencies)  # one read: locked in key order
        return
    for start in range(0, len(keys), 200):
        condition = Q()
        for key in keys[start:start + 200]:
            condition |= Q(**dict(zip(model.DIMS, key, strict=True)))
        yield locked.filter(condition)


def _apply_delta(model, key: dict, delta: dict):
    row = model.objects.select_for_update().filter(**key).first()
    if row is None:
        row = model(**key)
        for column, value in delta.items():
            setattr(row, column, value)
        _check_within_ceilings(row)
        try:
            with transaction.atomic():
                row.save()
            return
        except IntegrityError:  # created meanwhile by a concurrent write: add to it instead
            row = model.objects.select_for_update().get(**key)
    for column, value in delta.items():
        setattr(row, column, getattr(row, column) + value)
    _check_within_ceilings(row)
    if any(getattr(row, column) for column in COLUMNS):
        row.save()
    else:
        row.delete()

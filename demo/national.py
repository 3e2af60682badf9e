"""A national dataset for measuring at scale: 34 provinces, 355 regional offices, millions of cases.

Each province is simulated by the demo's generator (same proportions, same timeline checks), seeded
by the national seed and the province's code, in worker processes. The rows go to PostgreSQL with
COPY, in one transaction, with the tables' secondary indexes and foreign keys dropped while loading
and rebuilt at the end (as pg_restore does). The tables are emptied in that transaction, so the
rows are written frozen (COPY FREEZE: the VACUUM after the load has nothing left to do), and the
row triggers whose rule the generator has already checked are off while loading. The summary rows
are computed from the same simulated timelines by the one definition of the figures
(reports.contributions), so a sampled recomputation from the stored events must find them equal;
their rollups are summed in the workers too (a province's rows are all of its agencies' rows),
then ordered by key as a fill would write them.
"""

import math
import multiprocessing
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection, transaction
from django.db.models import UniqueConstraint

from cases import focus_tally, search, spans
from cases.data.provinces import NEW_PROVINCES
from cases.models import Agency, AgencySuccession, Case, CaseEvent, CaseSpan, Complaint, Officer, User
from casework.agency_tree import load_provincial_tree
from reports import summaries
from reports.calendar import statistical_year, year_start
from reports.models import FigureByAgency, FigureByKind, FigureCount, FigureFill, FigureNational
from thads import data_version

from . import province as demo

NATIONAL_SEED = 20261122
REGIONAL_OFFICES = 355
UNITS_PER_REGION = 2  # about 700 Chi cục before the restructure
# Before the restructure the two big cities had about three times a usual province's districts.
OLD_WEIGHT = {"Hà Nội": 3, "Hồ Chí Minh": 3}
TABLES = (Case, CaseEvent, Complaint, CaseSpan, FigureCount, *summaries.ROLLUPS)
# COPY files by label, in loading order (cases before what refers to them).
LOADS = {"case": Case, "complaint": Complaint, "event": CaseEvent, "span": CaseSpan, "figure": FigureCount,
         "by_kind": FigureByKind, "by_agency": FigureByAgency}
# Row triggers off while loading, each because the generator checks its rule on every row already:
# an event dated before the case's decision is refused by timeline.apply, which replays every
# simulated case (demo.Generator._check). Run for each of 26 million events, it took a third of
# the load. A trigger not named here stays on.
CHECKED_BY_THE_GENERATOR = {"cases_caseevent": ["cases_event_not_before_decision"]}


def layouts() -> list:
    """Every new province's local tier: the demo province as it is, the others synthesised so that
    the country has 355 regional offices, each taking over two Chi cục of one old province."""
    demo_layout = demo.demo_layout()
    others = [(short, olds) for short, (_kind, olds) in NEW_PROVINCES.items() if short != demo_layout.province]
    old_shorts = [old for _short, olds in others for old in olds]
    counts = _apportion(REGIONAL_OFFICES - len(demo_layout.regions), [OLD_WEIGHT.get(o, 1) for o in old_shorts])
    per_old = dict(zip(old_shorts, counts, strict=True))
    result = []
    for short, (_kind, olds) in NEW_PROVINCES.items():
        if short == demo_layout.province:
            result.append(demo_layout)
            continue
        old_units, regions = {}, {}
        for old in olds:
            old_units[old] = []
            for _index in range(per_old[old]):
                keys = []
                for _unit in range(UNITS_PER_REGION):
                    number = len(old_units[old]) + 1
                    key = f"{number:02d}"
                    old_units[old].append((key, f"Chi cục Thi hành án dân sự số {number} - {old}", f"Chi cục số {number}"))
                    keys.append(key)
                regions[len(regions) + 1] = [(old, key) for key in keys]
        result.append(demo.Layout(short, old_units, regions))
    return result


def _apportion(total, weights) -> list:
    """Split `total` in proportion to `weights` (largest remainders), at least one each."""
    whole = sum(weights)
    shares = [max(1, total * w // whole) for w in weights]
    order = sorted(range(len(weights)), key=lambda i: -(total * weights[i] % whole))
    for index in order[: total - sum(shares)]:
        shares[index] += 1
    return shares


class Record:
    """An unsaved row as plain attributes: creating a model instance costs ten times more, and a
    national dataset has tens of millions of them. Foreign keys given as objects also set `<name>_id`."""

    pk = None

    def __init__(self, **fields):
        for name in self.RELATIONS:
            if name in fields:
                related = fields[name]
                fields[f"{name}_id"] = related.pk if related is not None else None
        self.__dict__.update(fields)


def _record_class(model, relations):
    defaults = {f.attname: f.get_default() for f in model._meta.concrete_fields if f.attname != "id"}
    return type(f"{model.__name__}Record", (Record,), {**defaults, "RELATIONS": relations})


CaseRecord = _record_class(Case, ("issuing_agency", "agency", "officer"))
EventRecord = _record_class(CaseEvent, ("to_agency",))


class NationalGenerator(demo.Generator):
    # About four thousand enforcement officers nationally (domain primer §9).
    OFFICERS_AT_PROVINCE = 6
    OFFICERS_PER_REGION = 10

    def new_case(self, **fields):
        return CaseRecord(**fields)

    def new_event(self, **fields):
        return EventRecord(**fields)


@dataclass
class Shard:
    """One province's generated rows, written to COPY files."""

    index: int
    files: dict  # model label -> path
    cases: int
    events: int
    complaints: int
    summary_rows: int


# --- the worker side --------------------------------------------------------------------------

_job = {}  # set before the workers fork: trees, plan, id blocks

# Each province's rows take ids from blocks of their own, sized by its requested cases (ids per
# case: entrusted cases add a few, a case has six or seven events), so that no worker waits for
# another to learn where its ids start: the ids are the same whichever worker finishes first, with
# gaps between provinces.
ID_ROOM = {"case": 1.25, "event": 16, "complaint": 1}


def id_blocks(counts, starts) -> list[dict]:
    """The first id of each province's blocks, in province order, from the first free ids."""
    blocks, following = [], dict(starts)
    for count in counts:
        blocks.append(dict(following))
        for name in ID_ROOM:
            following[name] += _block_size(name, count)
    return blocks


def _block_size(name, count) -> int:
    return math.ceil(count * ID_ROOM[name]) + 100  # a few more for a small province's chance


def _generate_shard(index) -> Shard:
    """Simulate one province, compute its summary rows, give its rows ids from its own blocks and
    write its COPY files."""
    job = _job
    tree, cases = job["trees"][index], job["counts"][index]
    generator = NationalGenerator(seed=f"{job['seed']}:{tree.province.code}", cases=cases, end=job["end"],
                                  first=job["first"], backlog=1.0)
    generator.generate(tree)
    totals = summaries.new_totals()
    for plan in generator.plans:
        summaries.add_case(totals, job["years"], plan.case, plan.events)
    rows = [(key, values) for key, values in totals.items() if any(values)]

    complaints = [complaint for _plan, complaint in generator._complaints]
    events = sum(len(plan.events) for plan in generator.plans)
    bases = job["blocks"][index]
    for name, used in (("case", len(generator.plans)), ("event", events), ("complaint", len(complaints))):
        if used > _block_size(name, cases):
            raise RuntimeError(f"{tree.province.short_name}: {used} {name} rows, more ids than set aside for them.")
    for offset, plan in enumerate(generator.plans):
        plan.case.id = plan.case.pk = bases["case"] + offset
    for offset, (plan, complaint) in enumerate(generator._complaints):
        complaint.id = bases["complaint"] + offset
        complaint.case_id = plan.case.pk

    files = {label: os.path.join(job["directory"], f"{index:02d}-{label}.tsv") for label in LOADS}
    with open(files["case"], "w") as out:
        for plan in generator.plans:
            out.write(_case_line(plan))
    with open(files["complaint"], "w") as out:
        for complaint in complaints:
            out.write(_line([getattr(complaint, column) for column in COLUMNS[Complaint]]))
    with open(files["event"], "w") as out:
        event_id = bases["event"]
        for plan in generator.plans:
            case_id = plan.case.pk
            for event, holder in zip(plan.events, plan.holders, strict=True):
                out.write(_event_line(event_id, case_id, event, holder))
                event_id += 1
    with open(files["span"], "w") as out:
        for plan in generator.plans:
            out.write(spans.copy_lines(plan.case, plan.events))
    # A province's cases stay with its own agencies (entrusted ones too), so its rollup rows are
    # whole; were they not, the rollups' unique keys would refuse the load.
    by_kind = summaries.rolled_up(rows, FigureByKind)
    by_agency = summaries.rolled_up(by_kind.items(), FigureByAgency, source=FigureByKind)
    for label, model_rows in (("figure", rows), ("by_kind", by_kind.items()), ("by_agency", by_agency.items())):
        with open(files[label], "w") as out:
            for key, values in model_rows:
                out.write("\t".join(map(_text, key)) + "\t" + "\t".join(map(str, values)) + "\n")
    return Shard(index, files, len(generator.plans), events, len(complaints), len(rows))


# --- COPY text ----------------------------------------------------------------------------------

ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        # Looked for first: translating a name costs fifty times more than finding nothing in it.
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(ESCAPES)
        return value
    return str(value)


def _line(values) -> str:
    return "\t".join(map(_text, values)) + "\n"


COLUMNS = {model: [f.attname for f in model._meta.concrete_fields] for model in (Case, Complaint, CaseEvent)}
# The event line is written by hand for speed (tens of millions of rows); this is its column order.
EVENT_COLUMNS = ["id", "case_id", "kind", "effective_date", "amount", "condition", "ground", "to_agency_id",
                 "complaint_id", "document_number", "note", "agency_id", "entered_by_id", "entered_at"]
if sorted(EVENT_COLUMNS) != sorted(COLUMNS[CaseEvent]):  # pragma: no cover - a model change must update both
    raise RuntimeError("demo.national: the event columns no longer match the CaseEvent model.")


@lru_cache(maxsize=8192)
def _entered_at(day) -> str:
    return str(demo.entered_at(day))


def _event_line(event_id, case_id, event, holder) -> str:
    complaint = event.demo_complaint.pk if event.demo_complaint is not None else r"\N"
    to_agency = event.to_agency_id if event.to_agency_id is not None else r"\N"
    return (f"{event_id}\t{case_id}\t{event.kind}\t{event.effective_date}\t{event.amount}\t{event.condition}\t"
            f"{event.ground}\t{to_agency}\t{complaint}\t\t\t{holder}\t\\N\t{_entered_at(event.effective_date)}\n")


def _case_line(plan) -> str:
    case = plan.case
    case.decision_year = case.decision_date.year
    case.search_text = search.search_text(case.decision_number, case.debtor_name, case.creditor_name)
    case.entrusted_from_id = plan.entrusted_from.case.pk if plan.entrusted_from is not None else None
    case.created_at = case.updated_at = _entered_at(case.accepted_on)
    return _line([getattr(case, column) for column in COLUMNS[Case]])


# --- the loading side -------------------------------------------------------------------------


def case_counts(trees, total) -> list:
    """Cases per province in proportion to its regional offices (each office about as busy)."""
    return _apportion(total, [len(tree.regions) for tree in trees])


def build_trees() -> list:
    provincial = load_provincial_tree()
    generator = NationalGenerator(seed=NATIONAL_SEED)
    return [generator.build_tree(layout, provincial) for layout in layouts()]


def generate(*, years, cases_per_year, seed=NATIONAL_SEED, workers=2, end=demo.DEMO_END, log=print) -> dict:
    """Build the national dataset into an empty register (PostgreSQL)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The national dataset is loaded with PostgreSQL's COPY; set DATABASE_URL.")
    if Case.objects.exists():
        raise RuntimeError("The register already has cases; the national dataset needs an empty database.")
    with transaction.atomic():
        trees = build_trees()
        users = demo.create_demo_users(next(t for t in trees if t.province.short_name == "Tuyên Quang"))
        demo.set_targets(trees, next(u for u in users if u.role == u.Role.LEADERSHIP))
    log(f"Tree: {len(trees)} provinces, {sum(len(t.regions) for t in trees)} regional offices, "
        f"{sum(len(t.old_units) for t in trees)} former Chi cục.")
    last_year = statistical_year(end)
    first = year_start(last_year - years)  # whole years, and the current one as far as `end`
    filled = list(range(statistical_year(first), last_year + 1))
    counts = case_counts(trees, years * cases_per_year)
    with tempfile.TemporaryDirectory(prefix="thads-national-") as directory, transaction.atomic():
        context = multiprocessing.get_context("fork")
        blocks = id_blocks(counts, {"case": _next_id(Case), "event": _next_id(CaseEvent),
                                    "complaint": _next_id(Complaint)})
        _job.update(trees=trees, counts=counts, seed=seed, end=end, first=first, blocks=blocks, years=filled,
                    directory=directory)
        saved = _drop_secondary(TABLES)
        saved += _empty_for_frozen_load(TABLES)
        totals = {"cases": 0, "events": 0, "complaints": 0, "summary_rows": 0}
        try:
            for shard in _shards(context, workers, counts):
                _copy(shard)
                for name in totals:
                    totals[name] += getattr(shard, name)
                log(f"  {trees[shard.index].province.short_name}: {shard.cases} cases, {shard.events} events "
                    f"(total {totals['cases']} cases)")
        finally:
            _job.clear()
        log("Rebuilding indexes and foreign keys…")
        _restore(saved)
        # The national rollup sums every province's rows: from the by-agency rows once all are loaded.
        summaries.refresh_rollups(filled, models=[FigureNational])
        _cluster_rollups()
        _reset_sequences()
        for year in filled:
            FigureFill.objects.update_or_create(year=year)
        focus_tally.forget_all()
        data_version.changed(tree=True)
        log("Vacuuming and analysing…")
    # VACUUM as well as ANALYZE, as after any bulk load: it marks the pages all-visible, without
    # which an index-only read (a list's capped count, a summary read) visits the table row by row
    # until autovacuum passes, and autovacuum may be off (it is on this development machine).
    # Inside a transaction (a test's) VACUUM cannot run: statistics only. The tree and the people
    # too: never analysed, the planner took the 1.162 agencies for 192 and the 3.754 officers for
    # 768, and joined a unit's list to them row by row (issue 27).
    verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in (*TABLES, FigureFill, Agency, AgencySuccession, Officer, User):
            cursor.execute(f"{verb} {connection.ops.quote_name(model._meta.db_table)}")
    return totals


def _shards(context, workers, counts):
    """The provinces' shards as they are ready, the largest started first: a city of 300.000
    cases started last would keep one worker busy long after the other ran out of provinces."""
    order = sorted(range(len(counts)), key=lambda index: (-counts[index], index))
    if workers <= 1:
        for index in order:
            yield _generate_shard(index)
        return
    connection.ensure_connection()  # the children inherit it and never use it; the parent keeps it
    with context.Pool(workers) as pool:
        yield from pool.imap_unordered(_generate_shard, order)


def _next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def _copy(shard):
    with connection.cursor() as cursor:
        for label, model in LOADS.items():
            # Attribute names are the column names here (no db_column on these models).
            columns = {CaseEvent: EVENT_COLUMNS, CaseSpan: spans.SPAN_COLUMNS}.get(model) or COLUMNS.get(model)
            if columns is None:  # a summary table: its keys, then the base figures
                columns = summaries.key_columns(model) + summaries.COLUMNS
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            with open(shard.files[label]) as source:
                # FREEZE: the table was emptied in this transaction (_empty_for_frozen_load).
                cursor.copy_expert(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({quoted}) FROM STDIN "
                                   "WITH (FREEZE)", source, 1 << 20)
            os.remove(shard.files[label])


def _drop_secondary(models) -> list:
    """Drop the tables' foreign keys, unique constraints and secondary indexes (not the primary
    keys, which other tables' keys rely on), and the other tables' foreign keys to them (which
    would forbid emptying them); return the statements that recreate them."""
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        # Rows written earlier in this transaction (the tree, the users) leave deferred key checks
        # pending, and PostgreSQL refuses to alter a table with pending trigger events.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
               WHERE (conrelid::regclass::text = ANY(%s) AND contype IN ('f', 'u'))
                  OR (confrelid::regclass::text = ANY(%s) AND contype = 'f')
               ORDER BY contype DESC""",
            [tables, tables])
        constraints = cursor.fetchall()
        cursor.execute(
            """SELECT i.indexname, i.indexdef FROM pg_indexes i
               WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
            [tables])
        indexes = cursor.fetchall()
        for table, name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    # Unique constraints (with their indexes) and plain indexes first, then the foreign keys.
    return ([definition for _name, definition in indexes]
            + [f"ALTER TABLE {t} ADD CONSTRAINT {connection.ops.quote_name(n)} {d}"
               for t, n, d in sorted(constraints, key=lambda c: c[2].startswith("FOREIGN"))])


def _empty_for_frozen_load(models) -> list:
    """Empty the tables (they hold no rows of cases already) in this transaction, so that COPY may
    write their rows frozen and visible to all, and turn off the triggers the generator stands in
    for; return the statements that turn them on again."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(quote(m._meta.db_table) for m in models)}")
        cursor.execute("SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
                       " AND tgrelid::regclass::text = ANY(%s)", [list(CHECKED_BY_THE_GENERATOR)])
        triggers = [(table, name) for table, name in cursor.fetchall() if name in CHECKED_BY_THE_GENERATOR[table]]
        for table, name in triggers:
            cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER {quote(name)}")
    return [f"ALTER TABLE {quote(table)} ENABLE TRIGGER {quote(name)}" for table, name in triggers]


def _restore(statements):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for statement in statements:
            cursor.execute(statement)


def _cluster_rollups():
    """Order the rollups' rows by their keys, as the grouped insert of a fill writes them: loaded
    province by province, one period's rows lay over every page of the table, and a national
    report read ten times more of it."""
    with connection.cursor() as cursor:
        for model in summaries.ROLLUPS:
            key = next(c.name for c in model._meta.constraints if isinstance(c, UniqueConstraint))
            cursor.execute(f"CLUSTER {connection.ops.quote_name(model._meta.db_table)} USING "
                           f"{connection.ops.quote_name(key)}")


def _reset_sequences():
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Case, CaseEvent, Complaint, CaseSpan, FigureCount]):
            cursor.execute(statement)

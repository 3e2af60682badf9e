"""The figures engine: (agency, period) → the official tables, from the summary rows.

A fixed number of queries whatever the number of cases and units: the scope (the agency's subtree
and its predecessors'), one grouped query per breakdown, the targets and the closing. Parents'
figures are sums of base columns; rates are computed from the sums, never averaged. Each read
goes to the smallest summary table that has its keys (the rollups of reports.summaries).
"""

import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from operator import itemgetter

from django.db.models import Q
from django.utils.translation import gettext as _

from cases.models import Agency, AgencySuccession, Initiation, JudgmentKind, Officer
from cases.scoping import agency_scope_ids, covers_every_agency
from thads import cache, data_version, formatting

from .calendar import Period
from .figures import Figures, agreed_postponement_counts_as_able, rounded_rate
from .models import FigureByAgency, FigureByKind, FigureCount, FigureNational, PeriodClosing, Target
from .summaries import COLUMNS, missing_years
from .summary_sql import grouped_sums


@dataclass
class Scope:
    agency: Agency
    ids: frozenset
    children: list  # the rows' agencies (dicts), in tree order; "own": a former agency's own cases
    child_of: dict  # agency id in scope → child id (missing: the agency's own cases)
    stand_ins: list = field(default_factory=list)  # names of the agencies that held the work at the period's end
    row_of_code: dict = field(default_factory=dict)  # agency code in scope → child id (0: the agency's own cases)


SCOPE_SECONDS = 3600
# The scopes' rows last read by this process, under the same keys: a national scope's, unpickled
# from the cache on every dashboard, cost more than the round trip that fetched them (as the
# scopes themselves, cases.scoping.KEPT). Never changed once built: shared as they are.
KEPT = OrderedDict()
KEPT_SCOPES = 256
_kept_lock = threading.Lock()


def resolve_scope(agency: Agency, period: Period, ids=None) -> Scope:
    """The agencies whose cases count for `agency`, and which row each belongs to; remembered
    in the cache (and by the process) under the tree version (only agency and succession writes
    change it)."""
    ids = agency_scope_ids(agency.pk) if ids is None else ids
    version = data_version.tree_current()
    key = f"scope-rows:{agency.pk}:{period.end.isoformat()}:{version}" if version is not None else None
    if key is None:
        return _resolve_scope(agency, period, ids)
    with _kept_lock:
        cached = KEPT.get(key)
        if cached is not None:
            KEPT.move_to_end(key)
    if cached is None:
        cached = cache.get(key)
        if cached is None:
            scope = _resolve_scope(agency, period, ids)
            cached = (ids, scope.children, scope.child_of, scope.stand_ins, scope.row_of_code)
            cache.set(key, cached, SCOPE_SECONDS)
        with _kept_lock:
            KEPT[key] = cached
            while len(KEPT) > KEPT_SCOPES:
                KEPT.popitem(last=False)
    if cached[0] != ids:  # another sight of the agency (a user's narrower scope): not shared
        return _resolve_scope(agency, period, ids)
    return Scope(agency, ids, *cached[1:])


def _resolve_scope(agency: Agency, period: Period, ids) -> Scope:
    """A period is shown in the shape the tree had at its end (the day whose holder a case counts
    for): the rows are the agency's children that existed then. An agency created later (a merged
    province, a regional office) stands for its predecessors of that day: their units are the rows,
    and each predecessor's own cases a row of its own."""
    agencies = {a["id"]: a for a in Agency.objects.filter(pk__any_of=ids).values(
        "id", "code", "name", "short_name", "path", "parent_id", "level", "valid_from", "valid_to")}
    successors = defaultdict(list)
    for link in AgencySuccession.objects.filter(predecessor_id__any_of=ids, successor_id__any_of=ids).values(
            "predecessor_id", "successor_id"):
        successors[link["predecessor_id"]].append(link["successor_id"])
    day = period.end
    existing = {i for i, a in agencies.items()
                if a["valid_from"] <= day and (a["valid_to"] is None or a["valid_to"] >= day)}
    roots = sorted((a for i, a in agencies.items() if i in existing and a["parent_id"] not in existing),
                   key=lambda a: a["path"])
    if agency.pk in existing:  # its own children; what merged into it later folds into its own row
        roots = [a for a in roots if a["id"] == agency.pk]
    children, stand_ins = [], []
    for root in roots:
        below = sorted((a for i, a in agencies.items() if i in existing and a["parent_id"] == root["id"]),
                       key=lambda a: a["path"])
        if root["id"] == agency.pk:
            children += below
            continue
        stand_ins.append(root["name"])
        # A former unit with units of its own: they are rows, its own cases one more; without, it is a row.
        children += [*below, {**root, "own": True}] if below else [root]

    row_paths = {c["path"]: c["id"] for c in children}
    lengths = sorted({len(path) for path in row_paths}, reverse=True)  # the nearest row first

    def child_by_path(agency_id):
        path = agencies[agency_id]["path"]
        return next((row_paths[path[:n]] for n in lengths if path[:n] in row_paths), None)

    child_of = {}
    for agency_id in agencies:
        # Follow the successor links until the work lands under one of the rows.
        frontier, seen = [agency_id], set()
        while frontier:
            current = frontier.pop(0)
            if current in seen:
                continue
            seen.add(current)
            child = child_by_path(current)
            if child is not None:
                child_of[agency_id] = child
                break
            frontier.extend(successors.get(current, []))
    row_of_code = {a["code"]: child_of.get(i, OWN) for i, a in agencies.items()}
    return Scope(agency, ids, children, child_of, stand_ins, row_of_code)


_COLUMN_VALUES = itemgetter(*COLUMNS)


def _figures(rows) -> Figures:
    """The rows summed column by column (in C: national scopes sum thousands of rows)."""
    columns = list(zip(*map(_COLUMN_VALUES, rows), strict=True))
    return Figures.from_row(dict(zip(COLUMNS, map(sum, columns), strict=True)) if columns else {})


class FiguresNotReady(Exception):
    """The summary rows of these statistical years are not filled yet: a read never fills them
    (the command fill_figures, the scheduled task or the next write does)."""

    def __init__(self, years):
        self.years = years
        super().__init__(_("The figures of statistical year %(years)s are being compiled; try again in a few minutes.")
                         % {"years": ", ".join(str(year) for year in years)})


def require_filled(years):
    missing = missing_years(years)
    if missing:
        raise FiguresNotReady(missing)


def _totals(scope_ids, **where) -> list[dict]:
    """The scope's figures summed per period (`where`: grouped_sums' years, months and group):
    a national scope's from the national rollup (a row a period), any other's from the by-agency one."""
    if covers_every_agency(scope_ids):
        return grouped_sums(FigureNational, agency_ids=None, **where)
    return grouped_sums(FigureByAgency, agency_ids=scope_ids, **where)


def scope_figures(scope_ids, period: Period) -> Figures:
    """The live figures of a scope for a period: one read of a rollup."""
    require_filled({period.year})
    return _figures(_totals(scope_ids, years=[period.year], months=[period.months], group=("year",)))


def _table_dict(table) -> dict:
    values = table.values()
    values["rate"] = _number(rounded_rate(values["rate"]))
    # Not a column of the official table, but what the carry-over check needs.
    values["separate_register"] = table.base["separate_register"]
    return values


def _number(decimal_value):
    return None if decimal_value is None else float(decimal_value)


def _published(snapshot):
    """A closed period's figures as they were published. Closings before the agreed postponements
    had a column of their own lack it; with_conditions held them, so the relation gives them back."""
    if isinstance(snapshot, list):
        return [_published(item) for item in snapshot]
    if not isinstance(snapshot, dict):
        return snapshot
    table = {key: _published(value) for key, value in snapshot.items()}
    if table.get("with_conditions") is not None and "postponed_agreed" not in table:
        table["postponed_agreed"] = (table["with_conditions"] - table["completed"] - table["in_progress"]
                                     if agreed_postponement_counts_as_able() else None)
    return table


def figures_dict(figures: Figures) -> dict:
    return {"cases": _table_dict(figures.cases), "money": _table_dict(figures.money)}


def _change(current: Figures, previous: Figures) -> dict:
    """Each figure less the same period's; None throughout when that period has no data ("chưa có
    số liệu cùng kỳ", never an increase from nothing)."""
    change = {}
    for unit in ("cases", "money"):
        now, then = getattr(current, unit).values(), getattr(previous, unit).values()
        if not previous.has_data:
            change[unit] = dict.fromkeys(now)
            continue
        diff = {k: now[k] - then[k] for k in now if k != "rate"}
        a, b = rounded_rate(now["rate"]), rounded_rate(then["rate"])
        diff["rate"] = _number(a - b) if a is not None and b is not None else None
        change[unit] = diff
    return change


def _target_dict(target, figures: Figures, period: Period):
    if target is None:
        return None
    result = {"cases": float(target.cases_rate), "money": float(target.money_rate)}
    for unit, goal in (("cases", target.cases_rate), ("money", target.money_rate)):
        achieved = rounded_rate(getattr(figures, unit).values()["rate"])
        result[f"{unit}_delta"] = _number(achieved - goal) if achieved is not None else None
        # Progress (tiến độ): the share of the yearly target reached so far, for periods under a year.
        result[f"{unit}_progress"] = (
            _number(rounded_rate(achieved * 100 / goal)) if achieved is not None and goal and period.months < 12
            else None
        )
    return result


def _previous_dict(previous: Figures) -> dict:
    return {**figures_dict(previous), "has_data": previous.has_data}


def _row(key, label, current: Figures, previous: Figures, **extra) -> dict:
    return {"key": key, "label": label, **figures_dict(current), "previous": _previous_dict(previous),
            "change": _change(current, previous), **extra}


def compute(agency: Agency, period: Period, *, by: str | None = None, live: bool = False, scope_ids=None,
            dimensions: bool = True) -> dict:
    """Every official figure of `agency`'s scope for `period`, with breakdowns and comparisons.

    `by`: "child" (default above the leaf level) or "officer" (default on a leaf unit). A closed
    period returns its published snapshot unless `live` is asked for. `dimensions`: also the
    breakdowns by initiation, kind of judgment and the two flags (a dashboard shows none of them,
    and nationally they are the dearest read).
    """
    previous_period = period.previous_year
    closings = {(c.year, c.months): c for c in PeriodClosing.objects.published().filter(agency=agency).filter(
        Q(year=period.year, months=period.months) | Q(year=period.year - 1, months__in={period.months, 12})
    ).select_related(
        "closed_by", "part_of__agency")}
    closing = closings.get((period.year, period.months))
    if closing is not None and not live:
        report = _published(closing.snapshot)
        # Closed before `has_data` was kept: the same rule (Figures.has_data) read from the tables.
        rows = [row for part in report["breakdowns"].values() if isinstance(part, list) for row in part
                if isinstance(row, dict) and "previous" in row]
        for figures in (report, report["previous"], *(row["previous"] for row in rows)):
            figures.setdefault("has_data", bool(figures["cases"]["total_accepted"]))
        report["frozen"] = True
        report["closing"] = _closing_dict(closing)
        return report

    require_filled({period.year, period.year - 1})
    scope = resolve_scope(agency, period, scope_ids)
    by = by or ("child" if scope.children else "officer")
    years = [period.year, previous_period.year]  # with the period's months: an index range, not an OR

    # The period, the same period last year and last year's end; as ranges of the index (a row of
    # this year's 12 months, read when the period is shorter, is left aside below).
    by_agency = grouped_sums(FigureByAgency, agency_ids=scope.ids, years=years, months=sorted({period.months, 12}),
                             group=("year", "months"), child_of=scope.child_of)
    current = _figures(r for r in by_agency if (r["year"], r["months"]) == (period.year, period.months))
    previous = _figures(r for r in by_agency if (r["year"], r["months"]) == (previous_period.year, period.months))
    last_year_end = _figures(r for r in by_agency if (r["year"], r["months"]) == (period.year - 1, 12))
    # The same period last year as it was published, when it was closed (or its published figures
    # imported): history as published is what a comparison is made with.
    published = closings.get((previous_period.year, period.months))
    if published is not None:
        previous = Figures.from_published(_published(published.snapshot))

    targets = {t.agency_id: t for t in Target.objects.filter(
        year=period.year, agency_id__in=[agency.pk] + [c["id"] for c in scope.children])}

    breakdowns = {}
    if by == "child":
        breakdowns["child"] = _child_rows(scope, by_agency, period, targets, published)
    else:
        breakdowns["officer"] = _officer_rows(grouped_sums(
            FigureCount, agency_ids=scope.ids, years=years, months=[period.months], group=("year", "officer_key")),
            period)
    if dimensions:
        breakdowns.update(_dimension_rows(scope, period, years))

    report = {
        "agency": {"code": agency.code, "name": agency.name, "stand_ins": list(scope.stand_ins)},
        "period": _period_dict(period),
        **figures_dict(current),
        "target": _target_dict(targets.get(agency.pk), current, period),
        "previous": {"period": _period_dict(previous_period), **_previous_dict(previous)},
        "has_data": current.has_data,
        "change": _change(current, previous),
        "breakdowns": breakdowns,
        "carry_over_check": _carry_over_check(current, last_year_end, closings.get((period.year - 1, 12))),
        "identities_hold": not current.identity_violations(),
        "frozen": False,
        "closing": _closing_dict(closing) if closing else None,
    }
    return report


def published_snapshot(agency: Agency, period: Period, total: Figures, rows=(), stand_ins=(), live=None) -> dict:
    """A closed snapshot made of published figures (reports.published): the shape compute() gives,
    without targets or other breakdowns. `rows`: (code, label, figures, own). `live`: compute()'s
    report of the period, whose same period last year (published or live) the snapshot compares with."""
    def previous_of(report):
        return Figures.from_published(report["previous"]) if report and report["previous"].get("has_data") else Figures()

    earlier = {row["key"]: previous_of(row) for row in ((live or {}).get("breakdowns") or {}).get("child") or []}
    before = previous_of(live)
    return {
        "agency": {"code": agency.code, "name": agency.name, "stand_ins": list(stand_ins)},
        "period": _period_dict(period), **figures_dict(total), "target": None,
        "previous": {"period": _period_dict(period.previous_year), **_previous_dict(before)},
        "has_data": total.has_data, "change": _change(total, before),
        "breakdowns": {"child": [_row(code, label, figures, earlier.get(code, Figures()), own=own)
                                 for code, label, figures, own in rows]} if rows else {},
        "carry_over_check": {}, "identities_hold": not total.identity_violations(), "frozen": False, "closing": None,
        "imported": True,
    }


def _dimension_rows(scope: Scope, period: Period, years) -> dict:
    breakdowns = {}
    # One query for the three breakdowns without an officer: its few hundred groups are summed here.
    kind_rows = grouped_sums(FigureByKind, agency_ids=scope.ids, years=years, months=[period.months],
                             group=("year", "initiation", "judgment_kind", "is_credit_institution",
                                    "is_corruption_asset"))
    breakdowns["initiation"] = _dim_rows(kind_rows, "initiation", period, Initiation)
    breakdowns["judgment_kind"] = _dim_rows(kind_rows, "judgment_kind", period, JudgmentKind)
    for flag, label in (("is_credit_institution", _("Credit institutions")),
                        ("is_corruption_asset", _("Corruption and economic asset recovery"))):
        now = _figures(r for r in kind_rows if r[flag] and r["year"] == period.year)
        then = _figures(r for r in kind_rows if r[flag] and r["year"] == period.year - 1)
        breakdowns[flag.removeprefix("is_")] = _row(flag, label, now, then)
    return breakdowns


FLOW_KEYS = ("new", "entrusted_out", "revoked", "completed", "completed_actual", "terminated")


def year_series(agency: Agency, year: int, scope_ids=None) -> list[dict]:
    """Month by month through a statistical year and the one before: the cumulative figures, and
    each month's increment of the flows (what happened within that month alone). One query, once
    the scope is known."""
    require_filled({year, year - 1})
    scope_ids = agency_scope_ids(agency.pk) if scope_ids is None else scope_ids
    rows = _totals(scope_ids, years=[year, year - 1], group=("year", "months"))
    cumulative = {(r["year"], r["months"]): Figures.from_row(r) for r in rows}
    series = []
    for months in range(1, 13):
        entry = {"months": months}
        for label, y in (("current", year), ("previous", year - 1)):
            now = cumulative.get((y, months), Figures())
            before = cumulative.get((y, months - 1), Figures())
            values = figures_dict(now)
            increments = {}
            for unit in ("cases", "money"):
                a, b = getattr(now, unit).values(), getattr(before, unit).values()
                keys = FLOW_KEYS + (("reduced",) if unit == "money" else ())
                increments[unit] = {k: a[k] - b[k] for k in keys}
            entry[label] = {**values, "increments": increments}
        series.append(entry)
    return series


def _period_dict(period: Period) -> dict:
    return {"year": period.year, "months": period.months, "start": period.start.isoformat(),
            "end": period.end.isoformat(), "name": period.name}


def _closing_dict(closing: PeriodClosing) -> dict:
    closed_at = formatting.moment(closing.closed_at)
    text = _("Closed figures (version %(version)s), published at %(when)s by %(who)s.") % {
        "version": closing.version, "when": closed_at, "who": closing.closed_by}
    if closing.imported_from:
        text = _("Published figures (version %(version)s), imported from %(file)s at %(when)s by %(who)s.") % {
            "version": closing.version, "file": closing.imported_from, "when": closed_at, "who": closing.closed_by}
    if closing.part_of_id:
        text += " " + _("Closed with the figures of %(agency)s.") % {"agency": closing.part_of.agency.name}
    return {"closed_at": closing.closed_at.isoformat(), "closed_at_text": closed_at,
            "closed_by": str(closing.closed_by), "live_differs": closing.live_differs, "version": closing.version,
            "closed_with": closing.part_of.agency.name if closing.part_of_id else None, "text": text}


OWN = 0  # the child key of the agency's own cases (agency ids start at 1)


def own_label(name: str) -> str:
    """The row of an agency's own cases (the Cục enforced cases itself, beside its Chi cục)."""
    return _("%(agency)s (own cases)") % {"agency": name}


def _child_rows(scope: Scope, by_agency, period: Period, targets, published=None) -> list:
    current_rows, previous_rows = defaultdict(list), defaultdict(list)
    for row in by_agency:
        child = row["child"] if row["child"] != OWN else None  # None: the agency's own cases
        if (row["year"], row["months"]) == (period.year, period.months):
            current_rows[child].append(row)
        elif (row["year"], row["months"]) == (period.year - 1, period.months):
            previous_rows[child].append(row)
    current = defaultdict(Figures, {child: _figures(rows) for child, rows in current_rows.items()})
    previous = defaultdict(Figures, {child: _figures(rows) for child, rows in previous_rows.items()})
    published_rows = (_published(published.snapshot).get("breakdowns") or {}).get("child") if published else None
    if published is not None:  # last year's rows as published, each under the row its agency's work is now in;
        previous = defaultdict(Figures)  # published without rows: the rows have no same period to show
        for row in published_rows or ():
            child = scope.row_of_code.get(row["key"])
            if child is not None:
                key = None if child == OWN else child
                previous[key] = previous[key] + Figures.from_published(row)
    rows = []
    for child in scope.children:
        if child.get("own"):  # a former agency's own cases, shown when it had any
            if child["id"] in current or child["id"] in previous:
                rows.append(_row(child["code"], own_label(child["name"]),
                                 current[child["id"]], previous[child["id"]], own=True))
            continue
        rows.append(_row(child["code"], child["name"], current[child["id"]], previous[child["id"]],
                         target=_target_dict(targets.get(child["id"]), current[child["id"]], period)))
    if None in current or None in previous:
        rows.append(_row(scope.agency.code, own_label(scope.agency.name),
                         current[None], previous[None], own=True))
    return rows


def _officer_rows(rows, period: Period) -> list:
    names = dict(Officer.objects.filter(pk__in={r["officer_key"] for r in rows}).values_list("pk", "full_name"))
    keys = sorted({r["officer_key"] for r in rows}, key=lambda k: (k == 0, names.get(k, "")))
    result = []
    for key in keys:
        now = _figures(r for r in rows if r["officer_key"] == key and r["year"] == period.year)
        then = _figures(r for r in rows if r["officer_key"] == key and r["year"] == period.year - 1)
        result.append(_row(key, names.get(key) or _("No officer assigned"), now, then))
    return result


def _dim_rows(rows, dim, period: Period, choices) -> list:
    result = []
    for value, label in choices.choices:
        now = _figures(r for r in rows if r[dim] == value and r["year"] == period.year)
        then = _figures(r for r in rows if r[dim] == value and r["year"] == period.year - 1)
        result.append(_row(value, str(label), now, then))
    return result


def _carry_over_check(current: Figures, last_year_end: Figures, last_closing) -> dict:
    """carried_over of this year = carried_forward of last year − what moved to the separate register.

    Against last year's published figures when its 12-month period is closed.
    """
    check = {}
    for unit in ("cases", "money"):
        if last_closing is not None:
            published = last_closing.snapshot[unit]
            expected = published["carried_forward"] - published.get("separate_register", 0)
        else:
            table = getattr(last_year_end, unit)
            expected = table.values()["carried_forward"] - table.base["separate_register"]
        actual = getattr(current, unit).values()["carried_over"]
        check[unit] = {"expected": expected, "actual": actual, "ok": expected == actual}
    check["against_published"] = last_closing is not None
    return check


"""Keyset pagination: pages found by the last row seen, not by OFFSET, so page 10.000 of a national
list costs what page 1 costs. The total is counted up to a cap, so counting never scans millions."""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import F, Func, Q, Sum, Window

COUNT_CAP = 10_000  # beyond it the list says "more than 10.000": an exact national count costs a second
# A list counted this short is paged from its matches' keys, not by walking the order's index: few
# matches lie far apart in the order (a province's open complaints: one case in a thousand of the
# national index, 520.000 rows walked for a page, where its 594 keys are read at once).
GATHER_UP_TO = 1_000
# A search with more matches than this asks to be narrowed: who searches looks for a case, and each
# match counted is a row read (a common word's ten thousand matches cost a national search 0,2 s).
SEARCH_COUNT_CAP = 1_000


@dataclass
class Sort:
    field: str
    descending: bool
    kind: type  # how the cursor's value is read back: date or int
    # Where the database reads the order, when another table holds the same values with a better
    # index (the field and the id of a joined row); the rows still carry them as `field` and pk.
    path: str = ""
    pk_path: str = "pk"

    def order(self):
        direction = "-" if self.descending else ""
        return (f"{direction}{self.path or self.field}", f"{direction}{self.pk_path}")


@dataclass
class KeysetPage:
    object_list: list
    count: int
    count_capped: bool
    next_cursor: str | None
    previous_cursor: str | None
    is_first: bool
    # {name: sum} of the fields keyset_page was asked to add up, when it read every match (a short
    # list's keys): what a second query over the same matches would say. None otherwise.
    totals: dict | None = None


def _encode(sort: Sort, obj) -> str:
    value = getattr(obj, sort.field)
    return f"{value.isoformat() if isinstance(value, date) else value}~{obj.pk}"


def _decode(sort: Sort, cursor: str):
    try:
        value, pk = cursor.rsplit("~", 1)
        return (date.fromisoformat(value) if sort.kind is date else int(value)), int(pk)
    except ValueError:
        return None


def _beyond(sort: Sort, value, pk, forward: bool) -> Q:
    """Rows after (forward) or before the cursor in the sort order (field, then id, same direction)."""
    later = sort.descending != forward  # ascending order and forward: greater values
    op = "gt" if later else "lt"
    # On the row's own columns even when the order is read elsewhere: a condition on a joined row
    # of a to-many relation would join it a second time. The bound on the field alone is implied
    # by the rest, but an index can start from it: without it, page 1.001 of a national list read
    # the 50.000 rows before it (30 ms instead of 0,1).
    return Q(**{f"{sort.field}__{op}e": value}) & (
        Q(**{f"{sort.field}__{op}": value}) | Q(**{sort.field: value, f"pk__{op}": pk}))


def keyset_page(queryset, sort: Sort, *, after: str | None, before: str | None, size: int,
                count: int | None = None, gather: bool = False, cap: int | None = None,
                sums: dict | None = None, sort_matches: bool = False, sort_past_cap: bool = False,
                gather_past_cap: int | None = None) -> KeysetPage:
    """One page after or before a cursor; `count`: the total when already known (not capped then).

    Unless the total is known, the matches are counted up to the cap; with GATHER_UP_TO of them or
    fewer, the count and the page come from their keys (a rare filter's few matches lie far apart
    in the order's index), with more the page walks the order's index. `gather`: the keys are read
    first, up to the cap, and past it nothing is counted, for a filter whose every reading costs the
    same however many rows it returns (a search's index of words): counting, then paging, would
    read it twice; `gather_past_cap`: up to this many keys are read (their count still said to be
    past the cap), where reading more costs little more (a search by its index of words, whose read
    of the index is most of its cost: a second search for the page cost as much again). `sums`
    ({name: field}): fields to add up over the matches when their keys are
    read (KeysetPage.totals), with the keys: a search's index read once more for them cost as much
    as the search. `sort_matches`: the list reads a part of the country (a province, a unit), whose
    matches, when counted to the cap or fewer (`sort_past_cap`: however many), are sorted rather
    than found by walking the order's national index (see _sorted_rows)."""
    cap = COUNT_CAP if cap is None else cap  # read when called, so that tests can lower it
    capped = False
    if gather and count is None and not sort.path:
        page = _gathered_page(queryset, sort, after=after, before=before, size=size, cap=cap, sums=sums,
                              read_up_to=gather_past_cap)
        if page is not None:
            return page
        capped = True  # more matches than the cap: the page is read the usual way, not the count
    order = sort.order()
    reverse = tuple(o[1:] if o.startswith("-") else f"-{o}" for o in order)
    known = count is not None
    if capped:
        count = cap + 1
    elif not known:
        count = queryset.order_by()[: cap + 1].count()
        if count <= min(GATHER_UP_TO, cap) and not sort.path:
            # Without a limit: told that a few rows would do, the planner may scan the table from
            # wherever another scan is, hoping to meet them early (thads.pagination.reading_the_scope).
            return _gathered_page(queryset, sort, after=after, before=before, size=size, cap=None, sums=sums)
    after_key = _decode(sort, after) if after else None
    before_key = _decode(sort, before) if before else None
    sorting = (sort_matches and (count <= cap or sort_past_cap) and not sort.path
               and connection.vendor == "postgresql")
    totals = None
    if before_key is not None:
        beyond = queryset.filter(_beyond(sort, *before_key, forward=False))
        rows = _sorted_rows(beyond, reverse, size + 1)[0] if sorting else _walked_rows(beyond, reverse, size + 1)
        has_more_before = len(rows) > size
        rows = rows[:size][::-1]
        has_more_after = True
    else:
        scoped = queryset.filter(_beyond(sort, *after_key, forward=True)) if after_key is not None else queryset
        if sorting:  # the first page's sort reads every match: their sums come with it
            rows, totals = _sorted_rows(scoped, order, size + 1, sums if after_key is None and count <= cap else None)
        else:
            rows = _walked_rows(scoped, order, size + 1)
        has_more_after = len(rows) > size
        rows = rows[:size]
        has_more_before = after_key is not None
    return KeysetPage(
        object_list=rows,
        count=count if known else min(count, cap),
        count_capped=not known and count > cap,
        next_cursor=_encode(sort, rows[-1]) if rows and has_more_after else None,
        previous_cursor=_encode(sort, rows[0]) if rows and has_more_before else None,
        is_first=not has_more_before,
        totals=totals,
    )


def _walked_rows(queryset, order, limit) -> list:
    return list(queryset.order_by(*order)[:limit])


def _sorted_rows(queryset, order, limit, sums=None) -> tuple[list, dict | None]:
    """The first rows of `queryset` in `order`, found by sorting its matches, not by walking the
    order's index: a unit's ten thousand cases lie one in four hundred along the country's index of
    remaining amounts, which a page walked 18.000 rows of (100 ms), where sorting them takes 8 ms;
    a province's idle cases, 64 ms against 30. The order's fields are sorted as expressions no index
    holds (`+ 0`), in a subquery of ids; the rows and their joins are then read for those ids.
    `sums` ({name: field}): added up over every match by the same read (window sums), returned
    with the rows; None without."""
    unindexed = []
    for field in order:
        descending = field.startswith("-")
        name = field.lstrip("-")
        column = F(name) if name == "pk" else Func(F(name), template="(%(expressions)s + 0)")
        unindexed.append(column.desc() if descending else column.asc())
    ids = queryset.order_by(*unindexed)
    totals = None
    if sums:
        found = list(ids.annotate(**{f"_sum_{name}": Window(Sum(field)) for name, field in sums.items()})
                     .values_list("pk", *(f"_sum_{name}" for name in sums))[:limit])
        totals = {name: int(found[0][1 + i] or 0) if found else 0 for i, name in enumerate(sums)}
        ids = [row[0] for row in found]
    else:
        ids = ids.values("pk")[:limit]
    rows = queryset.model._default_manager.filter(pk__in=ids)
    rows.query.select_related = queryset.query.select_related
    rows.query.deferred_loading = queryset.query.deferred_loading
    return list(rows.prefetch_related(*queryset._prefetch_related_lookups).order_by(*order)), totals


def _gathered_page(queryset, sort: Sort, *, after, before, size, cap, sums=None, read_up_to=None) -> KeysetPage | None:
    """The page from the matches' (sort value, id) pairs, read at once; None past the cap (None:
    all of them, known to be few), or past `read_up_to` when more are read than counted."""
    sums = sums or {}
    limit = cap if cap is None or read_up_to is None else max(cap, read_up_to)
    matches = queryset.order_by().values_list(sort.field, "pk", *sums.values())
    matches = list(matches if limit is None else matches[: limit + 1])
    if limit is not None and len(matches) > limit:
        return None
    capped = cap is not None and len(matches) > cap
    totals = ({name: sum(match[2 + i] or 0 for match in matches) for i, name in enumerate(sums)}
              if sums and not capped else None)
    keys = [match[:2] for match in matches] if sums else matches
    keys.sort(reverse=sort.descending)  # (value, id): the list's order, ties broken by id the same way
    position = {key: i for i, key in enumerate(keys)}
    after_key = _decode(sort, after) if after else None
    before_key = _decode(sort, before) if before else None
    if before_key is not None:
        end = _position(keys, position, before_key, sort)
        start = max(0, end - size)
    else:
        start = _position(keys, position, after_key, sort, past=True) if after_key is not None else 0
        end = start + size
    chosen = keys[start:end]
    # The rows by id alone: they were read through the list's filters (its scope among them), and
    # with those again PostgreSQL would read the index of words a second time for fifty ids.
    by_id = queryset.model._default_manager.filter(pk__in=[pk for _value, pk in chosen])
    by_id.query.select_related = queryset.query.select_related
    by_id.query.deferred_loading = queryset.query.deferred_loading
    by_id = by_id.prefetch_related(*queryset._prefetch_related_lookups)
    rows = {row.pk: row for row in by_id}
    rows = [rows[pk] for _value, pk in chosen if pk in rows]
    return KeysetPage(
        object_list=rows, count=cap if capped else len(keys), count_capped=capped,
        next_cursor=_encode(sort, rows[-1]) if rows and end < len(keys) else None,
        previous_cursor=_encode(sort, rows[0]) if rows and start > 0 else None,
        is_first=start == 0,
        totals=totals,
    )


def _position(keys, position, cursor, sort: Sort, past=False) -> int:
    """Where the cursor's row is in `keys` (just after it with `past`); a row gone since the
    cursor was made: where it would be."""
    if cursor in position:
        return position[cursor] + past
    later = [i for i, key in enumerate(keys) if (key < cursor if sort.descending else key > cursor)]
    return later[0] if later else len(keys)


@contextmanager
def walking_the_index():
    """On PostgreSQL, plan the queries inside without sorting, so that a page in an indexed order
    walks that index and stops at the page's end. For the drill-down's per-case conditions the
    planner guesses a few rows where there are hundreds of thousands, and would otherwise sort
    every case of a national scope first (20 s instead of 2 ms)."""
    with _planned_without("enable_sort"):
        yield


@contextmanager
def reading_the_scope():
    """On PostgreSQL, plan the queries inside without reading the whole table in its order, so that
    a search read from the cases of a province or a unit reads them by the agency index. Asked for
    its first thousand matches, the planner expects them spread over the table and starts a scan
    that stops once it has them; a province's cases lie together (or one in thirty anywhere), so
    depending on where the scan starts (PostgreSQL lets a scan join one already running) it read
    eight thousand pages or two hundred thousand: 12 ms or 1,5 s for "ngân hàng" in a province."""
    with _planned_without("enable_seqscan"):
        yield


@contextmanager
def _planned_without(setting):
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SET {setting} = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"RESET {setting}")

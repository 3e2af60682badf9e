"""The grouped sums of a summary table, as SQL written here once.

Every figure a page shows is a sum of base columns over summary rows of some agencies and periods
(reports.engine). Built through the ORM, each such read cost a millisecond of query compiling for
27 sums before the database saw it, several times a page; the statement itself is always the same
shape, so it is written out directly. The sums are exact whatever their size (thads.exact_sum):
a national figure adds up thousands of rows, and a sum cast back to 64 bits once broke every page
of a province over one mistyped amount.
"""

from functools import cache

from django.db import connection

from cases.lookups import any_of_sql
from thads.exact_sum import as_int, sum_sql

from .summaries import COLUMNS

# Past this many agencies, a read takes its periods' rows by the index and keeps its agencies' among
# them (a province's scope has a few dozen, the country's a thousand).
MANY_AGENCIES = 200


@cache
def _sums(quote, vendor) -> str:
    return ", ".join(f"{sum_sql(quote(c), vendor)} AS {quote(c)}" for c in COLUMNS)


def grouped_sums(model, *, agency_ids, years, months=None, group=(), child_of=None) -> list[dict]:
    """The base columns of `model` summed per `group` (its column names) over the rows of
    `agency_ids`, `years` and `months` (None: every month), ordered by the group.

    `child_of` ({agency id: child id}) adds a "child" key to the group: the child each row's agency
    belongs to, 0 for an agency outside the mapping (the scope's own cases). The database works it
    out, so that a national read returns a row per province instead of one per agency, a thousand."""
    quote = connection.ops.quote_name
    vendor = connection.vendor
    where, params = [], []
    for column, values in (("agency_id", agency_ids), ("year", years), ("months", months)):
        if values is not None:
            expression = quote(column)
            if column == "agency_id" and vendor == "postgresql" and len(values) > MANY_AGENCIES:
                # Not a condition of the index: PostgreSQL costs a long list there as one descent
                # per agency and period, and falls back to the years alone (a national dashboard
                # read both years' every month, 15.000 rows, for the 1.500 of its periods: 5 ms
                # instead of 1,5). A large scope is most of the periods' rows anyway.
                expression += " + 0"
            sql, values_params = any_of_sql(expression, values, vendor)
            where.append(sql)
            params += values_params
    selected = [quote(c) for c in group]
    child_params = []
    if child_of is not None:
        members = {}
        for agency_id, child in child_of.items():
            members.setdefault(child, []).append(agency_id)
        whens = []
        for child, ids in sorted(members.items()):
            sql, ids_params = any_of_sql(quote("agency_id"), ids, vendor)
            whens.append(f"WHEN {sql} THEN {int(child)}")
            child_params += ids_params
        selected.append(f"CASE {' '.join(whens)} ELSE 0 END AS child" if whens else "0 AS child")
    keys = ", ".join(selected)
    grouping = ", ".join(str(i) for i in range(1, len(selected) + 1))
    sql = (f"SELECT {keys + ', ' if keys else ''}{_sums(quote, vendor)} FROM {quote(model._meta.db_table)} "
           f"WHERE {' AND '.join(where) or '1 = 1'}"
           + (f" GROUP BY {grouping} ORDER BY {grouping}" if selected else ""))
    with connection.cursor() as cursor:
        cursor.execute(sql, child_params + params)
        names = [column[0] for column in cursor.description]
        summed = len(names) - len(COLUMNS)  # the group's keys come first
        return [{**dict(zip(names[:summed], row[:summed], strict=True)),
                 **{name: as_int(value) for name, value in zip(names[summed:], row[summed:], strict=True)}}
                for row in cursor.fetchall()]

"""Aggregates over a queryset in one row, built cheaply.

Django's `QuerySet.aggregate()` rewrites each aggregate's expressions against the query before
writing it (Query.get_aggregation): for the dashboard's fourteen filtered counts of followed
judgments, 5 ms of building for a query that runs in under one. The same row read as a grouped
query with nothing to group by (a constant column) is written directly: the same SQL but for
that column, the same values (a count 0, a sum None over no rows).
"""

from django.db.models import IntegerField, Value

_ONE = "_aggregated_row"


def aggregate(queryset, **aggregates) -> dict:
    """What `queryset.aggregate(**aggregates)` returns. The queryset must not be sliced."""
    row = (queryset.order_by().annotate(**{_ONE: Value(1, output_field=IntegerField())}).values(_ONE)
           .annotate(**aggregates))
    found = next(iter(row), None)
    if found is None:  # a query Django knows to be empty (.none(), an empty __in): not run at all
        return queryset.aggregate(**aggregates)
    del found[_ONE]
    return found

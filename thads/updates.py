"""Writing the new values of many rows read beforehand."""

from . import inserts


def update_each(model, rows, names):
    """Store the fields `names` of `rows`, by primary key (`inserts.update_rows`). The ORM's
    bulk_update builds a CASE expression per column and row, which cost more than the rest of an
    import, or most of a restructure's handovers."""
    fields = [model._meta.pk, *(model._meta.get_field(name) for name in names)]
    inserts.update_rows(model, [f.column for f in fields[1:]], inserts.database_values(rows, fields))

"""Inserting many new rows, and rewriting many rows' columns, at the speed an import needs.

The ORM's bulk_create prepares every value of every row through its SQL compiler, which cost
more than the rest of an import together. Here a model's columns are converted by a function
chosen once per field, keys are taken from the table's sequence before the insert (so that rows
can name each other before any is written), and the rows go to the database as one COPY on
PostgreSQL and one prepared INSERT run per row on SQLite (a loop in C, in process).
"""

import json
from datetime import date, datetime
from io import StringIO

from django.db import connection, models, transaction

# Fields whose Python values the driver takes as they are (SQLite), or that print as their text
# (PostgreSQL's COPY); the others go through the field's own conversion.
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey,
          models.AutoField, models.BigAutoField, models.SmallAutoField)
BATCH = 10_000


def reserve_ids(model, count: int) -> list[int]:
    """`count` new primary keys of `model`'s table, never given to another row. Call inside the
    transaction that inserts them (on SQLite its write lock then holds the table's sequence)."""
    if count <= 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [connection.ops.quote_name(table), pk, count])
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the first write of the transaction takes its write lock, which no other
        # connection can then take until it ends; AUTOINCREMENT never reuses a key up to `seq`.
        quoted = connection.ops.quote_name(table)
        cursor.execute("UPDATE sqlite_sequence SET seq = seq WHERE name = %s", [table])
        cursor.execute(f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
                       f"coalesce((SELECT max({connection.ops.quote_name(pk)}) FROM {quoted}), 0))", [table])
        last = cursor.fetchone()[0]
        # Keep the sequence past them: a row inserted meanwhile in this transaction gets a new key.
        cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [last + count, table])
        if cursor.rowcount == 0:
            cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last + count])
        return list(range(last + 1, last + count + 1))


def _columns(model):
    return [f for f in model._meta.local_concrete_fields]


def _sqlite_value(field):
    if isinstance(field, _PLAIN) or (isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)):
        return None  # as it is (Django's adapter writes a date as SQLite stores it)
    return lambda value: field.get_db_prep_save(value, connection)


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _copy_value(field):
    if isinstance(field, models.JSONField):
        return lambda value: _copy_text(None if value is None else json.dumps(value, cls=field.encoder))
    if isinstance(field, models.BinaryField):
        return lambda value: "\\N" if value is None else "\\\\x" + bytes(value).hex()
    return _copy_text


def _prepare(model, objs, fields):
    """Set what bulk_create would have: the keys (new ones from the sequence), a related object's
    key saved since it was assigned, the fields filled at save (auto_now_add)."""
    missing = [obj for obj in objs if obj.pk is None]
    for obj, pk in zip(missing, reserve_ids(model, len(missing)), strict=True):
        obj.pk = pk
    related = [f for f in fields if f.is_relation]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    for obj in objs:
        for field in related:
            if getattr(obj, field.attname) is None and field.is_cached(obj):
                target = field.get_cached_value(obj)
                if target is not None:
                    setattr(obj, field.attname, target.pk)
        for field in stamped:
            field.pre_save(obj, add=True)
        obj._state.adding = False
        obj._state.db = connection.alias


def insert(model, objs):
    """Insert the unsaved `objs` of `model` in the caller's transaction; their keys are set."""
    objs = list(objs)
    if not objs:
        return
    fields = _columns(model)
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    with transaction.atomic(savepoint=False):
        _prepare(model, objs, fields)
        attnames = [f.attname for f in fields]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                pairs = list(zip(attnames, [_copy_value(f) for f in fields], strict=True))
                for start in range(0, len(objs), BATCH):
                    text = "".join("\t".join(convert(getattr(obj, name)) for name, convert in pairs)
                                   + "\n" for obj in objs[start:start + BATCH])
                    cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", StringIO(text))
            else:
                pairs = list(zip(attnames, [_sqlite_value(f) for f in fields], strict=True))
                sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
                for start in range(0, len(objs), BATCH):
                    cursor.executemany(sql, [
                        [getattr(obj, name) if convert is None else convert(getattr(obj, name))
                         for name, convert in pairs]
                        for obj in objs[start:start + BATCH]])


def insert_rows(model, columns, rows):
    """Insert plain rows (tuples of database values for `columns`, keys included or defaulted)."""
    rows = list(rows)
    if not rows:
        return
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for start in range(0, len(rows), BATCH):
                text = "".join("\t".join(map(_copy_text, row)) + "\n" for row in rows[start:start + BATCH])
                cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", StringIO(text))
        else:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", rows)


def update_rows(model, columns, rows):
    """Set `columns` of the rows named by their primary key: `rows` = [(pk, *values)]. On
    PostgreSQL, many rows go through a temporary table and one UPDATE (executemany would be one
    round trip a row); on SQLite, one prepared UPDATE run per row."""
    rows = list(rows)
    if not rows:
        return
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql" or len(rows) < 50:
            sets = ", ".join(f"{quote(c)} = %s" for c in columns)
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE {pk} = %s", [(*values, key) for key, *values in rows])
            return
        names = ", ".join(quote(c) for c in columns)
        cursor.execute(f"CREATE TEMPORARY TABLE thads_update_rows ON COMMIT DROP AS "
                       f"SELECT {pk}, {names} FROM {table} WITH NO DATA")
        for start in range(0, len(rows), BATCH):
            text = "".join("\t".join(map(_copy_text, row)) + "\n" for row in rows[start:start + BATCH])
            cursor.copy_expert(f"COPY thads_update_rows ({pk}, {names}) FROM STDIN", StringIO(text))
        sets = ", ".join(f"{quote(c)} = u.{quote(c)}" for c in columns)
        cursor.execute(f"UPDATE {table} SET {sets} FROM thads_update_rows u WHERE {table}.{pk} = u.{pk}")
        cursor.execute("DROP TABLE thads_update_rows")

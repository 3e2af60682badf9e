"""Inserting many new rows, and rewriting many rows' columns, at the speed an import needs.

The ORM's bulk_create prepares every value of every row through its SQL compiler, which cost
more than the rest of an import together. Here a model's columns are converted by a function
chosen once per field, keys are taken from the table's sequence before the insert (so that rows
can name each other before any is written), and the rows go to the database as one COPY on
PostgreSQL and one prepared INSERT run per row on SQLite (a loop in C, in process).

Within `behind()` (an import's chunks), PostgreSQL's COPYs, updates and deletes are sent by a
thread of their own while the caller goes on with its next rows: the server's half of the work
(the rows, their indexes and foreign keys) then runs on the other core instead of between the
caller's steps.
"""

import csv
import json
import queue
import threading
from contextlib import contextmanager
from datetime import date, datetime
from io import BytesIO, StringIO, TextIOWrapper
from operator import attrgetter

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, models, transaction
from django.utils import timezone

# Fields whose Python values SQLite's driver takes as they are; the others go through the field's
# own conversion.
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey,
          models.AutoField, models.BigAutoField, models.SmallAutoField)
BATCH = 10_000
# What psycopg2 reads of a COPY's buffer at a time: the writer's thread takes the interpreter's lock
# back for each read (up to 5 ms while the caller computes), 8 KB by default.
COPY_READ = 1 << 20


def reserve_ids(model, count: int) -> list[int]:
    """`count` new primary keys of `model`'s table, never given to another row. Call inside the
    transaction that inserts them (on SQLite its write lock then holds the table's sequence)."""
    if count <= 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    if connection.vendor == "postgresql":
        writer = _writer()
        if writer is not None:  # from the keys taken ahead: a query would wait for the COPYs sent
            return writer.keys(model, count)
        with connection.cursor() as cursor:
            return _next_values(cursor, table, pk, count)
    with connection.cursor() as cursor:
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


def _next_values(cursor, table, pk, count) -> list[int]:
    """`count` values of the PostgreSQL sequence of `table`'s key `pk`, on `cursor`."""
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                   [connection.ops.quote_name(table), pk, count])
    return [row[0] for row in cursor.fetchall()]


class _Writer:
    """The COPYs and writes of one connection, sent in order by a thread while the caller goes
    on; every other query of the connection first waits for them (an execute wrapper), so that it
    reads what they wrote, and raises what they raised."""

    AHEAD = 20_000  # keys taken at a time (one query, then none for the next chunks)

    def __init__(self, db):
        # `db` is the caller's own connection wrapper: `connection` names another in this thread.
        self.db, self.raw = db, db.connection
        self.error, self.failed, self.ahead, self.side = None, False, {}, None
        self.queue = queue.Queue()
        self.thread = threading.Thread(target=self._run, name="thads-copy", daemon=True)
        self.thread.start()

    def _run(self):
        while (job := self.queue.get()) is not None:
            try:
                if not self.failed:  # after a failure the transaction is lost: nothing more is sent
                    sql, data = job
                    with self.raw.cursor() as cursor:
                        if hasattr(data, "read"):
                            cursor.copy_expert(sql, data, size=COPY_READ)
                        else:
                            cursor.execute(sql, data)
            except Exception as error:  # noqa: BLE001  (raised in the caller's thread by `wait`)
                self.error, self.failed = error, True
            finally:
                self.queue.task_done()
        self.queue.task_done()

    def send(self, sql, data):
        """A COPY (`data` the buffer to read) or a statement (`data` its parameters), in turn."""
        self.queue.put((sql, data))

    def wait(self):
        """Once every COPY sent is written; raises the error of one that failed (once)."""
        self.queue.join()
        if self.error is not None:
            error, self.error = self.error, None
            with self.db.wrap_database_errors:  # as Django's own errors (IntegrityError, …)
                raise error

    def keys(self, model, count) -> list[int]:
        """Keys from the table's sequence, taken on a connection of their own: a sequence is
        outside every transaction, and this one's is busy with the COPYs sent."""
        table, pk = model._meta.db_table, model._meta.pk.column
        taken = self.ahead.get(table)
        if taken is None or len(taken) < count:
            if self.side is None:
                self.side = self.db.get_new_connection(self.db.get_connection_params())
                self.side.autocommit = True
            # The first time just what is asked (a small file's import takes no more), then ahead.
            more = count if taken is None else max(count - len(taken), self.AHEAD)
            taken = self.ahead[table] = taken or []
            with self.side.cursor() as cursor:
                taken.extend(_next_values(cursor, table, pk, more))
        keys, self.ahead[table] = taken[:count], taken[count:]
        return keys

    def close(self):
        self.queue.put(None)
        self.thread.join()
        if self.side is not None:
            self.side.close()


def _writer():
    """The writer of this thread's connection (`connection` itself is one proxy for every thread)."""
    return getattr(connections[DEFAULT_DB_ALIAS], "thads_writer", None)


@contextmanager
def behind():
    """Within it, on PostgreSQL, COPYs and writes are sent by a thread of their own (`_Writer`)
    and foreign keys are checked as each is written rather than all at the commit, by the same
    thread; keys for new rows are taken ahead. Use inside the transaction, around code that lets
    a database error end it (one is raised at the next query, not where it happened) and reads
    no server-side cursor across a write. On SQLite (which writes in the process) it changes nothing."""
    if connection.vendor != "postgresql" or _writer() is not None:
        yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    own = connections[DEFAULT_DB_ALIAS]
    writer = own.thads_writer = _Writer(own)

    def waiting(execute, sql, params, many, context):
        writer.wait()
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(waiting):
            yield
            writer.wait()
    finally:
        own.thads_writer = None
        try:
            writer.queue.join()  # an error already raised (or being raised) is not raised again
        finally:
            writer.close()
    if not connection.needs_rollback:  # else the rollback puts the checks back as they were
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _sqlite_value(field):
    if isinstance(field, _PLAIN) or (isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)):
        return None  # as it is (Django's adapter writes a date as SQLite stores it)
    last = [object(), None]  # the value converted last, and what it became: a save's stamp is one for all rows

    def convert(value):
        if value is not last[0]:
            last[:] = value, field.get_db_prep_save(value, connection)
        return last[1]
    return convert


def _json_text(field):
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else json.dumps(value, cls=field.encoder)
    return None


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
    if isinstance(field, models.BinaryField):
        return lambda value: "\\N" if value is None else "\\\\x" + bytes(value).hex()
    return _copy_text


def _copy(cursor, table, columns, fields, rows):
    """COPY `rows` (tuples of values, in `columns`' order) into `table`. As CSV, written by the csv
    module (in C), when every value prints as PostgreSQL reads it: a nullable column then reads an
    empty cell as NULL (FORCE_NULL, none of these being text); else each value as COPY's text."""
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    for index, field in enumerate(fields):  # None as an empty text would be stored "", where SQLite and the ORM refuse
        if not field.null and isinstance(field, (models.CharField, models.TextField)) \
                and any(row[index] is None for row in rows):
            raise IntegrityError(f"null value in column {columns[index]!r} of {table}")
    if all(_prints_as_read(f) for f in fields):
        nullable = [connection.ops.quote_name(c) for c, f in zip(columns, fields, strict=True) if f.null]
        options = "FORMAT csv" + (f", FORCE_NULL ({', '.join(nullable)})" if nullable else "")
        for start in range(0, len(rows), BATCH):
            # Held as UTF-8 bytes: a text buffer of Vietnamese holds four bytes a character.
            buffer = BytesIO()
            text = TextIOWrapper(buffer, encoding="utf-8", newline="")
            csv.writer(text, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(rows[start:start + BATCH])
            text.detach()
            buffer.seek(0)
            _send(cursor, f"COPY {table} ({names}) FROM STDIN WITH ({options})", buffer)
        return
    converters = [_copy_value(f) for f in fields]
    for start in range(0, len(rows), BATCH):
        text = "".join("\t".join(convert(value) for convert, value in zip(converters, row, strict=True)) + "\n"
                       for row in rows[start:start + BATCH])
        _send(cursor, f"COPY {table} ({names}) FROM STDIN", StringIO(text))


def _send(cursor, sql, buffer):
    writer = _writer()
    if writer is None:
        cursor.copy_expert(sql, buffer)
    else:
        writer.send(sql, buffer)


def _statement(cursor, sql, params=None):
    """A write whose result nobody reads: within `behind`, sent after the COPYs before it."""
    writer = _writer()
    if writer is None:
        cursor.execute(sql, params)
    else:
        writer.send(sql, params)


def statement(sql, params=None):
    """Run a write whose result nobody reads (`_statement`), on a cursor of its own."""
    with connection.cursor() as cursor:
        _statement(cursor, sql, params)


def _prints_as_read(field) -> bool:
    """Whether a field's values print in CSV as PostgreSQL reads them (numbers, booleans, dates,
    text), and none is told from NULL by an empty cell (the csv module quotes None as "")."""
    if isinstance(field, models.BinaryField):
        return False
    return not (field.null and isinstance(field, (models.CharField, models.TextField)))


def _prepare(model, objs, fields):
    """Set what bulk_create would have: the keys (new ones from the sequence), a related object's
    key saved since it was assigned, the fields filled at save (auto_now_add)."""
    missing = [obj for obj in objs if obj.pk is None]
    for obj, pk in zip(missing, reserve_ids(model, len(missing)), strict=True):
        obj.pk = pk
    related = [f for f in fields if f.is_relation]
    # The moment a save stamps (auto_now, auto_now_add): one for the rows of one insert.
    now = timezone.now()
    stamped = [(f.attname, now if isinstance(f, models.DateTimeField) else timezone.localdate(now)) for f in fields
               if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    alias = connection.alias
    for obj in objs:
        values = obj.__dict__  # new instances: every field is there, none deferred
        for field in related:
            if values.get(field.attname) is None and field.is_cached(obj):
                target = field.get_cached_value(obj)
                if target is not None:
                    if target.pk is None:  # as the ORM refuses it: the link would be lost
                        raise ValueError(f"{field.name} names an unsaved {target._meta.object_name}.")
                    values[field.attname] = target.pk  # the cached object kept: it is the one named
        for attname, value in stamped:
            values[attname] = value
        obj._state.adding = False
        obj._state.db = alias


def insert(model, objs):
    """Insert the unsaved `objs` of `model` in the caller's transaction; their keys are set."""
    objs = list(objs)
    if not objs:
        return
    fields = list(model._meta.local_concrete_fields)
    with transaction.atomic(savepoint=False):
        _prepare(model, objs, fields)
        _write(model, [f.column for f in fields], fields, database_values(objs, fields))


def database_values(objs, fields) -> list:
    """The values of `fields` of each of `objs`, as the database takes them: read at once
    (attrgetter), and converted only where needed (JSON as its text; on SQLite also an aware time,
    as Django stores it)."""
    rows = list(map(attrgetter(*(f.attname for f in fields)), objs)) if len(fields) > 1 else \
        [(getattr(obj, fields[0].attname),) for obj in objs]
    convert_of = _sqlite_value if connection.vendor != "postgresql" else _json_text
    converted = [(index, convert) for index, f in enumerate(fields) if (convert := convert_of(f))]
    if converted:
        rows = [list(row) for row in rows]
        for row in rows:
            for index, convert in converted:
                row[index] = convert(row[index])
    return rows


def insert_rows(model, columns, rows):
    """Insert plain rows (tuples of database values for `columns`, keys included or defaulted)."""
    rows = list(rows)
    if rows:
        _write(model, columns, [_field_of(model, c) for c in columns], rows)


def _field_of(model, column):
    return next(f for f in model._meta.local_concrete_fields if f.column == column)


def _write(model, columns, fields, rows):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, table, columns, fields, rows)
        else:
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
            for start in range(0, len(rows), BATCH):
                cursor.executemany(sql, rows[start:start + BATCH])


def delete_of(model, column, keys):
    """Delete the rows of `model` whose `column` is one of `keys`: a plain DELETE, neither the
    ORM's collection of related rows nor its compilation of a long IN list."""
    keys = list(keys)
    if not keys:
        return
    quote = connection.ops.quote_name
    sql = f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(column)}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _statement(cursor, f"{sql} = ANY(%s)", [keys])
        else:
            for start in range(0, len(keys), 500):  # within SQLite's bound on a statement's parameters
                part = keys[start:start + 500]
                cursor.execute(f"{sql} IN ({', '.join(['%s'] * len(part))})", part)


def update_rows(model, columns, rows):
    """Set `columns` of the rows named by their primary key: `rows` = [(pk, *values)], the last
    of a key's winning, as one after another would. On PostgreSQL, many rows go through a
    temporary table and one UPDATE (executemany would be one round trip a row); on SQLite, one
    prepared UPDATE run per row."""
    rows = list({row[0]: row for row in rows}.values())
    if not rows:
        return
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:  # the table lives until the commit
        if connection.vendor != "postgresql" or len(rows) < 50:
            sets = ", ".join(f"{quote(c)} = %s" for c in columns)
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE {pk} = %s", [(*values, key) for key, *values in rows])
            return
        names = ", ".join(quote(c) for c in columns)
        _statement(cursor, f"CREATE TEMPORARY TABLE thads_update_rows ON COMMIT DROP AS "
                           f"SELECT {pk}, {names} FROM {table} WITH NO DATA")
        _copy(cursor, "thads_update_rows", [model._meta.pk.column, *columns],
              [model._meta.pk, *(_field_of(model, c) for c in columns)], rows)
        sets = ", ".join(f"{quote(c)} = u.{quote(c)}" for c in columns)
        _statement(cursor, f"UPDATE {table} SET {sets} FROM thads_update_rows u WHERE {table}.{pk} = u.{pk}")
        _statement(cursor, "DROP TABLE thads_update_rows")

"""The row of a file on which each key first appeared, for a file read a chunk at a time.

An import tells a row that repeats an earlier one ("the same decision is already on row 12"). The
keys seen so far were held in the process as tuples: about 400 bytes a row, 200 MB for a file of
500.000 rows. Here they are kept in a temporary table of the import's own transaction, asked and
filled once a chunk, so that what the process holds does not grow with the file.
"""

import itertools

from django.db import connection

from . import inserts

_names = itertools.count(1)


class FirstRows:
    """Keys (texts) and the row each first appeared on. Make and use it inside one transaction."""

    def __init__(self):
        self.table = connection.ops.quote_name(f"thads_first_rows_{next(_names)}")
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")  # one left by an import that ended without `close`
            ending = " ON COMMIT DROP" if connection.vendor == "postgresql" else ""
            cursor.execute(f"CREATE TEMPORARY TABLE {self.table} (key TEXT PRIMARY KEY, row INTEGER NOT NULL){ending}")

    def earlier(self, keyed) -> dict:
        """For `keyed` = [(key, row)] in file order: {row: the row its key first appeared on} for
        each whose key came before (in an earlier chunk, or earlier among these); the rest are kept."""
        first, repeated = {}, {}
        for key, row in keyed:
            if key in first:
                repeated[row] = first[key]
            else:
                first[key] = row
        if not first:
            return repeated
        known = dict(self._rows_of(list(first)))
        for key, row in keyed:
            if key in known:
                repeated[row] = known[key]  # the earliest, in an earlier chunk
        new = [(key, row) for key, row in first.items() if key not in known]
        if connection.vendor == "postgresql":  # within an import, behind its COPYs (thads.inserts.behind)
            inserts.statement(f"INSERT INTO {self.table} (key, row) SELECT * FROM unnest(%s::text[], %s::int[])",
                              [[key for key, _row in new], [row for _key, row in new]])
        else:
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {self.table} (key, row) VALUES (%s, %s)", new)
        return repeated

    def _rows_of(self, keys):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"SELECT key, row FROM {self.table} WHERE key = ANY(%s)", [keys])
                yield from cursor.fetchall()
                return
            for start in range(0, len(keys), 500):  # within SQLite's bound on a statement's parameters
                part = keys[start:start + 500]
                cursor.execute(f"SELECT key, row FROM {self.table} WHERE key IN ({', '.join(['%s'] * len(part))})",
                               part)
                yield from cursor.fetchall()

    def close(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")


def key_text(*parts) -> str:
    """One text of a key's parts (numbers, dates, texts)."""
    return "\x1f".join(map(str, parts))

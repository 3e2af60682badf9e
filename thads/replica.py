"""Dashboards and period reports read from a PostgreSQL streaming replica when one is configured
(DATABASE_REPLICA_URL), and only once it has caught up with the primary.

A dashboard computed from a replica that has not yet replayed the latest write would be cached
under the new data version and stay stale until the next write; so before such a read the primary
says where its log is now, and the replica is used only if it has replayed that far (two queries
of a few microseconds). Otherwise the read goes to the primary. Writes always go to the primary.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA = "replica"
_reading = ContextVar("reading_from_replica", default=False)


class ReplicaRouter:
    """Reads inside `reading_from_replica()` go to the replica; everything else to the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA if _reading.get() else None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA


def caught_up() -> bool:
    """Whether the replica has replayed every write the primary has committed so far."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            primary = cursor.fetchone()[0]
        with connections[REPLICA].cursor() as cursor:
            # NULL on a server that is not in recovery: then it is the primary itself (as in tests).
            cursor.execute("SELECT coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, true)", [primary])
            return cursor.fetchone()[0]
    except DatabaseError:
        return False  # a replica that does not answer is not used


@contextmanager
def reading_from_replica():
    """Reads of the block from the replica if there is one and it has caught up; yields whether."""
    if REPLICA not in settings.DATABASES or _reading.get() or not caught_up():
        yield False
        return
    token = _reading.set(True)
    try:
        yield True
    finally:
        _reading.reset(token)

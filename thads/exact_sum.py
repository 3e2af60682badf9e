"""Sums of 64-bit columns that cannot overflow.

Each stored amount is capped far below the 64-bit range, but a national figure adds up thousands
of stored rows. PostgreSQL sums bigints as numeric, which does not overflow; SQLite's SUM raises
"integer overflow" past 64 bits, so on SQLite an aggregate of our own, `exact_sum`, adds Python
integers. Either way the caller gets a Python int (or None over no rows).
"""

from django.db.backends.signals import connection_created

_LARGEST = 2**63 - 1


class _ExactSum:
    def __init__(self):
        self.total = None

    def step(self, value):
        if value is not None:
            self.total = (self.total or 0) + int(value)

    def finalize(self):
        # SQLite hands back 64-bit integers only: a larger total travels as its digits.
        if self.total is not None and not -_LARGEST - 1 <= self.total <= _LARGEST:
            return str(self.total)
        return self.total


def sum_sql(column: str, vendor: str) -> str:
    """The SQL summing `column` exactly."""
    return f"exact_sum({column})" if vendor == "sqlite" else f"SUM({column})"


def as_int(value):
    """A sum as read back (numeric, int or digits): an int, or None over no rows."""
    return None if value is None else int(value)


def _register(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("exact_sum", 1, _ExactSum)


def connect():
    """Give every new SQLite connection the aggregate (called once, when the apps are ready)."""
    connection_created.connect(_register, dispatch_uid="thads_exact_sum")

"""One number that every write to the register moves: what cached pages are keyed on.

A cached dashboard is stored under the data version current when it was read, so the first read
after any write misses and reads afresh. ORM writes move it through signals, and the bulk paths
that bypass them (imports, summary fills) call `changed()` themselves. Without a reachable cache there is no
version, and nothing is cached.
"""

import time

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from thads import cache

KEY = "thads:data-version"
# Rows that are not the register: writing them changes no figure, list or count.
# A login saves the user. Summary rows only move with the case writes that already move the version,
# and a large import touches thousands of them.
UNTRACKED = {"ImportJob", "ReportJob", "ReportFile", "FigureFill", "FigureCount", "FigureByKind", "FigureByAgency", "FocusCount",
             "FocusChange", "User"}


def current():
    """The version now, or None when the cache cannot be reached."""
    version = cache.get(KEY)
    if version is None:
        version = time.time_ns()  # a fresh cache starts from a number no earlier run used
        if not cache.add(KEY, version, None):
            version = cache.get(KEY)
    return version


def _bump():
    if cache.incr(KEY) is None:
        cache.add(KEY, time.time_ns(), None)


def changed():
    """Call after writes that send no model signals. The version moves now and again once they
    are committed: a page read in between (still seeing the old rows) is cached under a version
    the commit then leaves behind."""
    _bump()
    transaction.on_commit(_bump)


def _on_write(sender, **kwargs):
    if sender.__name__ not in UNTRACKED and sender._meta.app_label in ("cases", "reports"):
        changed()


def connect():
    post_save.connect(_on_write, dispatch_uid="data-version-save")
    post_delete.connect(_on_write, dispatch_uid="data-version-delete")

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
# A second number that only writes to the agency tree move: what the agencies' scopes are cached
# under, so that a case write (which moves the first) does not make every page rebuild them.
TREE_KEY = "thads:tree-version"
TREE = {"Agency", "AgencySuccession"}
# Rows that are not the register: writing them changes no figure, list or count.
# A login saves the user. Summary rows only move with the case writes that already move the version,
# and a large import touches thousands of them.
UNTRACKED = {"ImportJob", "ReportJob", "ReportFile", "FigureFill", "FigureCount", "FigureByKind", "FigureByAgency", "FocusCount",
             "FocusChange", "User"}


def current(key=KEY):
    """The version now, or None when the cache cannot be reached."""
    version = cache.get(key)
    if version is None:
        version = time.time_ns()  # a fresh cache starts from a number no earlier run used
        if not cache.add(key, version, None):
            version = cache.get(key)
    return version


def tree_current():
    return current(TREE_KEY)


def _bump(key):
    if cache.incr(key) is None:
        cache.add(key, time.time_ns(), None)


def changed(*, tree=False):
    """Call after writes that send no model signals (`tree`: writes to agencies or successions).
    The version moves now and again once they are committed: a page read in between (still
    seeing the old rows) is cached under a version the commit then leaves behind."""
    for key in (KEY, TREE_KEY) if tree else (KEY,):
        _bump(key)
        transaction.on_commit(lambda key=key: _bump(key))


def _on_write(sender, **kwargs):
    if sender.__name__ not in UNTRACKED and sender._meta.app_label in ("cases", "reports"):
        changed(tree=sender.__name__ in TREE)


def connect():
    post_save.connect(_on_write, dispatch_uid="data-version-save")
    post_delete.connect(_on_write, dispatch_uid="data-version-delete")

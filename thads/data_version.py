"""One number that every write to the register moves: what cached pages are keyed on.

A cached dashboard is stored under the data version current when it was read, so the first read
after any write misses and reads afresh. Every write moves it by calling `changed()`: the register's
and the others' through `audit.recorder.followed`, the summary fills and bulk loads themselves.
Without a reachable cache there is no version, and nothing is cached.
"""

import time

from django.db import transaction

from thads import cache

KEY = cache.read_together("thads:data-version")
# A second number that only writes to the agency tree move: what the agencies' scopes are cached
# under, so that a case write (which moves the first) does not make every page rebuild them.
TREE_KEY = cache.read_together("thads:tree-version")


def current(key=KEY):
    """The version now, or None when the cache cannot be reached (read once per request:
    thads.cache.get_once; a write in the request moves it there too)."""
    version = cache.get_once(key)
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
    """Call after every write (`tree`: writes to agencies or successions).
    The version moves now and again once they are committed: a page read in between (still
    seeing the old rows) is cached under a version the commit then leaves behind."""
    for key in (KEY, TREE_KEY) if tree else (KEY,):
        _bump(key)
        transaction.on_commit(lambda key=key: _bump(key))

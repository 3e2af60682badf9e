"""The cache, used only for what can be recomputed: when Redis is away, reads miss and writes are
dropped (logged), and pages go on from the database instead of failing.

Within a request (thads.middleware.ReadOnceMiddleware) the keys every page reads (the data and
tree versions, the sample-data flag: `read_together`) are read once, in one round trip, at the
first read of any of them (`get_once`): a page read them four times, a round trip each."""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# The keys read together at a request's first `get_once`, and what the request has read of them.
TOGETHER: list[str] = []
_read: ContextVar[dict | None] = ContextVar("thads_cache_read", default=None)


def read_together(key: str) -> str:
    """Name `key` among the keys a request reads in one round trip (at import time)."""
    if key not in TOGETHER:
        TOGETHER.append(key)
    return key


@contextmanager
def reading_once():
    """Around a request: `get_once` reads each key from the cache at most once inside."""
    token = _read.set({})
    try:
        yield
    finally:
        _read.reset(token)


def get_once(key):
    """The value of `key` (None when missing), read once per request; outside a request, a plain
    read. The writes below keep what the request has read up to date."""
    read = _read.get()
    if read is None:
        return get(key)
    if key not in read:
        if key in TOGETHER:
            found = get_many(TOGETHER)
            read.update({name: found.get(name) for name in TOGETHER if name not in read})
        else:
            read[key] = get(key)
    return read[key]


def _forget(key, value=None):
    read = _read.get()
    if read is not None:
        if value is None:
            read.pop(key, None)
        else:
            read[key] = value


def get_many(keys) -> dict:
    try:
        return cache.get_many(keys)
    except RedisError:
        logger.warning("Cache unreachable: read of %s missed", ", ".join(keys))
        return {}


def get(key, default=None):
    try:
        return cache.get(key, default)
    except RedisError:
        logger.warning("Cache unreachable: read of %s missed", key)
        return default


def set(key, value, timeout):  # noqa: A001 - the cache's own verb
    try:
        cache.set(key, value, timeout)
    except RedisError:
        logger.warning("Cache unreachable: write of %s dropped", key)
        value = None
    _forget(key, value)


def add(key, value, timeout) -> bool:
    try:
        added = cache.add(key, value, timeout)
    except RedisError:
        logger.warning("Cache unreachable: add of %s dropped", key)
        added = False
    _forget(key, value if added else None)
    return added


def incr(key):
    """The incremented value, or None when the key is missing or the cache unreachable."""
    _forget(key)
    try:
        return cache.incr(key)
    except ValueError:
        return None
    except RedisError:
        logger.warning("Cache unreachable: increment of %s dropped", key)
        return None

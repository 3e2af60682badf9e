"""The cache, used only for what can be recomputed: when Redis is away, reads miss and writes are
dropped (logged), and pages go on from the database instead of failing."""

import logging

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


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


def add(key, value, timeout) -> bool:
    try:
        return cache.add(key, value, timeout)
    except RedisError:
        logger.warning("Cache unreachable: add of %s dropped", key)
        return False


def incr(key):
    """The incremented value, or None when the key is missing or the cache unreachable."""
    try:
        return cache.incr(key)
    except ValueError:
        return None
    except RedisError:
        logger.warning("Cache unreachable: increment of %s dropped", key)
        return None

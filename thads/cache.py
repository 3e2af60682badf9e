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

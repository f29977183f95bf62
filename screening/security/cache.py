"""A Redis cache for the rate limiter that falls back to counting in this process when Redis is
down (security.md item 15; issue 14 item 8).

Django's RedisCache raises when Redis is unreachable, and django-ratelimit lets that exception
through: every rate-limited form would answer 500 while Redis is down. Failing open instead (no
count at all) left the forms unlimited for as long as Redis was away. Here a connection error
sends the operation to a local-memory cache shared by this process's threads: each process
counts on its own, so the limit a client meets is at most (number of processes) times the
configured one, but there is one. Only the limiter uses this cache; everything else keeps
failing loudly on the default cache.
"""

import logging
from typing import Any

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

# LocMemCache keeps its data per name at module level: one store per process, all threads.
_FALLBACK = LocMemCache("screening-ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def fallback_counts() -> LocMemCache:
    """The per-process counters used while Redis is unreachable (tests clear them)."""
    return _FALLBACK


class FailOpenRedisCache(RedisCache):
    """RedisCache whose add/incr/get count in this process while Redis is unreachable."""

    def _unreachable(self, operation: str) -> None:
        # The key names an IP address's counter: not logged, only that counting moved.
        logger.warning(
            "Rate-limit cache unreachable during %s: counting in this process only", operation
        )

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE:
            self._unreachable("add")
            if timeout is DEFAULT_TIMEOUT:
                timeout = self.default_timeout
            return _FALLBACK.add(key, value, timeout, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> Any:
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE:
            self._unreachable("incr")
            try:
                return _FALLBACK.incr(key, delta, version)
            except ValueError:
                # Counted in Redis until just now: start again here with this request.
                _FALLBACK.add(key, delta, self.default_timeout, version)
                return delta

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        try:
            return super().get(key, default, version)
        except UNREACHABLE:
            self._unreachable("get")
            return _FALLBACK.get(key, default, version)

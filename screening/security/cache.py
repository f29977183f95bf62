"""A Redis cache for the rate limiter that fails open (security.md item 15).

Django's RedisCache raises when Redis is unreachable, and django-ratelimit lets that exception
through: every rate-limited form would answer 500 while Redis is down. Here a connection error
means "no count", which the limiter (with RATELIMIT_FAIL_OPEN) treats as "let it through". Only
the limiter uses this cache; everything else keeps failing loudly on the default cache.
"""

import logging
from typing import Any

import redis
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class FailOpenRedisCache(RedisCache):
    def _unreachable(self, operation: str) -> None:
        # The key names an IP address's counter: not logged, only that counting is off.
        logger.warning(
            "Rate-limit cache unreachable during %s: requests are not counted", operation
        )

    def add(self, key: Any, value: Any, timeout: Any = None, version: Any = None) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE:
            self._unreachable("add")
            return False

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> Any:
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE:
            self._unreachable("incr")
            return None

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        try:
            return super().get(key, default, version)
        except UNREACHABLE:
            self._unreachable("get")
            return default

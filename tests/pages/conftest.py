"""Fixtures for the treatment pages and the contact form."""

import pytest
import redis
from django.conf import settings
from django.core.cache import cache

from screening.models import Location


@pytest.fixture(autouse=True)
def clear_rate_limits():
    """Forget earlier contact-form counts, so each test starts under the limit.

    Only the rate limiter's keys in this run's Redis database are removed.
    """
    client = redis.Redis.from_url(settings.REDIS_URL)
    pattern = cache.make_key(f"{settings.RATELIMIT_CACHE_PREFIX}*")
    for key in client.scan_iter(match=pattern):
        client.delete(key)
    yield
    client.close()


@pytest.fixture
def locations(db) -> dict[str, Location]:
    return {
        "woburn": Location.objects.create(name="Woburn", town="Woburn", display_order=1),
        "danvers": Location.objects.create(name="Danvers", town="Danvers", display_order=2),
        "closed": Location.objects.create(name="Old site", town="Salem", active=False),
    }

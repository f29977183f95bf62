"""Issue 14 item 8 (security.md item 15): with Redis down the rate limits do not fail open; they
count in this process instead, so abusive volume still gets the friendly 429 and patients under
the limit still get through (never a 500)."""

import pytest
from django.core.cache import caches

from tests.clients import FormClient

from .test_item_15_rate_limits import DEAD_REDIS, FORMS, LIMIT, low_limits  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {**settings.CACHES["ratelimit"], "LOCATION": DEAD_REDIS},
    }


@pytest.mark.parametrize("form", FORMS)
def test_issue14_item08_with_redis_down_the_limit_still_holds_per_process(redis_down, form):
    post = FORMS[form]
    client = FormClient(REMOTE_ADDR="198.51.100.30")
    answers = [post(client).status_code for _ in range(LIMIT)]
    assert all(status < 429 for status in answers), answers
    refused = post(client)
    assert refused.status_code == 429
    assert "Please try again a little later" in refused.content.decode()
    # Still per client address.
    assert post(FormClient(REMOTE_ADDR="198.51.100.31")).status_code < 429


def test_issue14_item08_the_fallback_is_used_only_while_redis_is_unreachable(redis_down):
    from screening.security.cache import fallback_counts

    limiter = caches["ratelimit"]
    assert limiter.add("probe", 1, 60) is True
    assert limiter.incr("probe") == 2
    assert limiter.get("probe") == 2
    assert fallback_counts().get("probe") == 2

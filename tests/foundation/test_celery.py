"""A task round-trips through a real worker on the real Redis broker."""

import secrets
import time

from django.core.cache import cache

from screening.ops.tasks import PING_KEY, ping_worker


def test_a_task_round_trips_through_a_real_worker(celery_worker_process, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    nonce = secrets.token_urlsafe(16)
    ping_worker.delay(nonce)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not cache.get(PING_KEY.format(nonce=nonce)):
        time.sleep(0.1)
    assert cache.get(PING_KEY.format(nonce=nonce)), celery_worker_process.log()

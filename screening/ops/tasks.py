"""Operations tasks: proving a worker is alive."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

PING_KEY = "worker-ping:{nonce}"
PING_TTL_SECONDS = 300


@shared_task(name="screening.ping_worker")
def ping_worker(nonce: str) -> None:
    """Prove a worker is consuming: store the time under a random key the caller then reads."""
    cache.set(PING_KEY.format(nonce=nonce), timezone.now().isoformat(), PING_TTL_SECONDS)

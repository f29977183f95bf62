"""Celery tasks. Each takes ids or opaque values only, never personal data, and calls a service."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from screening.services.intake import drafts_purge
from screening.services.reminders import digest_schedule, reminder_send, reminders_dispatch

PING_KEY = "worker-ping:{nonce}"
PING_TTL_SECONDS = 300


@shared_task(name="screening.ping_worker")
def ping_worker(nonce: str) -> None:
    """Prove a worker is consuming: store the time under a random key the caller then reads."""
    cache.set(PING_KEY.format(nonce=nonce), timezone.now().isoformat(), PING_TTL_SECONDS)


# --- Reminders and alerts (screening.services.reminders). The clock is read here, once, and
# handed to the services, which take `now` like every other service.


@shared_task(name="screening.dispatch_due_reminders", ignore_result=True)
def dispatch_due_reminders() -> int:
    """Beat, every minute: claim due outbox rows and hand each to a send task."""
    return len(reminders_dispatch(now=timezone.now()))


@shared_task(name="screening.send_reminder", ignore_result=True)
def send_reminder(reminder_id: int) -> str:
    """Deliver one outbox row; safe to run twice for the same id (the second does nothing)."""
    return reminder_send(reminder_id=reminder_id, now=timezone.now()).status


@shared_task(name="screening.schedule_daily_digest", ignore_result=True)
def schedule_daily_digest() -> None:
    """Beat, 8:00 clinic time: write the day's digest row; the dispatcher sends it."""
    digest_schedule(now=timezone.now())


@shared_task(name="screening.purge_old_drafts", ignore_result=True)
def purge_old_drafts() -> int:
    """Beat, daily: delete drafts untouched for DRAFT_PURGE_AFTER_DAYS (their reminders too)."""
    return drafts_purge(now=timezone.now())

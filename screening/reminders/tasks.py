"""Reminder and alert tasks. Each takes ids only, never personal data, and calls a service.

Services are imported inside each task, never at module level: the services enqueue these tasks,
so a module-level import here would be a cycle (tests/foundation/test_layout.py keeps it so).
The clock is read here, once, and handed to the services, which take `now` like every other
service.
"""

from celery import shared_task
from django.utils import timezone


@shared_task(name="screening.dispatch_due_reminders", ignore_result=True)
def dispatch_due_reminders() -> int:
    """Beat, every minute: claim due outbox rows and hand each to a send task."""
    from screening.reminders.dispatch import reminders_dispatch

    return len(reminders_dispatch(now=timezone.now()))


@shared_task(name="screening.send_reminder", ignore_result=True)
def send_reminder(reminder_id: int) -> str:
    """Deliver one outbox row; safe to run twice for the same id (the second does nothing)."""
    from screening.reminders.dispatch import reminder_send

    return reminder_send(reminder_id=reminder_id, now=timezone.now()).status


@shared_task(name="screening.schedule_daily_digest", ignore_result=True)
def schedule_daily_digest() -> None:
    """Beat, 8:00 clinic time: write the day's digest row; the dispatcher sends it."""
    from screening.reminders.dispatch import digest_schedule

    digest_schedule(now=timezone.now())

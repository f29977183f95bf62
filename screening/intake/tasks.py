"""Intake tasks. Thin: the clock is read here and handed to the service."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="screening.purge_old_drafts", ignore_result=True)
def purge_old_drafts() -> int:
    """Beat, daily: delete drafts untouched for DRAFT_PURGE_AFTER_DAYS (their reminders too)."""
    from screening.intake.purge import drafts_purge

    return drafts_purge(now=timezone.now())

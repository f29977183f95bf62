"""Helpers for the issue-14 tests (tests/security/test_issue14_item*.py): the outbox run as beat
and the worker would run it, at a given time, and the resume link read out of the email."""

import re
from datetime import datetime, timedelta

from django.core import mail
from django.utils import timezone

from screening.models import Reminder
from screening.reminders.dispatch import reminder_send, reminders_dispatch

RESUME_PATH = re.compile(r"/intake/resume/[\w-]+/")


def noon_tomorrow() -> datetime:
    """A time outside quiet hours, clinic time, after anything the test has just queued."""
    return (timezone.localtime() + timedelta(days=1)).replace(
        hour=12, minute=0, second=0, microsecond=0
    )


def run_outbox(now: datetime) -> list[str]:
    """Dispatch what is due at `now` and send each claimed row in this process; return the
    outcome of each send."""
    claimed = reminders_dispatch(now=now, enqueue=lambda ids: None)
    return [reminder_send(reminder_id=pk, now=now).status for pk in claimed]


def resume_emails_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if address in m.to]


def resume_path(message: mail.EmailMessage) -> str:
    found = RESUME_PATH.search(message.body)
    assert found, message.body
    return found.group(0)


def resume_rows() -> list[Reminder]:
    return list(Reminder.objects.filter(kind=Reminder.Kind.RESUME_LINK).order_by("pk"))

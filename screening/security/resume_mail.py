"""Resume emails cannot be used to flood someone's inbox (issue 14 items 4 and 11).

Anyone can type any address into the intake or into "email me a link", so the resume emails to
one address are limited however many drafts carry it: at most one per
RESUME_EMAIL_MIN_INTERVAL_MINUTES and RESUME_EMAIL_DAILY_CAP per 24 hours. The limit is checked
at send time, under a lock on the address, so two workers sending for two drafts cannot both
pass it. A resume email over the limit is cancelled, not deferred: the one already sent still
works, and a pile of deferred ones would only arrive later.

"Email me a link" writes a ResumeRequest row and nothing else; the dispatcher turns each request
into one resume link for the most recently saved draft with that address, if there is one.
"""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction

from screening.models import Reminder, ResumeRequest, Submission
from screening.reminders import outbox
from screening.reminders.kinds import KINDS, RESUME_LINK

# Every message that carries a resume link (the link asked for, the resume reminders).
RESUME_KINDS = tuple(kind for kind, spec in KINDS.items() if spec.link == RESUME_LINK)
REQUESTS_PER_BATCH = 500


def address_lock(email: str) -> None:
    """Hold a lock on this address until the caller's transaction ends (PostgreSQL; the
    embedded SQLite of `make run` has one writer at a time anyway)."""
    if connection.vendor != "postgresql" or not email:
        return
    digest = hashlib.sha256(email.strip().lower().encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def address_over_limit(*, email: str, now: datetime) -> str | None:
    """Why no more resume email may go to this address now ('address_interval' or
    'address_daily_cap'), or None."""
    sent = Reminder.objects.filter(
        kind__in=RESUME_KINDS,
        status=Reminder.Status.SENT,
        submission__email__iexact=email.strip(),
        sent_at__gt=now - timedelta(days=1),
    ).values_list("sent_at", flat=True)
    times = [moment for moment in sent if moment is not None]
    interval = timedelta(minutes=settings.RESUME_EMAIL_MIN_INTERVAL_MINUTES)
    if any(moment > now - interval for moment in times):
        return "address_interval"
    if len(times) >= settings.RESUME_EMAIL_DAILY_CAP:
        return "address_daily_cap"
    return None


def resume_requests_process(*, now: datetime) -> int:
    """Turn waiting "email me a link" requests into outbox rows: one resume link per request,
    for the most recently saved draft with that address. Returns the requests handled."""
    handled = 0
    while True:
        with transaction.atomic():
            requests = list(
                ResumeRequest.objects.select_for_update(skip_locked=True).order_by("pk")[
                    :REQUESTS_PER_BATCH
                ]
            )
            for request in requests:
                draft = (
                    Submission.objects.select_for_update()
                    .filter(email__iexact=request.email, state=Submission.State.DRAFT)
                    .order_by("-updated_at", "-pk")
                    .first()
                )
                if draft is not None:
                    outbox.outbox_resume_link(submission=draft, now=now)
            ResumeRequest.objects.filter(pk__in=[r.pk for r in requests]).delete()
        handled += len(requests)
        if len(requests) < REQUESTS_PER_BATCH:
            return handled

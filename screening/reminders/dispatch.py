"""Delivering the outbox: the dispatcher claims due rows, the send service delivers one row.

1. screening.reminders.outbox writes Reminder rows in the same transaction as their cause.
2. `reminders_dispatch` (beat, every minute; `manage.py send_due_reminders`) claims, in short
   transactions with FOR UPDATE SKIP LOCKED, the PENDING rows that are due and the SENDING rows
   whose lease has run out; marks them SENDING with a new lease; and after the commit hands each
   id to one `send_reminder` task. Celery only ever holds an id for a few seconds: a lost task
   (worker killed, Redis restarted empty) costs nothing but the lease's wait.
3. `reminder_send` (the task) locks the case, then the row; does nothing unless the row is still
   SENDING; asks reminder_rules whether to send, defer (quiet hours, budget) or cancel (no longer
   relevant, no consent, unsubscribed); sends with a Message-ID derived from the row; and records
   SENT, the time and the provider's id in the same transaction as the locks.

The one window where a message can go out twice: after the SMTP server accepted it and before
the transaction that records SENT commits (a worker killed, a database lost, in between). The
row is then still SENDING; when its lease ends the dispatcher claims it again and it is sent once
more, with the same Message-ID, which lets mail clients fold the two copies into one. Nothing
else sends twice: a second task for the same id waits on the row lock and then finds it SENT.
"""

import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q

from screening.models import Reminder, Submission
from screening.reminders.acknowledgements import urgent_alert_acknowledgements_supersede
from screening.reminders.channels import (
    TEXTS_REFUSED_AFTER_STOP,
    Channel,
    DeliveryError,
    channel_for,
)
from screening.reminders.kinds import URGENT_KINDS
from screening.reminders.messages import reminder_message
from screening.reminders.rules import Cancel, Defer, Fail, clinic_zone, reminder_decide
from screening.reminders.sms_keywords import texts_stop
from screening.security import resume_mail

logger = logging.getLogger(__name__)

Enqueue = Callable[[Sequence[int]], None]


def enqueue_send_tasks(reminder_ids: Sequence[int], *, urgent: bool = False) -> None:
    """One send task per id, through one broker connection. A broker that is down loses
    nothing: the rows stay SENDING and are claimed again when their lease ends.

    Urgent rows' tasks run under URGENT_TASK_*_TIME_LIMIT, below their short lease."""
    from screening.reminders.tasks import send_reminder

    prefix = "URGENT_TASK" if urgent else "CELERY_TASK"
    time_limit = int(getattr(settings, f"{prefix}_TIME_LIMIT"))
    soft_time_limit = int(getattr(settings, f"{prefix}_SOFT_TIME_LIMIT"))
    try:
        with send_reminder.app.producer_or_acquire() as producer:
            for reminder_id in reminder_ids:
                send_reminder.apply_async(
                    args=(reminder_id,),
                    producer=producer,
                    time_limit=time_limit,
                    soft_time_limit=soft_time_limit,
                )
    except Exception as error:  # the broker's errors vary by transport
        logger.warning(
            "could not hand %d reminders to the broker (%s); they are claimed again after "
            "their lease",
            len(reminder_ids),
            type(error).__name__,
        )


def _due(now: datetime) -> Q:
    return Q(status=Reminder.Status.PENDING, due_at__lte=now) | Q(
        status=Reminder.Status.SENDING, lease_expires_at__lte=now
    )


def lease_seconds(*, urgent: bool) -> int:
    """Urgent alerts have a short lease of their own: one lost with a killed worker is back
    within two minutes, not six (issue 13)."""
    return int(settings.URGENT_LEASE_SECONDS if urgent else settings.REMINDER_LEASE_SECONDS)


def reminders_dispatch(*, now: datetime, enqueue: Enqueue | None = None) -> list[int]:
    """Claim every reminder due at `now` and hand each to a send task; return the ids handed.

    Each batch is its own short transaction, so a big backlog never holds locks for long and two
    dispatchers at once split the rows between them (SKIP LOCKED) instead of waiting or doubling.
    A row whose lease ran out REMINDER_MAX_ATTEMPTS times is failed instead: something kills the
    worker every time it tries, and staff must see it.
    """
    # "Email me a link" requests become outbox rows here, after the page has answered.
    resume_mail.resume_requests_process(now=now)
    batch_size = settings.REMINDER_DISPATCH_BATCH
    handed: list[int] = []
    while True:
        with transaction.atomic():
            rows = list(
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(_due(now))
                .order_by("due_at", "id")
                .values_list("id", "kind", "status", "lost_leases")[:batch_size]
            )
            if not rows:
                break
            # A SENDING row is here because its lease ran out with no word from its sender.
            exhausted = {
                pk
                for pk, _kind, status, lost in rows
                if status == Reminder.Status.SENDING and lost + 1 >= settings.REMINDER_MAX_ATTEMPTS
            }
            if exhausted:
                Reminder.objects.filter(pk__in=exhausted).update(
                    status=Reminder.Status.FAILED,
                    lease_expires_at=None,
                    last_error_kind="lease_expired",
                    lost_leases=F("lost_leases") + 1,
                )
                logger.warning("%d reminders failed: lease ran out too often", len(exhausted))
            ready = [row for row in rows if row[0] not in exhausted]
            for urgent in (True, False):
                for lost in (True, False):
                    ids = [
                        pk
                        for pk, kind, status, _lost in ready
                        if (kind in URGENT_KINDS) == urgent
                        and (status == Reminder.Status.SENDING) == lost
                    ]
                    if not ids:
                        continue
                    # attempts counts claims, committed before any send: a worker killed
                    # mid-send still uses one up.
                    Reminder.objects.filter(pk__in=ids).update(
                        status=Reminder.Status.SENDING,
                        lease_expires_at=now + timedelta(seconds=lease_seconds(urgent=urgent)),
                        attempts=F("attempts") + 1,
                        lost_leases=F("lost_leases") + (1 if lost else 0),
                    )
                    transaction.on_commit(partial(_hand_over, ids, urgent, enqueue))
        handed.extend(pk for pk, _kind, _status, _lost in rows if pk not in exhausted)
        if len(rows) < batch_size:
            break
    return handed


def _hand_over(ids: list[int], urgent: bool, enqueue: Enqueue | None) -> None:
    if enqueue is None:
        enqueue_send_tasks(ids, urgent=urgent)
    else:
        enqueue(ids)


def retry_delay(*, attempt: int, kind: str = "", rng: random.Random | None = None) -> timedelta:
    """Exponential backoff with jitter after the `attempt`-th try: base * 2^(attempt-1), capped,
    then scaled by a random 50-100 % so a crowd of failed rows does not come back at once.
    Urgent alerts instead come round every URGENT_RETRY_SECONDS (1-2 minutes), jittered."""
    if kind in URGENT_KINDS:
        shortest, longest = settings.URGENT_RETRY_SECONDS
        return timedelta(seconds=(rng or random).uniform(shortest, longest))
    base = settings.REMINDER_RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0)
    capped = min(base, settings.REMINDER_RETRY_MAX_SECONDS)
    return timedelta(seconds=capped * (rng or random).uniform(0.5, 1.0))


@dataclass(frozen=True)
class SendOutcome:
    # "sent", "deferred", "cancelled", "retrying", "failed", "moved_to_email" (a text refused
    # after a STOP), or "skipped" (nothing to do)
    status: str
    reason: str = ""


def _record(reminder: Reminder, **changes: object) -> None:
    for name, value in changes.items():
        setattr(reminder, name, value)
    reminder.save(update_fields=[*changes])


def _locked(reminder_id: int) -> tuple[Reminder, Submission | None] | None:
    """Lock the case, then the row (the order every writer of both uses, so no deadlock)."""
    row = Reminder.objects.filter(pk=reminder_id).values("submission_id").first()
    if row is None:
        return None
    submission = None
    if row["submission_id"] is not None:
        submission = Submission.objects.select_for_update().filter(pk=row["submission_id"]).first()
        if submission is None:
            return None
    reminder = Reminder.objects.select_for_update().filter(pk=reminder_id).first()
    if reminder is None:
        return None
    return reminder, submission


def reminder_send(
    *,
    reminder_id: int,
    now: datetime,
    channel: Callable[[str], Channel] = channel_for,
) -> SendOutcome:
    """Deliver one claimed reminder, or decide not to; safe to run any number of times."""
    with transaction.atomic():
        locked = _locked(reminder_id)
        if locked is None:
            return SendOutcome("skipped", "missing")
        reminder, submission = locked
        if reminder.status != Reminder.Status.SENDING:
            # Sent, cancelled or failed already, or deferred back to PENDING by an earlier run.
            return SendOutcome("skipped", reminder.status)

        if submission is not None and reminder.kind in resume_mail.RESUME_KINDS:
            # Serialise resume emails to one address across its drafts (issue 14 item 4).
            resume_mail.address_lock(submission.email)
        decision = reminder_decide(reminder=reminder, submission=submission, now=now)
        # Only a real try counts as an attempt: the claim's count is given back otherwise.
        unclaimed = {"lease_expires_at": None, "attempts": max(reminder.attempts - 1, 0)}
        if isinstance(decision, Cancel):
            _record(
                reminder,
                status=Reminder.Status.CANCELLED,
                last_error_kind=decision.reason,
                **unclaimed,
            )
            return SendOutcome("cancelled", decision.reason)
        if isinstance(decision, Defer):
            _record(
                reminder,
                status=Reminder.Status.PENDING,
                due_at=decision.until,
                last_error_kind=decision.reason,
                **unclaimed,
            )
            return SendOutcome("deferred", decision.reason)
        if isinstance(decision, Fail):
            _record(
                reminder,
                status=Reminder.Status.FAILED,
                last_error_kind=decision.reason,
                lease_expires_at=None,
            )
            logger.warning("reminder %s failed: %s", reminder.pk, decision.reason)
            return SendOutcome("failed", decision.reason)

        try:
            # A savepoint: the single-use link made for a message that did not go is dropped
            # with it.
            with transaction.atomic():
                message = reminder_message(reminder=reminder, submission=submission, now=now)
                provider_id = channel(reminder.channel).send(message)
        except DeliveryError as error:
            if error.kind == TEXTS_REFUSED_AFTER_STOP and submission is not None:
                return _after_carrier_stop(reminder, submission, error, now)
            return _after_failed_try(reminder, error, now)
        except SoftTimeLimitExceeded:
            # Out of time, not broken: roll back, and the lease brings the row round again.
            raise
        except Exception as error:
            # A bug (a template, a missing route) would fail again on every try: fail the row
            # so staff see it, and log only the error's type (its text may quote the message).
            _record(
                reminder,
                status=Reminder.Status.FAILED,
                last_error_kind="internal_error",
                lease_expires_at=None,
            )
            logger.error("reminder %s failed: %s", reminder.pk, type(error).__name__)
            return SendOutcome("failed", "internal_error")

        # The at-most-once-more window (module docstring) is open from the server's acceptance
        # above until this transaction commits.
        _record(
            reminder,
            status=Reminder.Status.SENT,
            sent_at=now,
            provider_message_id=provider_id[:255],
            lease_expires_at=None,
            last_error_kind="",
            retrying_since=None,
        )
    return SendOutcome("sent")


def _after_failed_try(reminder: Reminder, error: DeliveryError, now: datetime) -> SendOutcome:
    """A transient error goes back to the outbox with a later due time (never a long countdown
    in Celery) for REMINDER_RETRY_FOR_HOURS from the first one; a permanent one fails at once."""
    since = reminder.retrying_since or now
    retry_for = timedelta(hours=settings.REMINDER_RETRY_FOR_HOURS)
    if error.transient and now - since < retry_for:
        _record(
            reminder,
            status=Reminder.Status.PENDING,
            due_at=now + retry_delay(attempt=reminder.attempts, kind=reminder.kind),
            last_error_kind=error.kind,
            lease_expires_at=None,
            retrying_since=since,
        )
        logger.info(
            "reminder %s: %s on attempt %s, retrying later",
            reminder.pk,
            error.kind,
            reminder.attempts,
        )
        return SendOutcome("retrying", error.kind)
    _record(
        reminder,
        status=Reminder.Status.FAILED,
        last_error_kind=error.kind,
        lease_expires_at=None,
    )
    logger.warning(
        "reminder %s failed: %s after %s attempts", reminder.pk, error.kind, reminder.attempts
    )
    return SendOutcome("failed", error.kind)


def _after_carrier_stop(
    reminder: Reminder, submission: Submission, error: DeliveryError, now: datetime
) -> SendOutcome:
    """The carrier refused the text because the person replied STOP (Twilio's 21610), perhaps
    to Twilio's own opt-out and never to our webhook. Their "no" is recorded at once, through
    the inbound STOP's own path, for every case with the number; this text is then one of the
    waiting ones: sent by email when emails were agreed to, else cancelled.

    The other cases with the number are locked after this one, not in id order: two workers
    refused at once for two cases sharing a number could deadlock, and PostgreSQL then rolls
    one back; its row stays claimed and comes round after its lease, to find texts stopped."""
    # Back to waiting (the case and row locks are still ours), so the STOP moves or cancels it.
    _record(
        reminder,
        status=Reminder.Status.PENDING,
        due_at=now,
        lease_expires_at=None,
        last_error_kind=error.kind,
    )
    changed = texts_stop(number=submission.phone, detail={"via": "carrier"}, now=now)
    reminder.refresh_from_db()
    logger.info("reminder %s: %s, texts stopped on %s cases", reminder.pk, error.kind, changed)
    if reminder.status == Reminder.Status.CANCELLED:
        return SendOutcome("cancelled", error.kind)
    if reminder.channel == Reminder.Channel.EMAIL:
        return SendOutcome("moved_to_email", error.kind)
    # No text consent left to withdraw (recorded already): the text fails, as any refused one.
    _record(reminder, status=Reminder.Status.FAILED)
    return SendOutcome("failed", error.kind)


class NotFailed(Exception):
    """Only a failed delivery can be sent again; anything else is still on its way or done."""


def reminder_send_again(*, reminder_id: int, now: datetime) -> Reminder:
    """Staff's "send again" for a failed row: back to the outbox, due now, with a fresh run of
    retries. The send re-checks relevance and consent as always, so a message that no longer
    applies is cancelled rather than sent."""
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().filter(pk=reminder_id).first()
        if reminder is None or reminder.status != Reminder.Status.FAILED:
            raise NotFailed
        _record(
            reminder,
            status=Reminder.Status.PENDING,
            due_at=now,
            lease_expires_at=None,
            lost_leases=0,
            retrying_since=None,
            last_error_kind="",
        )
        urgent_alert_acknowledgements_supersede(reminder=reminder, now=now)
    return reminder


def digest_schedule(*, now: datetime) -> Reminder:
    """Write today's staff digest into the outbox (once per clinic day, however often called)."""
    local_day = now.astimezone(clinic_zone()).date()
    reminder, _ = Reminder.objects.get_or_create(
        submission=None,
        kind=Reminder.Kind.DAILY_DIGEST,
        sequence=local_day.toordinal(),
        defaults={"due_at": now},
    )
    return reminder

"""One-click unsubscribe (RFC 8058) from patient reminders.

The link names the case by its random public id inside a django.core.signing token, so it works
without a login and cannot be forged or pointed at another case. It never expires: an old email's
link must still work.
"""

from datetime import datetime

from django.core import signing
from django.db import transaction

from screening.models import CaseEvent, Reminder, Submission
from screening.reminders.kinds import PATIENT_KINDS

UNSUBSCRIBE_SALT = "screening.unsubscribe"


def unsubscribe_token(*, submission: Submission) -> str:
    return signing.dumps(submission.public_id, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_public_id(token: str) -> str | None:
    """The public id a genuine token names, or None for a tampered or made-up one."""
    try:
        public_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return public_id if isinstance(public_id, str) else None


def submission_unsubscribe(*, public_id: str, now: datetime) -> bool:
    """Stop every patient message to this case; False when no case has this id.

    Idempotent: a second click changes nothing and writes no second event. Rows already handed
    to a worker are cancelled too; the send task re-checks under the same lock and skips them.
    """
    with transaction.atomic():
        submission = Submission.objects.select_for_update().filter(public_id=public_id).first()
        if submission is None:
            return False
        if submission.unsubscribed_at is not None:
            return True
        submission.unsubscribed_at = now
        # Not updated_at: that is "last touched by the person", which times the draft purge.
        submission.save(update_fields=["unsubscribed_at"])
        cancelled = Reminder.objects.filter(
            submission=submission,
            kind__in=PATIENT_KINDS,
            status__in=[Reminder.Status.PENDING, Reminder.Status.SENDING],
        ).update(status=Reminder.Status.CANCELLED, last_error_kind="unsubscribed")
        CaseEvent.objects.create(
            submission=submission,
            kind=CaseEvent.Kind.UNSUBSCRIBED,
            at=now,
            detail={"via": "one_click", "cancelled_reminders": cancelled},
        )
    return True

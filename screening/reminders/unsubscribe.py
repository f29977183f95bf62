"""One-click unsubscribe (RFC 8058) from patient reminders.

Each patient email carries a fresh opaque token (`secrets.token_urlsafe(32)`): it names nothing,
only its hash is stored (UnsubscribeLink), and it expires after UNSUBSCRIBE_LINK_VALID_DAYS.
The earlier links were signed values carrying the case's public id and never expired (issue 14
item 17); such a link is now simply unknown and gets the "does not work" page.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from django.conf import settings
from django.db import transaction

from screening.models import CaseEvent, Reminder, Submission, UnsubscribeLink
from screening.reminders.kinds import PATIENT_KINDS
from screening.reminders.sms_keywords import texts_restarted_after_unsubscribe
from screening.security.links import link_create, link_find


class LinkState(Enum):
    GOOD = "good"
    EXPIRED = "expired"
    UNKNOWN = "unknown"  # made up, mistyped, cut short, or an old signed link


@dataclass(frozen=True)
class UnsubscribeLinkCheck:
    state: LinkState
    # The case the link stops emails to; None when unknown, or when the case was purged since.
    public_id: str | None = None
    # The language the case's emails go in, so the page answers in it too (issue 19).
    language: str = ""


def unsubscribe_link_create(*, submission: Submission, now: datetime) -> str:
    """A fresh token for one email to this case; only its hash is stored."""
    return link_create(
        UnsubscribeLink,
        now=now,
        valid_for=timedelta(days=settings.UNSUBSCRIBE_LINK_VALID_DAYS),
        submission=submission,
    )


def unsubscribe_link_check(*, token: str, now: datetime) -> UnsubscribeLinkCheck:
    """What a token is worth now. Reading it changes nothing (GET and HEAD come here too)."""
    link = link_find(
        UnsubscribeLink.objects.values(
            "expires_at", "submission__public_id", "submission__language"
        ),
        token,
    )
    if link is None:
        return UnsubscribeLinkCheck(LinkState.UNKNOWN)
    if link["expires_at"] <= now:
        return UnsubscribeLinkCheck(LinkState.EXPIRED, language=link["submission__language"] or "")
    return UnsubscribeLinkCheck(
        LinkState.GOOD, link["submission__public_id"], link["submission__language"] or ""
    )


def submission_unsubscribe(*, public_id: str, now: datetime) -> bool:
    """Stop every patient message to this case; False when no case has this id.

    Texts too, though the page speaks of emails: see texts_restarted_after_unsubscribe for why,
    and how a START texted afterwards reopens texts alone.

    Idempotent: a second click changes nothing and writes no second event (unless a START came
    in between). Rows already handed
    to a worker are cancelled too; the send task re-checks under the same lock and skips them.
    """
    with transaction.atomic():
        submission = Submission.objects.select_for_update().filter(public_id=public_id).first()
        if submission is None:
            return False
        if submission.unsubscribed_at is not None and not texts_restarted_after_unsubscribe(
            submission
        ):
            return True
        # Unsubscribed already, but texts were restarted by a START since: this click is the
        # latest word and stops them again (screening.reminders.sms_keywords).
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

"""Symptom check-ins: the single-use link in the check-in email, and the answers it brings back.

A check-in is a PHQ-9 stored as a new ScaleResponse (source "checkin") on the case. Item 9 above
zero marks the case urgent again and alerts staff through the outbox, in the same transaction.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from screening.criteria.scales import score_phq9
from screening.intake.access import access_move
from screening.models import CaseEvent, CheckinLink, Reminder, ScaleResponse, Submission
from screening.pages.languages import patient_language
from screening.reminders import outbox
from screening.security.links import LinkRefused, link_create, link_spend


class CheckinLinkInvalid(LinkRefused):
    """Unknown, used or expired; `reason` says which, for the page that explains it."""


def checkin_link_create(
    *, submission: Submission, reminder: Reminder | None = None, now: datetime
) -> str:
    """A fresh single-use token for a check-in on this case. Only its hash is stored."""
    return link_create(
        CheckinLink,
        now=now,
        valid_for=timedelta(days=settings.CHECKIN_LINK_VALID_DAYS),
        submission=submission,
        reminder=reminder,
    )


def checkin_link_redeem(*, token: str, now: datetime) -> CheckinLink:
    """Use a check-in link once. Raises CheckinLinkInvalid('unknown' | 'used' | 'expired')."""
    return link_spend(CheckinLink.objects.all(), token=token, now=now, refused=CheckinLinkInvalid)


@dataclass(frozen=True)
class CheckinOpened:
    link: CheckinLink
    epoch: int


def checkin_link_open(*, token: str, now: datetime) -> CheckinOpened:
    """Use a check-in link once; every earlier session of this case (a result page, an earlier
    check-in) ends, as opening a resume link does for a draft (issue 14 item 1). Raises
    CheckinLinkInvalid."""
    with transaction.atomic():
        link = checkin_link_redeem(token=token, now=now)
        # A submitted case has no device cookie any more: only sessions are ended.
        epoch = access_move(submission_id=link.submission_id)
    return CheckinOpened(link=link, epoch=epoch)


def checkin_open_link(*, link_id: int) -> CheckinLink | None:
    """The redeemed, not yet answered link a check-in session holds, or None."""
    return (
        CheckinLink.objects.select_related("submission")
        .filter(pk=link_id, used_at__isnull=False, answered_at__isnull=True)
        .first()
    )


def checkin_record(
    *, link_id: int, answers: list[int], functional_difficulty: str, now: datetime
) -> ScaleResponse:
    """Store a check-in's PHQ-9 once per link; raise CheckinLinkInvalid('used') after that."""
    result = score_phq9(tuple(answers))
    if result is None or result.total is None:
        raise ValueError("a check-in needs all nine answers")
    item9 = bool(result.item9_positive)
    with transaction.atomic():
        link = CheckinLink.objects.select_for_update().filter(pk=link_id).first()
        if link is None or link.used_at is None or link.answered_at is not None:
            raise CheckinLinkInvalid("used")
        submission = Submission.objects.select_for_update().get(pk=link.submission_id)
        response = ScaleResponse.objects.create(
            submission=submission,
            scale=ScaleResponse.Scale.PHQ9,
            source=ScaleResponse.Source.CHECKIN,
            answers=list(answers),
            functional_difficulty=functional_difficulty,
            total=result.total,
            severity=result.severity or "",
            item9_positive=item9,
            recorded_at=now,
            language=patient_language(),  # the translation answered (issue 19)
        )
        link.answered_at = now
        link.save(update_fields=["answered_at"])
        CaseEvent.objects.create(
            submission=submission,
            kind=CaseEvent.Kind.CHECKIN_RECEIVED,
            at=now,
            detail={"scale_response": response.pk, "urgent": item9},
        )
        if item9:
            # A new urgent answer needs a new acknowledgement: the earlier one covered the
            # earlier alert, and the escalation is skipped only once someone has seen this one.
            submission.urgent = True
            submission.urgent_acknowledged_at = None
            submission.urgent_acknowledged_by = None
            submission.save(
                update_fields=[
                    "urgent",
                    "urgent_acknowledged_at",
                    "urgent_acknowledged_by",
                    "updated_at",
                ]
            )
            outbox.outbox_urgent_alert(submission=submission, now=now)
    return response

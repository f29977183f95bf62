"""The contact log: each attempt to reach the person is a CaseEvent (issue 18).

The latest attempt and the next one due are also kept on the Submission, so the queue shows them
without reading the events. CONTACT_FAILED_ATTEMPTS_LIMIT failed attempts in a row move an open
case to "Unable to reach", where the case page offers the closing letter.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from screening.models import FAILED_CONTACT_OUTCOMES, CaseEvent, Submission
from screening.staff.services.cases import _locked_case, _record

Status = Submission.CaseStatus

# Statuses an unanswered run of attempts moves to "Unable to reach": those still being worked on
# (a scheduled or closed case has been reached, or is done with).
UNREACHABLE_FROM = (Status.NEW, Status.IN_REVIEW, Status.CONTACTED)


def case_log_contact(
    *,
    submission: Submission,
    channel: str,
    outcome: str,
    next_try_at: datetime | None,
    by: AbstractBaseUser,
    ip: str | None,
    now: datetime,
) -> Submission:
    """Record one attempt (when: `now`; who: `by`) and what follows from it, in one transaction.

    A failed attempt adds one to the run; reaching the person (or hearing them decline) ends it.
    The attempt that completes the run also changes the status, recorded as its own event.
    """
    with transaction.atomic():
        case = _locked_case(submission)
        failed = outcome in FAILED_CONTACT_OUTCOMES
        case.failed_contact_attempts = case.failed_contact_attempts + 1 if failed else 0
        case.last_contact_at = now
        case.last_contact_channel = channel
        case.last_contact_outcome = outcome
        case.next_contact_due_at = next_try_at
        fields = [
            "failed_contact_attempts",
            "last_contact_at",
            "last_contact_channel",
            "last_contact_outcome",
            "next_contact_due_at",
            "updated_at",
        ]
        limit = settings.CONTACT_FAILED_ATTEMPTS_LIMIT
        unreachable = (
            failed
            and case.failed_contact_attempts >= limit
            and case.case_status in UNREACHABLE_FROM
        )
        before = case.case_status
        if unreachable:
            case.case_status = Status.UNREACHABLE
            case.next_contact_due_at = None  # the letter is the next step, not another call
            fields.append("case_status")
        case.save(update_fields=fields)
        _record(
            case,
            kind=CaseEvent.Kind.CONTACT_ATTEMPT,
            action="case_contact_logged",
            by=by,
            ip=ip,
            now=now,
            detail={
                "channel": channel,
                "outcome": outcome,
                "attempt": case.failed_contact_attempts if failed else None,
                "next_try_at": next_try_at.isoformat() if next_try_at else None,
            },
        )
        if unreachable:
            _record(
                case,
                kind=CaseEvent.Kind.STATUS_CHANGED,
                action="case_status_changed",
                by=by,
                ip=ip,
                now=now,
                detail={"from": before, "to": Status.UNREACHABLE, "after_attempts": limit},
            )
        return case

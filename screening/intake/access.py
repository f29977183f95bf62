"""Who may open a patient's draft or result page: only the browser that holds the current access.

Issue 14 item 1. A draft is reached from a browser session or a device cookie. Each Submission
carries an access epoch; a session keeps the epoch it was given, and a device cookie is a random
key whose hash the draft stores. Opening a resume link (which proves the person holds the email
address) or a check-in link moves the epoch on and gives the opener a new device key, in the same
transaction as the link is used up, so every earlier session and device loses the draft at once.

Until its first link is opened, the session that started a draft may fill in every step (the
answers so far are its own); the first open moves the draft to the opener alone. A link only
opens the draft while the draft's email is still the address the link was sent to (see
`screening.intake.services.resume_link_redeem`), so changing the email cannot carry a draft to
whoever holds the new address.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.db.models import F

from screening.intake import services as intake
from screening.models import CheckinLink, Submission
from screening.security.links import token_hash

SESSION_DRAFT = "intake_draft"
SESSION_DRAFT_EPOCH = "intake_draft_epoch"
SESSION_SUBMITTED = "intake_submitted"
SESSION_SUBMITTED_EPOCH = "intake_submitted_epoch"
SESSION_CHECKIN_EPOCH = "checkin_epoch"


@dataclass(frozen=True)
class DraftOpened:
    """A resume link was used: the draft, and the device key for the opener's cookie."""

    submission: Submission
    device_key: str


# --- Sessions ----------------------------------------------------------------------------------


def session_grant_draft(session: SessionBase, submission: Submission) -> None:
    session[SESSION_DRAFT] = submission.pk
    session[SESSION_DRAFT_EPOCH] = submission.access_epoch


def session_draft(session: SessionBase) -> Submission | None:
    """The draft this session may open: its id and its epoch must both still match."""
    pk, epoch = session.get(SESSION_DRAFT), session.get(SESSION_DRAFT_EPOCH)
    if not pk or epoch is None:
        return None
    return Submission.objects.filter(
        pk=pk, state=Submission.State.DRAFT, access_epoch=epoch
    ).first()


def session_drop_draft(session: SessionBase) -> None:
    session.pop(SESSION_DRAFT, None)
    session.pop(SESSION_DRAFT_EPOCH, None)


def session_grant_result(session: SessionBase, submission: Submission) -> None:
    session[SESSION_SUBMITTED] = submission.pk
    session[SESSION_SUBMITTED_EPOCH] = submission.access_epoch


def session_submitted_draft(session: SessionBase) -> Submission | None:
    """The draft this session held, if it has been submitted since under the same access: the
    submit committed but its response never arrived (issue 13)."""
    pk, epoch = session.get(SESSION_DRAFT), session.get(SESSION_DRAFT_EPOCH)
    if not pk or epoch is None:
        return None
    return Submission.objects.filter(
        pk=pk, state=Submission.State.SUBMITTED, access_epoch=epoch
    ).first()


def session_has_result(session: SessionBase) -> bool:
    return bool(session.get(SESSION_SUBMITTED))


def session_holds_draft(session: SessionBase) -> bool:
    """Whether this session was given a draft (still open here or not)."""
    return bool(session.get(SESSION_DRAFT))


def session_result(
    session: SessionBase, *, select_related: tuple[str, ...] = ()
) -> Submission | None:
    """The submitted intake whose result page this session may show, or None."""
    pk, epoch = session.get(SESSION_SUBMITTED), session.get(SESSION_SUBMITTED_EPOCH)
    if not pk or epoch is None:
        return None
    return (
        Submission.objects.select_related(*select_related)
        .filter(pk=pk, state=Submission.State.SUBMITTED, access_epoch=epoch)
        .first()
    )


def checkin_session_valid(session: SessionBase, link: CheckinLink) -> bool:
    return session.get(SESSION_CHECKIN_EPOCH) == link.submission.access_epoch


# --- Writes ------------------------------------------------------------------------------------


def access_move(*, submission_id: int, device_key: str = "") -> int:
    """End every earlier session's and device's access (caller's transaction); the opener's
    device, if any, gets `device_key`. Returns the new epoch."""
    Submission.objects.filter(pk=submission_id).update(
        access_epoch=F("access_epoch") + 1,
        device_key_hash=token_hash(device_key) if device_key else "",
    )
    return Submission.objects.values_list("access_epoch", flat=True).get(pk=submission_id)


def resume_link_open(*, token: str, now: datetime) -> DraftOpened:
    """Use a resume link once and move the draft to whoever opened it, in one transaction.

    Raises intake.ResumeLinkInvalid as `resume_link_redeem` does.
    """
    with transaction.atomic():
        submission = intake.resume_link_redeem(token=token, now=now)
        device_key = secrets.token_urlsafe(32)
        submission.access_epoch = access_move(submission_id=submission.pk, device_key=device_key)
    return DraftOpened(submission=submission, device_key=device_key)


def device_forget(*, device_key: str) -> None:
    """This device's cookie stops finding its draft, even if a copy of the cookie was kept."""
    if device_key:
        Submission.objects.filter(device_key_hash=token_hash(device_key)).update(device_key_hash="")


# --- Devices ----------------------------------------------------------------------------------


def draft_for_device(device_key: str) -> Submission | None:
    if not device_key:
        return None
    return Submission.objects.filter(
        device_key_hash=token_hash(device_key), state=Submission.State.DRAFT
    ).first()


def submitted_for_device(device_key: str, *, now: datetime) -> Submission | None:
    """The intake this device submitted lately, so a retried submit or the result page finds
    it after a lost response (issue 13). Only for a short while: the key is a cookie, and a
    shared computer's next user must not find someone else's result days later."""
    if not device_key:
        return None
    since = now - timedelta(hours=settings.SUBMITTED_FOUND_BY_DEVICE_HOURS)
    return Submission.objects.filter(
        device_key_hash=token_hash(device_key),
        state=Submission.State.SUBMITTED,
        submitted_at__gte=since,
    ).first()

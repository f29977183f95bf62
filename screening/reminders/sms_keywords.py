"""What a person's reply to our texts does: STOP, START and HELP (and the carriers' synonyms).

A reply is matched to every case with the sender's number (E.164, as Twilio sends it: the
same number can be on a draft and on a later screening). STOP records a "no" to text
reminders on each at once, moves the texts still waiting to email when the person agreed to
emails (else cancels them), and notes it in the case's history and the audit trail; START
undoes an earlier STOP (never an intake's "no"). HELP changes nothing. The reply itself
(TwiML) names the clinic, its phone and the keywords, never a word about why the person is in
touch.

Nothing the person wrote is kept or logged: only which keyword it was.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from django.db import transaction

from screening.audit.services import audit_record
from screening.models import CaseEvent, Consent, Reminder, Submission
from screening.phone import InvalidPhoneNumber, us_phone_to_e164
from screening.reminders.kinds import PATIENT_KINDS

# Twilio's default opt-out keywords (and the CTIA's), matched as the whole message, any case.
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS = frozenset({"START", "YES", "UNSTOP"})
HELP_WORDS = frozenset({"HELP", "INFO"})

# Stored with the consent answer in place of the intake's consent wording version.
KEYWORD_CONSENT_VERSION = "sms-keyword"


class Keyword(Enum):
    STOP = "stop"
    START = "start"
    HELP = "help"
    OTHER = "other"


def keyword_of(body: str) -> Keyword:
    """The keyword a message is, when it is one word and nothing else ("Stop." counts)."""
    word = body.strip().strip(".!").strip().upper()
    if word in STOP_WORDS:
        return Keyword.STOP
    if word in START_WORDS:
        return Keyword.START
    if word in HELP_WORDS:
        return Keyword.HELP
    return Keyword.OTHER


def e164_or_none(number: str) -> str | None:
    try:
        return us_phone_to_e164(number)
    except InvalidPhoneNumber:
        return None


@dataclass(frozen=True)
class KeywordResult:
    keyword: Keyword
    # Cases whose text consent changed (none for HELP, an unknown number, or no change).
    changed: int = 0


def _stop(submission: Submission, keyword: str, now: datetime) -> None:
    Consent.objects.create(
        submission=submission,
        kind=Consent.Kind.SMS_REMINDERS,
        given=False,
        text_version=KEYWORD_CONSENT_VERSION,
        recorded_at=now,
    )
    waiting = Reminder.objects.filter(
        submission=submission,
        kind__in=PATIENT_KINDS,
        channel=Reminder.Channel.SMS,
        status__in=[Reminder.Status.PENDING, Reminder.Status.SENDING],
    )
    by_email = (
        submission.unsubscribed_at is None
        and bool(submission.email)
        and submission.has_consent(Consent.Kind.EMAIL_REMINDERS)
    )
    # A row a worker holds is locked by it: this update waits, and the send then re-reads it.
    moved = waiting.update(channel=Reminder.Channel.EMAIL) if by_email else 0
    cancelled = (
        0
        if by_email
        else waiting.update(status=Reminder.Status.CANCELLED, last_error_kind="texts_stopped")
    )
    CaseEvent.objects.create(
        submission=submission,
        kind=CaseEvent.Kind.TEXTS_STOPPED,
        at=now,
        detail={"keyword": keyword, "moved_to_email": moved, "cancelled_reminders": cancelled},
    )


def _start(submission: Submission, keyword: str, now: datetime) -> None:
    Consent.objects.create(
        submission=submission,
        kind=Consent.Kind.SMS_REMINDERS,
        given=True,
        text_version=KEYWORD_CONSENT_VERSION,
        recorded_at=now,
    )
    CaseEvent.objects.create(
        submission=submission,
        kind=CaseEvent.Kind.TEXTS_RESTARTED,
        at=now,
        detail={"keyword": keyword},
    )


def _stopped_by_text(submission: Submission) -> bool:
    """START undoes a STOP; it does not turn a "no" given at intake into a "yes" (a "Yes"
    texted back to staff's own message must not sign anyone up)."""
    latest = (
        Consent.objects.filter(submission=submission, kind=Consent.Kind.SMS_REMINDERS)
        .order_by("-recorded_at", "-pk")
        .first()
    )
    return (
        latest is not None and not latest.given and latest.text_version == KEYWORD_CONSENT_VERSION
    )


def sms_keyword_receive(*, from_number: str, body: str, now: datetime) -> KeywordResult:
    """Act on one inbound text. Idempotent: a second STOP changes nothing and writes nothing."""
    keyword = keyword_of(body)
    number = e164_or_none(from_number)
    if keyword not in (Keyword.STOP, Keyword.START) or number is None:
        return KeywordResult(keyword)
    word = body.strip().strip(".!").strip().lower()
    changed = 0
    with transaction.atomic():
        # Case locks first, in id order, as every writer of a case and its reminders takes them.
        cases = list(Submission.objects.select_for_update().filter(phone=number).order_by("pk"))
        for submission in cases:
            if keyword == Keyword.STOP and submission.has_consent(Consent.Kind.SMS_REMINDERS):
                _stop(submission, word, now)
            elif keyword == Keyword.START and _stopped_by_text(submission):
                _start(submission, word, now)
            else:
                continue
            changed += 1
            audit_record(
                action="sms_texts_stopped" if keyword == Keyword.STOP else "sms_texts_restarted",
                object_type="submission",
                object_id=submission.public_id,
                at=now,
            )
    return KeywordResult(keyword, changed)

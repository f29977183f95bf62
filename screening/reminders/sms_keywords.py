"""What a person's reply to our texts does: STOP, START and HELP (and the carriers' synonyms).

A reply is matched to every case with the sender's number (E.164, as Twilio sends it: the
same number can be on a draft and on a later screening). STOP records a "no" to text
reminders on each at once, moves the texts still waiting to email when the person agreed to
emails (else cancels them), and notes it in the case's history and the audit trail; a STOP
the carrier reports when a text is refused (Twilio's 21610) does the same. START undoes an
earlier STOP, or an email unsubscribe for texts alone (never an intake's "no"). HELP changes
nothing. The reply itself (TwiML) names the clinic, its phone and the keywords, never a word
about why the person is in touch.

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
    # After a START: whether any case with the number may now be texted (the reply says so).
    texts_on: bool = False


def _stop(submission: Submission, detail: dict[str, object], now: datetime) -> None:
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
        detail={**detail, "moved_to_email": moved, "cancelled_reminders": cancelled},
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


def latest_text_consent(submission: Submission) -> Consent | None:
    """The case's latest answer about texts: at intake, or a STOP / START texted back."""
    return (
        Consent.objects.filter(submission=submission, kind=Consent.Kind.SMS_REMINDERS)
        .order_by("-recorded_at", "-pk")
        .first()
    )


def texts_restarted_after_unsubscribe(submission: Submission) -> bool:
    """An email one-click unsubscribe stops every patient message, texts too (its page promises
    "no more reminder emails"; stopping more than that is the side to err on). A START texted
    after it is the person's own, explicit request for texts, so it reopens texts alone: emails
    stay stopped. Whichever came last wins: a later click on an old email's link stops texts
    again. The send rules (screening.reminders.rules) ask this for every text."""
    if submission.unsubscribed_at is None:
        return False
    latest = latest_text_consent(submission)
    return (
        latest is not None
        and latest.given
        and latest.text_version == KEYWORD_CONSENT_VERSION
        and latest.recorded_at >= submission.unsubscribed_at
    )


def texts_allowed(submission: Submission) -> bool:
    """Whether our texts may go to this case now (the rules' consent and unsubscribe checks)."""
    if not submission.has_consent(Consent.Kind.SMS_REMINDERS):
        return False
    return submission.unsubscribed_at is None or texts_restarted_after_unsubscribe(submission)


def _start_reopens(submission: Submission) -> bool:
    """START undoes a STOP, or an email unsubscribe for texts; it does not turn a "no" given
    at intake into a "yes" (a "Yes" texted back to staff's own message must not sign anyone
    up)."""
    if texts_allowed(submission):
        return False
    latest = latest_text_consent(submission)
    if latest is None:
        return False
    stopped_by_text = not latest.given and latest.text_version == KEYWORD_CONSENT_VERSION
    return stopped_by_text or (latest.given and submission.unsubscribed_at is not None)


def _cases_of(number: str) -> list[Submission]:
    # Case locks first, in id order, as every writer of a case and its reminders takes them.
    return list(Submission.objects.select_for_update().filter(phone=number).order_by("pk"))


def sms_keyword_receive(*, from_number: str, body: str, now: datetime) -> KeywordResult:
    """Act on one inbound text. Idempotent: a second STOP changes nothing and writes nothing."""
    keyword = keyword_of(body)
    number = e164_or_none(from_number)
    if keyword not in (Keyword.STOP, Keyword.START) or number is None:
        return KeywordResult(keyword)
    word = body.strip().strip(".!").strip().lower()
    if keyword == Keyword.STOP:
        return KeywordResult(keyword, texts_stop(number=number, detail={"keyword": word}, now=now))
    changed = 0
    with transaction.atomic():
        cases = _cases_of(number)
        for submission in cases:
            if not _start_reopens(submission):
                continue
            _start(submission, word, now)
            changed += 1
            audit_record(
                action="sms_texts_restarted",
                object_type="submission",
                object_id=submission.public_id,
                at=now,
            )
        # The reply must say what will happen: texts again only if some case may now get them.
        texts_on = any(texts_allowed(submission) for submission in cases)
    return KeywordResult(keyword, changed, texts_on=texts_on)


def texts_stop(*, number: str, detail: dict[str, object], now: datetime) -> int:
    """A "no" to texts for every case with this number (E.164); the number of cases changed.

    The one path for a STOP, whether the person texted it to us (`detail` names the keyword)
    or the carrier reported it when we tried to send (`detail` says so: Twilio's error 21610,
    screening.reminders.dispatch). Safe inside a transaction that already holds one of these
    cases' locks (the send's): the others are taken in id order after it."""
    carrier = detail.get("via") == "carrier"
    changed = 0
    with transaction.atomic():
        for submission in _cases_of(number):
            if not submission.has_consent(Consent.Kind.SMS_REMINDERS):
                continue
            _stop(submission, detail, now)
            changed += 1
            audit_record(
                action="sms_texts_stopped_by_carrier" if carrier else "sms_texts_stopped",
                object_type="submission",
                object_id=submission.public_id,
                at=now,
            )
    return changed

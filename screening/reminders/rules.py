"""What to do with a due reminder right now: send it, defer it, cancel it, or fail it.

Read-only and clock-free: the time is passed in (`now=`), so the rules are tested at any hour
without touching a clock, and the send task gives them the worker's. The send service calls
`reminder_decide` with both rows locked, so its answer cannot go stale before it is acted on.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from screening.models import Consent, Reminder, Submission
from screening.reminders.kinds import PATIENT_KINDS, STAFF, spec_of
from screening.reminders.outbox import agreed_to_email
from screening.reminders.sms_keywords import texts_restarted_after_unsubscribe
from screening.security import resume_mail


@dataclass(frozen=True)
class Send:
    pass


@dataclass(frozen=True)
class Defer:
    until: datetime
    reason: str


@dataclass(frozen=True)
class Cancel:
    reason: str


@dataclass(frozen=True)
class Fail:
    reason: str


Decision = Send | Defer | Cancel | Fail


def clinic_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def quiet_hours_end(*, now: datetime) -> datetime | None:
    """The end of the quiet hours (clinic time) when `now` falls inside them, else None."""
    start_hour, end_hour = settings.REMINDER_QUIET_HOURS
    start, end = time(start_hour), time(end_hour)
    local = now.astimezone(clinic_zone())
    moment = local.time()
    quiet = (moment >= start or moment < end) if start > end else (start <= moment < end)
    if not quiet:
        return None
    day = local.date() if moment < end else local.date() + timedelta(days=1)
    return datetime.combine(day, end, tzinfo=clinic_zone())


def budget_frees_at(*, submission_id: int, now: datetime) -> datetime | None:
    """When the patient has had REMINDER_PATIENT_BUDGET messages in the last
    REMINDER_PATIENT_BUDGET_DAYS days, the moment enough of them leave that window; else None."""
    window = timedelta(days=settings.REMINDER_PATIENT_BUDGET_DAYS)
    limit: int = settings.REMINDER_PATIENT_BUDGET
    sent = (
        Reminder.objects.filter(
            submission_id=submission_id,
            kind__in=PATIENT_KINDS,
            status=Reminder.Status.SENT,
            sent_at__gt=now - window,
        )
        .order_by("sent_at")
        .values_list("sent_at", flat=True)
    )
    sent_times = [moment for moment in sent if moment is not None]
    if len(sent_times) < limit:
        return None
    # Once the oldest (count - limit + 1) messages are out of the window, one more may go.
    return sent_times[len(sent_times) - limit] + window


def staff_recipients(kind: str) -> list[str]:
    recipients = spec_of(kind).recipients
    return recipients() if recipients else []


def _unreachable(
    reminder: Reminder, submission: Submission, *, asked_for: bool, needs_agreement: bool
) -> str | None:
    """Why the patient may not be contacted on this reminder's channel, or None.

    A message the person asked for (a resume link) is not a reminder: it goes whatever they
    said about reminders, and unsubscribing from reminders does not stop it (issue 16 item 1).
    The confirmation of a submit is not a reminder either, but goes only to someone who agreed
    to email (issue 16 item 9).
    """
    if (
        submission.unsubscribed_at is not None
        and not asked_for
        and not (
            # A START texted after the email unsubscribe reopens texts, and only texts.
            reminder.channel == Reminder.Channel.SMS
            and texts_restarted_after_unsubscribe(submission)
        )
    ):
        return "unsubscribed"
    if reminder.channel == Reminder.Channel.SMS:
        address, consent = submission.phone, Consent.Kind.SMS_REMINDERS
    else:
        address, consent = submission.email, Consent.Kind.EMAIL_REMINDERS
    if not address:
        return "no_address"
    if not asked_for and not submission.has_consent(consent):
        return "no_consent"
    if needs_agreement and not agreed_to_email(submission):
        return "no_consent"
    return None


def reminder_decide(
    *, reminder: Reminder, submission: Submission | None, now: datetime
) -> Decision:
    """Relevance first (a message that no longer fits is cancelled, whatever the hour), then
    consent and unsubscribe, then the per-address limit on resume emails (cancels; the caller
    holds the address lock), then quiet hours and the budget (which only defer)."""
    spec = spec_of(reminder.kind)
    if spec.audience == STAFF:
        if submission is not None and (reason := spec.relevance(submission)):
            return Cancel(reason)
        if not staff_recipients(reminder.kind):
            # Nobody configured to receive an urgent alert must be loud, not a quiet cancel.
            return Fail("no_recipients")
        return Send()
    if submission is None:
        return Fail("no_case")
    if reason := spec.relevance(submission):
        return Cancel(reason)
    if reason := _unreachable(
        reminder,
        submission,
        asked_for=spec.on_request,
        needs_agreement=spec.needs_email_agreement,
    ):
        return Cancel(reason)
    if reminder.kind in resume_mail.RESUME_KINDS and (
        reason := resume_mail.address_over_limit(email=submission.email, now=now)
    ):
        return Cancel(reason)
    if spec.on_request:
        return Send()
    if until := quiet_hours_end(now=now):
        return Defer(until, "quiet_hours")
    if until := budget_frees_at(submission_id=submission.pk, now=now):
        return Defer(until, "budget")
    return Send()

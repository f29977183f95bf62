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
from screening.reminders.outbox import PATIENT_KINDS

STAFF_KINDS = (
    Reminder.Kind.URGENT_ALERT,
    Reminder.Kind.URGENT_ESCALATION,
    Reminder.Kind.DAILY_DIGEST,
)
# A resume link answers something the person just did (gave an email, asked for a link): it goes
# out at once at any hour and over the budget. It still counts towards the budget for the rest.
ON_REQUEST_KINDS = (Reminder.Kind.RESUME_LINK,)


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
    limit = settings.REMINDER_PATIENT_BUDGET
    sent_times = list(
        Reminder.objects.filter(
            submission_id=submission_id,
            kind__in=PATIENT_KINDS,
            status=Reminder.Status.SENT,
            sent_at__gt=now - window,
        )
        .order_by("sent_at")
        .values_list("sent_at", flat=True)
    )
    if len(sent_times) < limit:
        return None
    # Once the oldest (count - limit + 1) messages are out of the window, one more may go.
    return sent_times[len(sent_times) - limit] + window


def staff_recipients(kind: str) -> list[str]:
    if kind == Reminder.Kind.URGENT_ESCALATION:
        return list(settings.URGENT_ESCALATION_EMAILS)
    if kind == Reminder.Kind.DAILY_DIGEST:
        return list(settings.DAILY_DIGEST_EMAILS or settings.URGENT_ALERT_EMAILS)
    return list(settings.URGENT_ALERT_EMAILS)


def _no_longer_relevant(kind: str, submission: Submission) -> str | None:
    """Why this kind of message no longer fits where the case stands, or None if it still does."""
    if kind in (Reminder.Kind.RESUME_LINK, Reminder.Kind.RESUME_INTAKE):
        return None if submission.is_draft else "submitted"
    if kind in (Reminder.Kind.NEXT_STEPS, Reminder.Kind.CHECKIN) and submission.is_draft:
        return "not_submitted"
    if kind == Reminder.Kind.NEXT_STEPS and submission.case_status != Submission.CaseStatus.NEW:
        return "status_moved_on"
    if kind == Reminder.Kind.CHECKIN and submission.case_status == Submission.CaseStatus.CLOSED:
        return "case_closed"
    if kind in (Reminder.Kind.URGENT_ALERT, Reminder.Kind.URGENT_ESCALATION):
        if submission.urgent_acknowledged_at is not None:
            return "acknowledged"
        if not submission.urgent:
            return "not_urgent"
    return None


def _unreachable(reminder: Reminder, submission: Submission) -> str | None:
    """Why the patient may not be contacted on this reminder's channel, or None."""
    if submission.unsubscribed_at is not None:
        return "unsubscribed"
    if reminder.channel == Reminder.Channel.SMS:
        address, consent = submission.phone, Consent.Kind.SMS_REMINDERS
    else:
        address, consent = submission.email, Consent.Kind.EMAIL_REMINDERS
    if not address:
        return "no_address"
    if not submission.has_consent(consent):
        return "no_consent"
    return None


def reminder_decide(
    *, reminder: Reminder, submission: Submission | None, now: datetime
) -> Decision:
    """Relevance first (a message that no longer fits is cancelled, whatever the hour), then
    consent and unsubscribe, then quiet hours and the budget (which only defer)."""
    if reminder.kind in STAFF_KINDS:
        if submission is not None and (reason := _no_longer_relevant(reminder.kind, submission)):
            return Cancel(reason)
        if not staff_recipients(reminder.kind):
            # Nobody configured to receive an urgent alert must be loud, not a quiet cancel.
            return Fail("no_recipients")
        return Send()
    if submission is None:
        return Fail("no_case")
    if reason := _no_longer_relevant(reminder.kind, submission):
        return Cancel(reason)
    if reason := _unreachable(reminder, submission):
        return Cancel(reason)
    if reminder.kind in ON_REQUEST_KINDS:
        return Send()
    if until := quiet_hours_end(now=now):
        return Defer(until, "quiet_hours")
    if until := budget_frees_at(submission_id=submission.pk, now=now):
        return Defer(until, "budget")
    return Send()

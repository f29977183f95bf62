"""Writing the outbox: reminder and alert rows, created in the caller's transaction.

Only rows are written here; beat's dispatcher and the send task (screening.reminders.dispatch)
deliver them. Timing numbers come from settings (REMINDER_*, URGENT_*).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from screening.models import Consent, Reminder, Submission


def add_business_days(start: datetime, days: int) -> datetime:
    """`start` plus `days` weekdays (Monday to Friday; public holidays are not skipped).

    Counted on the clinic's calendar: a case sent on Friday evening in Boston is already
    Saturday in UTC, and counting there made "within 2 business days" fall due on Monday
    evening instead of Tuesday's. Adding days to a clinic-zone time keeps its wall-clock hour
    across a daylight-saving change."""
    moment = timezone.localtime(start)
    remaining = days
    while remaining > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            remaining -= 1
    return moment


# The patient reminders that go by text to a person who chose texts (and agreed to them). The
# resume link answers "email me a link", so it always goes by email.
TEXTABLE_KINDS = frozenset(
    {Reminder.Kind.RESUME_INTAKE, Reminder.Kind.NEXT_STEPS, Reminder.Kind.CHECKIN}
)


def agreed_to_email(submission: Submission) -> bool:
    """The person asked us to contact them by email, or agreed to email reminders.

    Issue 16 item 9: "a confirmation email when they agreed to email". Either answer is that
    agreement; an address given for nothing else (a text or a call chosen, no email box ticked)
    is not.
    """
    return submission.contact_method == Submission.ContactMethod.EMAIL or (
        submission.has_consent(Consent.Kind.EMAIL_REMINDERS)
    )


def channel_for_patient(submission: Submission, kind: str) -> str:
    """Text when the person asked to be contacted by text, gave a number and agreed to text
    reminders; email otherwise. The send re-checks consent, so a STOP later still stops it."""
    if (
        kind in TEXTABLE_KINDS
        and submission.contact_method == Submission.ContactMethod.TEXT
        and submission.phone
        and submission.has_consent(Consent.Kind.SMS_REMINDERS)
    ):
        return Reminder.Channel.SMS
    return Reminder.Channel.EMAIL


def _schedule(
    submission: Submission | None, kind: str, sequence: int, due_at: datetime
) -> Reminder:
    defaults: dict[str, object] = {"due_at": due_at}
    if submission is not None:
        defaults["channel"] = channel_for_patient(submission, kind)
    reminder, _ = Reminder.objects.get_or_create(
        submission=submission, kind=kind, sequence=sequence, defaults=defaults
    )
    return reminder


def outbox_draft_touched(*, submission: Submission, now: datetime) -> None:
    """(Re)time the resume-intake reminders from the draft's latest save.

    Only reminders not yet sent move; a person who keeps working never gets one. They follow
    the latest way the person asked to be reached (text or email), too.
    """
    channel = channel_for_patient(submission, Reminder.Kind.RESUME_INTAKE)
    for sequence, hours in enumerate(settings.REMINDER_RESUME_AFTER_HOURS, start=1):
        due_at = now + timedelta(hours=hours)
        updated = Reminder.objects.filter(
            submission=submission,
            kind=Reminder.Kind.RESUME_INTAKE,
            sequence=sequence,
            status=Reminder.Status.PENDING,
        ).update(due_at=due_at, channel=channel)
        if not updated:
            _schedule(submission, Reminder.Kind.RESUME_INTAKE, sequence, due_at)


def outbox_resume_link(*, submission: Submission, now: datetime) -> Reminder:
    """Queue an email with a fresh single-use link to this draft, to go out at once."""
    last = (
        Reminder.objects.filter(submission=submission, kind=Reminder.Kind.RESUME_LINK).aggregate(
            last=Max("sequence")
        )["last"]
        or 0
    )
    return Reminder.objects.create(
        submission=submission, kind=Reminder.Kind.RESUME_LINK, sequence=last + 1, due_at=now
    )


def outbox_after_submit(*, submission: Submission, now: datetime) -> None:
    """What a submission sets going: no more resume reminders; "we have your answers" (to a
    person who agreed to email); next steps; check-ins; alerts.

    Every row is get-or-create on (case, kind, sequence), so a second call writes nothing new.
    """
    Reminder.objects.filter(
        submission=submission,
        kind__in=[Reminder.Kind.RESUME_INTAKE, Reminder.Kind.RESUME_LINK],
        status=Reminder.Status.PENDING,
    ).update(status=Reminder.Status.CANCELLED)
    if submission.email and agreed_to_email(submission):
        _schedule(submission, Reminder.Kind.RECEIVED, 1, now)
    _schedule(
        submission,
        Reminder.Kind.NEXT_STEPS,
        1,
        add_business_days(now, settings.REMINDER_NEXT_STEPS_AFTER_BUSINESS_DAYS),
    )
    for sequence, weeks in enumerate(settings.REMINDER_CHECKIN_AFTER_WEEKS, start=1):
        _schedule(submission, Reminder.Kind.CHECKIN, sequence, now + timedelta(weeks=weeks))
    already_alerted = Reminder.objects.filter(
        submission=submission, kind=Reminder.Kind.URGENT_ALERT
    ).exists()
    if submission.urgent and not already_alerted:
        outbox_urgent_alert(submission=submission, now=now)


def outbox_urgent_alert(*, submission: Submission, now: datetime) -> None:
    """Alert on-call staff now, and escalate later unless someone acknowledges first.

    A later urgent event on the same case (a check-in) adds a new alert pair.
    """
    last = (
        Reminder.objects.filter(submission=submission, kind=Reminder.Kind.URGENT_ALERT).aggregate(
            last=Max("sequence")
        )["last"]
        or 0
    )
    sequence = last + 1
    _schedule(submission, Reminder.Kind.URGENT_ALERT, sequence, now)
    _schedule(
        submission,
        Reminder.Kind.URGENT_ESCALATION,
        sequence,
        now + timedelta(minutes=settings.URGENT_ESCALATION_AFTER_MINUTES),
    )

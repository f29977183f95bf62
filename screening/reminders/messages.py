"""What each kind of reminder says, from our own templates (templates/email/, templates/sms/).

Patient messages carry the clinic's name, the person's first name at most, and a link: no word
about depression, scores, medicines or the screening's result, because an inbox or a lock screen
is not private. Staff messages carry no patient data at all: a link to the case by its random
public id, or counts.

Links that open something (resume, check-in) get a fresh single-use token made here, at send
time, so no working link is ever stored (only its hash).
"""

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac

from screening.intake import services as intake
from screening.intake.reference import reference_of
from screening.models import Reminder, Submission
from screening.reminders import checkins
from screening.reminders.channels import OutgoingMessage
from screening.reminders.kinds import CHECKIN_LINK, RESUME_LINK, STAFF, spec_of
from screening.reminders.rules import clinic_zone, staff_recipients
from screening.reminders.selectors import digest_counts
from screening.reminders.unsubscribe import unsubscribe_link_create
from screening.security.patient_text import greeting_name

MESSAGE_ID_SALT = "screening.reminders.message-id"


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def message_id_for(reminder_id: int) -> str:
    """The same Message-ID every time this reminder is sent, but no row number in it: an HMAC
    of the id, so a recipient learns nothing about how many messages the clinic sends."""
    digest = salted_hmac(MESSAGE_ID_SALT, str(reminder_id), algorithm="sha256").hexdigest()
    return f"<{digest[:40]}@{site_domain()}>"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _patient_link(reminder: Reminder, submission: Submission, now: datetime) -> str:
    link = spec_of(reminder.kind).link
    if link == RESUME_LINK:
        token = intake.resume_link_create(submission=submission, now=now)
        return absolute(reverse("intake_resume", args=[token]))
    if link == CHECKIN_LINK:
        token = checkins.checkin_link_create(submission=submission, reminder=reminder, now=now)
        return absolute(reverse("checkin_start", args=[token]))
    return absolute(reverse("landing"))


def _patient_message(reminder: Reminder, submission: Submission, now: datetime) -> OutgoingMessage:
    """In the language the person used for the screening (issue 19), subject included, whoever
    or whatever sends it (a worker has no request, a staff member's "send again" is English)."""
    with translation.override(submission.language or "en"):
        return _patient_message_in_language(reminder, submission, now)


def _patient_message_in_language(
    reminder: Reminder, submission: Submission, now: datetime
) -> OutgoingMessage:
    context = {
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": settings.CLINIC_PHONE,
        # The only patient-typed text any message carries, and only when it is a plain name.
        "first_name": greeting_name(submission.first_name),
        "link": _patient_link(reminder, submission, now),
        "resume_valid_days": settings.RESUME_LINK_VALID_DAYS,
        "checkin_valid_days": settings.CHECKIN_LINK_VALID_DAYS,
        # The case's own number, to quote on a call (the "we have your answers" email).
        "reference": reference_of(submission.pk),
    }
    message_id = message_id_for(reminder.pk)
    if reminder.channel == Reminder.Channel.SMS:
        return OutgoingMessage(
            to=(submission.phone,),
            subject="",
            text=render_to_string(f"sms/{reminder.kind}.txt", context).strip(),
            message_id=message_id,
        )
    unsubscribe_url = absolute(
        reverse("unsubscribe", args=[unsubscribe_link_create(submission=submission, now=now)])
    )
    context["unsubscribe_url"] = unsubscribe_url
    subject = str(spec_of(reminder.kind).subject).format(clinic=settings.CLINIC_NAME)
    context["subject"] = subject
    return OutgoingMessage(
        to=(submission.email,),
        subject=subject,
        text=render_to_string(f"email/{reminder.kind}.txt", context),
        html=render_to_string(f"email/{reminder.kind}.html", context),
        # RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to it.
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        message_id=message_id,
    )


def _staff_message(reminder: Reminder, submission: Submission | None) -> OutgoingMessage:
    # The staff workspace is in English, whatever language was active when this was made.
    with translation.override("en"):
        return _staff_message_in_english(reminder, submission)


def _staff_message_in_english(reminder: Reminder, submission: Submission | None) -> OutgoingMessage:
    local_due = reminder.due_at.astimezone(clinic_zone())
    context: dict[str, object] = {
        "clinic_name": settings.CLINIC_NAME,
        "due_at": local_due,
        "escalation_minutes": settings.URGENT_ESCALATION_AFTER_MINUTES,
        "workspace_url": absolute(reverse("staff_queue")),
        "deliveries_url": absolute(reverse("staff_deliveries")),
    }
    if submission is not None:
        context["case_url"] = absolute(reverse("staff_case", args=[submission.public_id]))
    if reminder.kind == Reminder.Kind.DAILY_DIGEST:
        # The digest reports on its own day, whenever it happens to go out.
        context["counts"] = digest_counts(until=reminder.due_at)
    subject = str(spec_of(reminder.kind).subject).format(
        clinic=settings.CLINIC_NAME, day=f"{local_due:%A %B} {local_due.day}"
    )
    context["subject"] = subject
    return OutgoingMessage(
        to=tuple(staff_recipients(reminder.kind)),
        subject=subject,
        text=render_to_string(f"email/{reminder.kind}.txt", context),
        html=render_to_string(f"email/{reminder.kind}.html", context),
        message_id=message_id_for(reminder.pk),
    )


def reminder_message(
    *, reminder: Reminder, submission: Submission | None, now: datetime
) -> OutgoingMessage:
    """The message for this reminder. Writes the single-use link it carries (caller's
    transaction), so call it only when about to send."""
    if spec_of(reminder.kind).audience == STAFF:
        return _staff_message(reminder, submission)
    if submission is None:
        raise ValueError("a patient message needs its case")
    return _patient_message(reminder, submission, now)

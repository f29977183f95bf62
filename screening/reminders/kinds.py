"""Every kind of message the outbox sends, in one table: who it is for, when it may go, what it
says and when it no longer fits. The outbox, the send rules and the messages all read this.

Adding a kind: a `Reminder.Kind` value (a migration for its choices), an entry below, and its
templates (templates/email/<kind>.txt and .html, templates/sms/<kind>.txt for patient kinds).
tests/reminders/test_kinds.py proves the table covers every `Reminder.Kind`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from screening.models import Reminder, Submission

PATIENT = "patient"
STAFF = "staff"

# What link a patient message carries (made at send time by messages.py, single use).
RESUME_LINK = "resume"
CHECKIN_LINK = "checkin"
SITE_LINK = "site"


def _while_draft(submission: Submission) -> str | None:
    return None if submission.is_draft else "submitted"


def _while_new(submission: Submission) -> str | None:
    if submission.is_draft:
        return "not_submitted"
    if submission.case_status != Submission.CaseStatus.NEW:
        return "status_moved_on"
    return None


def _while_open(submission: Submission) -> str | None:
    if submission.is_draft:
        return "not_submitted"
    if submission.case_status == Submission.CaseStatus.CLOSED:
        return "case_closed"
    return None


def _while_unacknowledged(submission: Submission) -> str | None:
    if submission.urgent_acknowledged_at is not None:
        return "acknowledged"
    if not submission.urgent:
        return "not_urgent"
    return None


def _always(submission: Submission) -> str | None:
    return None


def _once_submitted(submission: Submission) -> str | None:
    return "not_submitted" if submission.is_draft else None


def _urgent_alert_emails() -> list[str]:
    return list(settings.URGENT_ALERT_EMAILS)


def _escalation_emails() -> list[str]:
    return list(settings.URGENT_ESCALATION_EMAILS)


def _digest_emails() -> list[str]:
    return list(settings.DAILY_DIGEST_EMAILS or settings.URGENT_ALERT_EMAILS)


@dataclass(frozen=True)
class KindSpec:
    kind: str
    audience: str  # PATIENT or STAFF
    # The subject line; {clinic} and, for the digest, {day}. Never a patient's data. Patient
    # subjects are translated (in the patient's language when the message is made); staff's stay
    # English.
    subject: str | Promise
    # Why this message no longer fits where the case stands (a cancel reason), or None.
    relevance: Callable[[Submission], str | None]
    # Answers something the person just did: goes out at once, at any hour, over the budget
    # (it still counts towards the budget for the rest).
    on_request: bool = False
    # Patient kinds: the link the message carries. Staff kinds: who receives it.
    link: str = SITE_LINK
    recipients: Callable[[], list[str]] | None = None
    # An alert about a person who may be at risk: delivered before anything else.
    urgent: bool = False
    # Patient kinds that answer the person (on_request) but only if they agreed to email
    # (`outbox.agreed_to_email`), checked when scheduled and again when sent.
    needs_email_agreement: bool = False


KINDS: dict[str, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            Reminder.Kind.RESUME_LINK,
            PATIENT,
            _("Your link to continue - {clinic}"),
            _while_draft,
            on_request=True,
            link=RESUME_LINK,
        ),
        KindSpec(
            Reminder.Kind.RESUME_INTAKE,
            PATIENT,
            _("Pick up where you left off - {clinic}"),
            _while_draft,
            link=RESUME_LINK,
        ),
        # "We have your answers" with the number to quote. It answers the person's own submit,
        # so it goes at once, at any hour, and a "stop reminders" does not stop it (it is not a
        # reminder, like the resume link); but it is sent only to someone who agreed to email.
        KindSpec(
            Reminder.Kind.RECEIVED,
            PATIENT,
            _("We have your answers - {clinic}"),
            _once_submitted,
            on_request=True,
            needs_email_agreement=True,
        ),
        KindSpec(Reminder.Kind.NEXT_STEPS, PATIENT, _("A note from {clinic}"), _while_new),
        KindSpec(
            Reminder.Kind.CHECKIN,
            PATIENT,
            _("A quick question from {clinic}"),
            _while_open,
            link=CHECKIN_LINK,
        ),
        KindSpec(
            Reminder.Kind.URGENT_ALERT,
            STAFF,
            "[{clinic}] Urgent: a case needs review now",
            _while_unacknowledged,
            recipients=_urgent_alert_emails,
            urgent=True,
        ),
        KindSpec(
            Reminder.Kind.URGENT_ESCALATION,
            STAFF,
            "[{clinic}] Escalation: an urgent case is not acknowledged",
            _while_unacknowledged,
            recipients=_escalation_emails,
            urgent=True,
        ),
        KindSpec(
            Reminder.Kind.DAILY_DIGEST,
            STAFF,
            "[{clinic}] Daily summary for {day}",
            _always,
            recipients=_digest_emails,
        ),
    )
}

PATIENT_KINDS = tuple(kind for kind, spec in KINDS.items() if spec.audience == PATIENT)
STAFF_KINDS = tuple(kind for kind, spec in KINDS.items() if spec.audience == STAFF)
ON_REQUEST_KINDS = tuple(kind for kind, spec in KINDS.items() if spec.on_request)
URGENT_KINDS = tuple(kind for kind, spec in KINDS.items() if spec.urgent)


def spec_of(kind: str) -> KindSpec:
    return KINDS[kind]

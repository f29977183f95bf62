"""Reads about reminders and alerts that staff pages and the daily digest share.

They live with the outbox's code, in the reminders room; nothing here returns a patient's name,
contact details or answers.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from screening.models import (
    AlertAcknowledgement,
    CaseEvent,
    Consent,
    Reminder,
    ScaleResponse,
    Submission,
)
from screening.reminders import sms_keywords
from screening.reminders.kinds import URGENT_KINDS


@dataclass(frozen=True)
class DeliveryProblem:
    reminder_id: int  # for staff's "send again" form (a POST field, never a URL)
    kind: str
    kind_label: str
    case_public_id: str | None
    attempts: int
    last_error_kind: str
    due_at: datetime
    # "retrying" (a transient failure, tried again soon), "failing" (retrying for long, or an
    # urgent alert late) or "failed" (no more tries: staff may send it again).
    state: str
    urgent: bool
    retrying_since: datetime | None
    # Urgent rows: who said they saw this run of failures, and when (issue 18, item 2).
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None


def _late_urgent(now: datetime) -> Q:
    """Urgent alerts not delivered URGENT_UNDELIVERED_BANNER_MINUTES after they fell due (or
    after their first failed try, the due time having moved on with each retry)."""
    cutoff = now - timedelta(minutes=settings.URGENT_UNDELIVERED_BANNER_MINUTES)
    return Q(kind__in=URGENT_KINDS) & (
        Q(status=Reminder.Status.FAILED)
        | Q(retrying_since__lte=cutoff)
        | Q(retrying_since__isnull=True, due_at__lte=cutoff)
    )


def _acknowledged() -> Exists:
    """Someone has acknowledged this run of the alert (sending it again starts a new run)."""
    return Exists(
        AlertAcknowledgement.objects.filter(reminder=OuterRef("pk"), superseded_at__isnull=True)
    )


_OPEN_OR_FAILED = [Reminder.Status.PENDING, Reminder.Status.SENDING, Reminder.Status.FAILED]


def _troubled() -> Q:
    return Q(status=Reminder.Status.FAILED) | Q(
        status__in=[Reminder.Status.PENDING, Reminder.Status.SENDING]
    ) & (Q(retrying_since__isnull=False) | Q(lost_leases__gt=0))


def delivery_problems(*, now: datetime, limit: int = 200) -> list[DeliveryProblem]:
    """Deliveries not going as they should, most recent first: failed ones, and those still
    being retried after a transient failure or a lost lease (issue 13: an SMTP outage must not
    look like "nothing has failed"). No patient data: the case by its public id only."""
    open_states = [Reminder.Status.PENDING, Reminder.Status.SENDING]
    late_urgent = set(
        Reminder.objects.filter(_late_urgent(now), status__in=open_states).values_list(
            "pk", flat=True
        )
    )
    failing_since = now - timedelta(minutes=settings.REMINDER_FAILING_AFTER_MINUTES)
    rows = list(
        Reminder.objects.filter(_troubled() | Q(pk__in=late_urgent))
        .select_related("submission")
        .order_by("-due_at", "-id")[:limit]
    )

    acknowledgements = {
        ack.reminder_id: ack
        for ack in AlertAcknowledgement.objects.filter(
            reminder__in=[row.pk for row in rows if row.kind in URGENT_KINDS],
            superseded_at__isnull=True,
        ).select_related("acknowledged_by")
    }

    def state(row: Reminder) -> str:
        if row.status == Reminder.Status.FAILED:
            return "failed"
        if row.pk in late_urgent or (row.retrying_since and row.retrying_since <= failing_since):
            return "failing"
        return "retrying"

    return [
        DeliveryProblem(
            reminder_id=row.pk,
            kind=row.kind,
            kind_label=row.get_kind_display(),
            case_public_id=row.submission.public_id if row.submission else None,
            attempts=row.attempts,
            last_error_kind=row.last_error_kind,
            due_at=row.due_at,
            state=state(row),
            urgent=row.kind in URGENT_KINDS,
            retrying_since=row.retrying_since,
            **_acknowledged_fields(acknowledgements.get(row.pk)),
        )
        for row in rows
    ]


def _acknowledged_fields(ack: AlertAcknowledgement | None) -> dict[str, Any]:
    if ack is None:
        return {}
    by = ack.acknowledged_by.get_username() if ack.acknowledged_by else "a former staff member"
    return {"acknowledged_by": by, "acknowledged_at": ack.acknowledged_at}


def _unacknowledged_late_urgent(now: datetime) -> QuerySet[Reminder]:
    return Reminder.objects.filter(_late_urgent(now), ~_acknowledged(), status__in=_OPEN_OR_FAILED)


def undelivered_urgent_count(*, now: datetime) -> int:
    """Urgent alerts and escalations failed, or still not delivered
    URGENT_UNDELIVERED_BANNER_MINUTES after they fell due, that no staff member has acknowledged
    yet: the staff pages' banner, and the first line of the daily digest."""
    return _unacknowledged_late_urgent(now).count()


@dataclass(frozen=True)
class UnseenUrgentAlert:
    """One line of the banner: which alert, for which case (by its public id), failed or late."""

    reminder_id: int
    kind_label: str
    case_public_id: str | None
    failed: bool


def unacknowledged_urgent_alerts(*, now: datetime, limit: int) -> list[UnseenUrgentAlert]:
    """The banner's lines, oldest first (the longest unseen first); one query."""
    rows = (
        _unacknowledged_late_urgent(now)
        .select_related("submission")
        .only("kind", "status", "submission__public_id")
        .order_by("created_at", "id")[:limit]
    )
    return [
        UnseenUrgentAlert(
            reminder_id=row.pk,
            kind_label=row.get_kind_display(),
            case_public_id=row.submission.public_id if row.submission else None,
            failed=row.status == Reminder.Status.FAILED,
        )
        for row in rows
    ]


def urgent_alert_to_acknowledge(*, reminder_id: int, now: datetime) -> Reminder | None:
    """The alert, if it is one the banner shows (urgent, failed or late, not acknowledged)."""
    return _unacknowledged_late_urgent(now).filter(pk=reminder_id).first()


def case_reminders(*, submission: Submission) -> QuerySet[Reminder]:
    """Every message for one case, for the case page: kind, status, due and sent times, and the
    reason a failed or cancelled one stopped (last_error_kind)."""
    return Reminder.objects.filter(submission=submission).order_by("due_at", "id")


@dataclass(frozen=True)
class DigestCounts:
    # First in the digest (issue 18, item 2): failed or late urgent alerts nobody acknowledged,
    # and those acknowledged in the 24 hours.
    urgent_undelivered: int
    urgent_undelivered_acknowledged: int
    submitted: int
    waiting_new: int
    urgent_unacknowledged: int
    checkins_received: int
    delivery_problems: int


def digest_counts(*, until: datetime) -> DigestCounts:
    """Counts only, for the 24 hours before `until` and for what is open now."""
    since = until - timedelta(hours=24)
    submitted = Submission.objects.filter(state=Submission.State.SUBMITTED)
    return DigestCounts(
        urgent_undelivered=undelivered_urgent_count(now=until),
        urgent_undelivered_acknowledged=AlertAcknowledgement.objects.filter(
            acknowledged_at__gte=since, acknowledged_at__lt=until
        ).count(),
        submitted=submitted.filter(submitted_at__gte=since, submitted_at__lt=until).count(),
        waiting_new=submitted.filter(case_status=Submission.CaseStatus.NEW).count(),
        urgent_unacknowledged=submitted.filter(
            urgent=True, urgent_acknowledged_at__isnull=True
        ).count(),
        checkins_received=ScaleResponse.objects.filter(
            source=ScaleResponse.Source.CHECKIN, recorded_at__gte=since, recorded_at__lt=until
        ).count(),
        delivery_problems=Reminder.objects.filter(status=Reminder.Status.FAILED).count(),
    )


@dataclass(frozen=True)
class MessagingStatus:
    """What the contact panel says about our messages to a case: staff must not call a person
    "unsubscribed" who has since texted START, nor think texts are on when a carrier stopped
    them. Staff-facing words; no contact details."""

    emails: str
    texts: str


def messaging_status(submission: Submission) -> MessagingStatus:
    def on(at: datetime) -> str:
        # The clinic's day, as the staff templates write every other date ("M j, Y").
        return date_format(timezone.localtime(at), "M j, Y")

    unsubscribed = submission.unsubscribed_at
    if unsubscribed is not None:
        emails = f"Stopped on {on(unsubscribed)} (unsubscribe link)"
    elif submission.has_consent(Consent.Kind.EMAIL_REMINDERS):
        emails = "Reminders agreed"
    else:
        emails = "No reminders (only messages the person asks for)"

    latest = sms_keywords.latest_text_consent(submission)
    by_keyword = latest is not None and latest.text_version == sms_keywords.KEYWORD_CONSENT_VERSION
    if sms_keywords.texts_allowed(submission):
        texts = (
            f"Allowed again on {on(latest.recorded_at)} (replied START)"
            if latest is not None and by_keyword
            else "Reminders agreed"
        )
    elif latest is not None and by_keyword and not latest.given:
        stop = (
            CaseEvent.objects.filter(submission=submission, kind=CaseEvent.Kind.TEXTS_STOPPED)
            .order_by("-at", "-pk")
            .first()
        )
        how = (
            "the carrier reported an opt-out"
            if stop is not None and stop.detail.get("via") == "carrier"
            else "replied STOP"
        )
        texts = f"Stopped on {on(latest.recorded_at)} ({how})"
    elif unsubscribed is not None and latest is not None and latest.given:
        texts = f"Stopped on {on(unsubscribed)} (unsubscribe link)"
    else:
        texts = "Not agreed"
    return MessagingStatus(emails=emails, texts=texts)

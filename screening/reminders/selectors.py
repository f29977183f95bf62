"""Reads about reminders and alerts that staff pages and the daily digest share.

They live with the outbox's code, in the reminders room; nothing here returns a patient's name,
contact details or answers.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet

from screening.models import Reminder, ScaleResponse, Submission


@dataclass(frozen=True)
class DeliveryProblem:
    kind: str
    kind_label: str
    case_public_id: str | None
    attempts: int
    last_error_kind: str
    due_at: datetime


def delivery_problems(*, limit: int = 200) -> list[DeliveryProblem]:
    """Failed reminders, most recent first: what, for which case, how often tried, and why."""
    rows = (
        Reminder.objects.filter(status=Reminder.Status.FAILED)
        .select_related("submission")
        .order_by("-due_at", "-id")[:limit]
    )
    return [
        DeliveryProblem(
            kind=row.kind,
            kind_label=row.get_kind_display(),
            case_public_id=row.submission.public_id if row.submission else None,
            attempts=row.attempts,
            last_error_kind=row.last_error_kind,
            due_at=row.due_at,
        )
        for row in rows
    ]


def case_reminders(*, submission: Submission) -> QuerySet[Reminder]:
    """Every message for one case, for the case page: kind, status, due and sent times, and the
    reason a failed or cancelled one stopped (last_error_kind)."""
    return Reminder.objects.filter(submission=submission).order_by("due_at", "id")


@dataclass(frozen=True)
class DigestCounts:
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

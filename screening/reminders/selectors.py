"""Reads about reminders and alerts that staff pages and the daily digest share.

They live with the outbox's code, in the reminders room; nothing here returns a patient's name,
contact details or answers.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet

from screening.models import Reminder, ScaleResponse, Submission
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


def _late_urgent(now: datetime) -> Q:
    """Urgent alerts not delivered URGENT_UNDELIVERED_BANNER_MINUTES after they fell due (or
    after their first failed try, the due time having moved on with each retry)."""
    cutoff = now - timedelta(minutes=settings.URGENT_UNDELIVERED_BANNER_MINUTES)
    return Q(kind__in=URGENT_KINDS) & (
        Q(status=Reminder.Status.FAILED)
        | Q(retrying_since__lte=cutoff)
        | Q(retrying_since__isnull=True, due_at__lte=cutoff)
    )


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
    rows = (
        Reminder.objects.filter(_troubled() | Q(pk__in=late_urgent))
        .select_related("submission")
        .order_by("-due_at", "-id")[:limit]
    )

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
        )
        for row in rows
    ]


def undelivered_urgent_count(*, now: datetime) -> int:
    """Urgent alerts still not delivered URGENT_UNDELIVERED_BANNER_MINUTES after they fell due:
    the staff pages' banner."""
    open_or_failed = [Reminder.Status.PENDING, Reminder.Status.SENDING, Reminder.Status.FAILED]
    return Reminder.objects.filter(_late_urgent(now), status__in=open_or_failed).count()


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

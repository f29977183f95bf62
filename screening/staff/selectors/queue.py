"""Reads for the staff queue: which cases, in which order, one page at a time.

A coordinator's rows are built without the clinical columns (security.md item 1): see
screening/staff/presenters/queue.py.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.db.models.fields.json import KeyTransform
from django.utils import timezone

from screening.criteria.scales import PHQ9_SUICIDE_ITEM
from screening.intake.reference import references_in
from screening.models import (
    Submission,
)
from screening.staff.roles import ADMIN, CLINICIAN, COORDINATOR

QUEUE_PAGE_SIZE = 50
SAME_PERSON_LIMIT = 20

# Open cases unless the filter says otherwise: closed ones are done with.
STATUS_OPEN = "open"
STATUS_ANY = "all"
URGENT_UNACKNOWLEDGED = "unacknowledged"
URGENT_ANY = "urgent"
NOT_URGENT = "not_urgent"

DEFAULT_CRITERIA: dict[str, Any] = {
    "status": STATUS_OPEN,
    "verdict": "",
    "location": None,
    "urgent": "",
    "mine": False,
    "received_from": None,
    "received_to": None,
    "search": "",
}

# The columns a queue row shows; nothing else is loaded (the determination's JSON stays put).
QUEUE_ROW_FIELDS = (
    "public_id",
    "first_name",
    "last_name",
    "submitted_at",
    "updated_at",
    "urgent",
    "urgent_acknowledged_at",
    "case_status",
    "current_determination__verdict",
    "current_determination__verified_history_id",
    "current_determination__phq9_severity",
    "current_determination__msm_band",
    "preferred_location__name",
    "assigned_to__username",
    "last_contact_at",
    "last_contact_channel",
    "last_contact_outcome",
    "next_contact_due_at",
    "failed_contact_attempts",
    "language",  # issue 19: "Preferred language: Español — interpreter may be needed"
)


# --- The queue ---------------------------------------------------------------------------------


def _day_start(day: date) -> datetime:
    """Midnight at the clinic of `day` (received dates are the clinic's calendar days)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _search(queryset: QuerySet[Submission], text: str) -> QuerySet[Submission]:
    """A quoted reference number (REF-000123) finds that case; every other word must match a
    first name, last name, email or (as digits) a phone number."""
    ids, text = references_in(text)
    if ids:
        queryset = queryset.filter(pk__in=ids)
    for word in text.split()[:5]:
        matches = (
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
        digits = re.sub(r"\D", "", word)
        if len(digits) >= 3:
            matches |= Q(phone__contains=digits)
        queryset = queryset.filter(matches)
    return queryset


def staff_visible() -> Q:
    """What staff work on: submitted intakes, and unfinished ones whose PHQ-9 item 9 was above
    zero (staff are alerted at once and must be able to reach the person)."""
    return Q(state=Submission.State.SUBMITTED) | Q(state=Submission.State.DRAFT, urgent=True)


def _unreachable_draft() -> Q:
    return Q(state=Submission.State.DRAFT, email="", phone="")


UNREACHABLE_LIST_LIMIT = 50


@dataclass(frozen=True)
class UnreachableUrgentDraft:
    public_id: str
    started: datetime
    last_saved: datetime
    acknowledged: bool


def urgent_drafts_without_contact() -> list[UnreachableUrgentDraft]:
    """Unfinished intakes with an urgent answer and no email or phone (issue 14 item 6): nobody
    is paged for them, nobody can be called; staff see them apart from the queue, newest first.
    They are kept like every urgent draft (never purged)."""
    rows = (
        Submission.objects.filter(_unreachable_draft(), urgent=True)
        .order_by("-updated_at", "-pk")
        .values_list("public_id", "created_at", "updated_at", "urgent_acknowledged_at")
    )[:UNREACHABLE_LIST_LIMIT]
    return [
        UnreachableUrgentDraft(public_id, started, saved, acknowledged is not None)
        for public_id, started, saved, acknowledged in rows
    ]


def queue_submissions(
    *, criteria_json: dict[str, Any], user: AbstractBaseUser, clinical: bool
) -> QuerySet[Submission]:
    """Submitted cases matching the filter, in queue order. `clinical` False ignores verdicts."""
    found = {**DEFAULT_CRITERIA, **criteria_json}
    # Urgent drafts nobody can be reached on are listed apart (urgent_drafts_without_contact).
    queryset = Submission.objects.filter(staff_visible()).exclude(_unreachable_draft())
    status = found["status"] or STATUS_OPEN
    if status == STATUS_OPEN:
        queryset = queryset.exclude(case_status=Submission.CaseStatus.CLOSED)
    elif status != STATUS_ANY:
        queryset = queryset.filter(case_status=status)
    if clinical and found["verdict"]:
        queryset = queryset.filter(current_determination__verdict=found["verdict"])
    if found["location"]:
        queryset = queryset.filter(preferred_location_id=found["location"])
    if found["urgent"] == URGENT_UNACKNOWLEDGED:
        queryset = queryset.filter(urgent=True, urgent_acknowledged_at__isnull=True)
    elif found["urgent"] == URGENT_ANY:
        queryset = queryset.filter(urgent=True)
    elif found["urgent"] == NOT_URGENT:
        queryset = queryset.filter(urgent=False)
    if found["mine"]:
        queryset = queryset.filter(assigned_to=user)
    if found["received_from"]:
        queryset = queryset.filter(
            submitted_at__gte=_day_start(date.fromisoformat(found["received_from"]))
        )
    if found["received_to"]:
        day_after = date.fromisoformat(found["received_to"]) + timedelta(days=1)
        queryset = queryset.filter(submitted_at__lt=_day_start(day_after))
    if found["search"]:
        queryset = _search(queryset, found["search"])
    # queue_rank: an unacknowledged urgent flag first, then meets, needs review, does not meet
    # (kept by the database, screening.db.queue_rank); oldest first within each.
    return queryset.order_by("queue_rank", "submitted_at", "pk")


def queue_page(
    *, criteria_json: dict[str, Any], user: AbstractBaseUser, clinical: bool, page_number: Any
) -> tuple[Page, list[Submission]]:
    """One page of 50 in three queries, whatever the number of cases: the count, the page's
    ids in queue order (from indexes), then those 50 rows with what their columns show (for
    clinical roles with the two pieces of the determination that say why the case is here)."""
    ordered_ids = queue_submissions(
        criteria_json=criteria_json, user=user, clinical=clinical
    ).values_list("pk", flat=True)
    page = Paginator(ordered_ids, QUEUE_PAGE_SIZE).get_page(page_number)
    ids = list(page.object_list)
    rows = (
        Submission.objects.filter(pk__in=ids)
        .select_related("current_determination", "preferred_location", "assigned_to")
        .only(*QUEUE_ROW_FIELDS)
    )
    if clinical:
        # Why each case is flagged (issue 18): PHQ-9 item 9's answer and each trial's reasons,
        # pulled out of the determination's JSON for these 50 rows only, never the whole JSON.
        rows = rows.annotate(
            why_item9=KeyTransform(
                str(PHQ9_SUICIDE_ITEM), KeyTransform("phq9", "current_determination__facts")
            ),
            why_trials=KeyTransform("trials", "current_determination__result"),
        )
    by_id = {case.pk: case for case in rows}
    return page, [by_id[pk] for pk in ids]


def staff_users() -> QuerySet:
    """Active accounts a case can be assigned to: members of a staff group, or superusers."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=(COORDINATOR, CLINICIAN, ADMIN)) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )

"""Reads about one case for every staff role: contact, consents, notes, the same person's
other cases, its history. Nothing clinical: a coordinator's case page is built from these alone."""

from typing import Any

from django.db.models import Q

from screening.models import (
    CaseEvent,
    CaseNote,
    Consent,
    Submission,
)
from screening.staff.selectors.queue import staff_visible

SAME_PERSON_LIMIT = 20


def case_for_staff(public_id: str) -> Submission | None:
    """A case by its public id: submitted, or an unfinished intake that raised an urgent flag."""
    return (
        Submission.objects.filter(staff_visible(), public_id=public_id)
        .select_related(
            "preferred_location", "assigned_to", "urgent_acknowledged_by", "current_determination"
        )
        .first()
    )


def case_consents(submission: Submission) -> list[Consent]:
    return list(submission.consents.order_by("recorded_at", "id"))


def case_notes(submission: Submission) -> list[CaseNote]:
    return list(submission.notes.select_related("author").order_by("created_at", "id"))


def same_person_cases(submission: Submission) -> list[dict[str, Any]]:
    """Other submissions from the same person: same email, same phone, or same name and date of
    birth. Each says what matched, so staff can judge a coincidence."""
    rules = []
    if submission.email:
        rules.append(("email", Q(email__iexact=submission.email)))
    if submission.phone:
        rules.append(("phone", Q(phone=submission.phone)))
    if submission.first_name and submission.last_name and submission.date_of_birth:
        rules.append(
            (
                "name and date of birth",
                Q(
                    first_name__iexact=submission.first_name,
                    last_name__iexact=submission.last_name,
                    date_of_birth=submission.date_of_birth,
                ),
            )
        )
    if not rules:
        return []
    matches = Q()
    for _, rule in rules:
        matches |= rule
    others = (
        Submission.objects.filter(matches, state=Submission.State.SUBMITTED)
        .exclude(pk=submission.pk)
        .only(
            "public_id",
            "submitted_at",
            "case_status",
            "email",
            "phone",
            "first_name",
            "last_name",
            "date_of_birth",
        )
        .order_by("-submitted_at", "-pk")[:SAME_PERSON_LIMIT]
    )
    return [
        {
            "case": other,
            "status_label": other.get_case_status_display(),
            "matched_on": [name for name, rule in rules if _matches(other, name, submission)],
        }
        for other in others
    ]


def _matches(other: Submission, rule: str, submission: Submission) -> bool:
    if rule == "email":
        return other.email.lower() == submission.email.lower()
    if rule == "phone":
        return other.phone == submission.phone
    return (
        other.first_name.lower() == submission.first_name.lower()
        and other.last_name.lower() == submission.last_name.lower()
        and other.date_of_birth == submission.date_of_birth
    )


def case_events(submission: Submission) -> list[CaseEvent]:
    return list(submission.events.select_related("actor").order_by("at", "id"))

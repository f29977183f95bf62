"""How each kind of intake step finds its answers on the draft and saves them.

A step's entry in steps.py names one of these. Each reads the draft for the form's initial
values and hands a valid form's cleaned answers to one service call; the services do the
writing, in a transaction, exactly as before.
"""

from dataclasses import dataclass
from typing import Any, Protocol

from django import forms
from django.utils import timezone

from screening.intake import services
from screening.intake.forms import AboutForm
from screening.intake.scales import ScaleForm
from screening.models import ScaleResponse, Submission


class Storage(Protocol):
    def initial(self, draft: Submission) -> dict[str, Any]: ...

    def save(self, draft: Submission, form: Any) -> None: ...


@dataclass(frozen=True)
class AnswersStorage:
    """Answers kept as JSON on the submission under the step's slug."""

    slug: str

    def initial(self, draft: Submission) -> dict[str, Any]:
        return dict(draft.answers.get(self.slug) or {})

    def save(self, draft: Submission, form: forms.Form) -> None:
        services.draft_save_answers(
            submission_id=draft.pk, step=self.slug, answers=form.cleaned_data, now=timezone.now()
        )


@dataclass(frozen=True)
class ScaleStorage:
    """A questionnaire (PHQ-9, GAD-7) kept as a ScaleResponse from the intake."""

    scale: str
    form_class: type[ScaleForm]

    def initial(self, draft: Submission) -> dict[str, Any]:
        response = (
            ScaleResponse.objects.filter(
                submission=draft, scale=self.scale, source=ScaleResponse.Source.INTAKE
            )
            .order_by("-recorded_at")
            .first()
        )
        if response is None:
            return {}
        return {
            **self.form_class.initial_from(response.answers),
            "functional_difficulty": response.functional_difficulty,
        }

    def save(self, draft: Submission, form: Any) -> None:
        services.draft_save_scale(
            submission_id=draft.pk,
            scale=self.scale,
            answers=form.answers(),
            functional_difficulty=form.cleaned_data.get("functional_difficulty", ""),
            now=timezone.now(),
        )


class ContactStorage:
    """The contact step: columns of the submission (a resume link goes out the first time)."""

    def initial(self, draft: Submission) -> dict[str, Any]:
        location = (
            str(draft.preferred_location_id)
            if draft.preferred_location_id
            else (AboutForm.EITHER if "about" in draft.steps_completed else None)
        )
        return {
            "first_name": draft.first_name,
            "last_name": draft.last_name,
            "date_of_birth": draft.date_of_birth,
            "email": draft.email,
            "phone": draft.phone,
            "preferred_location": location,
            "contact_method": draft.contact_method or None,
        }

    def save(self, draft: Submission, form: AboutForm) -> None:
        data = form.cleaned_data
        services.draft_save_about(
            submission_id=draft.pk,
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
            email=data["email"],
            phone=data["phone"],
            preferred_location=form.location(),
            contact_method=data["contact_method"],
            now=timezone.now(),
            phone_as_typed=str(form.data.get("phone", "")),
        )


class InsuranceStorage:
    """The insurance step: the submission's insurer, plan type and member ID (issue 16 item 4)."""

    def initial(self, draft: Submission) -> dict[str, Any]:
        return {
            "insurer": draft.insurer,
            "plan_type": draft.plan_type,
            "member_id": draft.member_id,
        }

    def save(self, draft: Submission, form: forms.Form) -> None:
        data = form.cleaned_data
        services.draft_save_insurance(
            submission_id=draft.pk,
            insurer=data.get("insurer") or "",
            plan_type=data.get("plan_type") or "",
            member_id=data.get("member_id") or "",
            now=timezone.now(),
        )

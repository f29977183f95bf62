"""The intake's steps, in order: the one registry the views, the services and the review read.

Each step is one entry: its form, how its answers are stored on the draft, how the review page
shows them, and its template. A new step is an entry here plus its form (forms.py) and, if the
generic page will not do, its template (ARCHITECTURE.md, "Add an intake step"). Steps without a
form (start, medications, review) have a page of their own in views.py.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from screening.intake import forms, history_forms, presenters
from screening.intake.insurance_forms import InsuranceForm
from screening.intake.scales import (
    GAD7_ATTRIBUTION,
    GAD7_ITEMS,
    GAD7_STEM,
    PHQ9_ATTRIBUTION,
    PHQ9_ITEMS,
    STEM,
    Gad7Form,
    Phq9Form,
)
from screening.intake.storage import (
    AnswersStorage,
    ContactStorage,
    InsuranceStorage,
    ScaleStorage,
    Storage,
)
from screening.models import ScaleResponse


@dataclass(frozen=True)
class Step:
    slug: str
    title: str | Promise
    # How the review page shows this step's answers (None: the step is the review itself).
    review: Callable[..., presenters.Review] | None = None
    # The generic one-form page (views.step): the form, where its answers live, its template.
    form: type | None = None
    storage: Storage | None = None
    template: str = "intake/step.html"
    form_kwargs: Callable[[], dict[str, Any]] = dict
    # Extra words the template shows (a questionnaire's stem and attribution).
    page_text: dict[str, str] = field(default_factory=dict)
    # An optional step with a "Skip" button that saves it with nothing answered (issue 16 item 4).
    skippable: bool = False


def _today() -> dict[str, Any]:
    return {"today": timezone.localdate()}


def _answers_step(slug: str, title: Promise, form: type) -> Step:
    return Step(
        slug,
        title,
        review=presenters.review_form(form, slug),
        form=form,
        storage=AnswersStorage(slug),
    )


def _scale_step(slug: str, title: Promise, form: type, items: tuple[str, ...], credit: str) -> Step:
    return Step(
        slug,
        title,
        review=presenters.review_scale(items, form, slug),
        form=form,
        storage=ScaleStorage(slug, form),
        template="intake/scale.html",
        # Issue 19: the GAD-7's own stem (it differs from the PHQ-9's in some translations).
        page_text={"stem": GAD7_STEM if slug == "gad7" else STEM, "attribution": credit},
    )


STEPS: tuple[Step, ...] = (
    Step("start", _("Before you start"), review=presenters.review_start),
    Step(
        "about",
        _("About you"),
        review=presenters.review_about,
        form=forms.AboutForm,
        storage=ContactStorage(),
        form_kwargs=_today,
    ),
    _answers_step("episode", _("This episode"), history_forms.EpisodeForm),
    Step("medications", _("Antidepressants you have tried"), review=presenters.review_trials),
    _answers_step("treatments", _("Other treatments"), history_forms.TreatmentsForm),
    _scale_step(
        ScaleResponse.Scale.PHQ9,
        _("How you have been feeling"),
        Phq9Form,
        PHQ9_ITEMS,
        PHQ9_ATTRIBUTION,
    ),
    _scale_step(
        ScaleResponse.Scale.GAD7, _("Worry and anxiety"), Gad7Form, GAD7_ITEMS, GAD7_ATTRIBUTION
    ),
    _answers_step("health", _("Your health"), forms.HealthForm),
    _answers_step("medicines_now", _("Medicines you take now"), forms.CurrentMedicinesForm),
    Step(
        "safety",
        _("Safety questions"),
        review=presenters.review_safety,
        form=forms.SafetyForm,
        storage=AnswersStorage("safety"),
    ),
    Step(
        "insurance",
        _("Insurance"),
        review=presenters.review_insurance,
        form=InsuranceForm,
        storage=InsuranceStorage(),
        template="intake/insurance.html",
        skippable=True,
    ),
    Step("review", _("Review and submit")),
)
BY_SLUG = {step.slug: step for step in STEPS}
STEP_SLUGS = tuple(step.slug for step in STEPS)
# Every step but the review must be saved once before the intake can be submitted.
STEPS_TO_SUBMIT = tuple(step.slug for step in STEPS if step.review is not None)
# The steps whose cleaned answers are kept as JSON on the submission.
JSON_STEPS = tuple(step.slug for step in STEPS if isinstance(step.storage, AnswersStorage))
# Crisis help stays on screen on every page after this one once item 9 was above zero.
PHQ9_STEP = ScaleResponse.Scale.PHQ9


def step_number(slug: str) -> int:
    return STEP_SLUGS.index(slug) + 1


def next_step(slug: str) -> str:
    return STEP_SLUGS[min(STEP_SLUGS.index(slug) + 1, len(STEP_SLUGS) - 1)]


def previous_step(slug: str) -> str | None:
    index = STEP_SLUGS.index(slug)
    return STEP_SLUGS[index - 1] if index > 0 else None

"""The intake's review and result pages in words: what was read, turned into sentences."""

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings

from screening.criteria.scales import PHQ9_MAX_TOTAL
from screening.intake.facts import IntakeAnswers, answers_of
from screening.intake.forms import UNKNOWN
from screening.intake.medicine_forms import TrialForm
from screening.models import Consent, Submission
from screening.pages.next_steps import next_steps_for
from screening.staff.labels import PHQ9_SEVERITY_LABELS

YES_NO_WORDS = {True: "Yes", False: "No", None: "Not sure"}


def _choice_label(field: Any, value: Any) -> str:
    choices = {str(k): v for k, v in getattr(field, "choices", [])}
    if isinstance(value, list):
        return ", ".join(choices.get(str(v), str(v)) for v in value) or "—"
    if value in (None, ""):
        return "—"
    return str(choices.get(str(value), value))


def _form_answers(form_class: type, stored: dict[str, Any] | None) -> list[tuple[str, str]]:
    if not stored:
        return []
    form = form_class()
    return [(str(field.label), _choice_label(field.field, stored.get(name))) for name, field in
            ((name, form[name]) for name in form.fields)]  # fmt: skip


def _trial_lines(trial: dict[str, Any]) -> list[tuple[str, str]]:
    fields = TrialForm.base_fields
    dose, weeks = trial["dose_mg"], trial["weeks"]
    stopped = trial["stopped_for_side_effects"]

    def word(name: str) -> tuple[str, str]:
        return str(fields[name].label), _choice_label(fields[name], trial[name] or UNKNOWN)

    return [
        (
            "Highest daily dose",
            f"{dose.normalize():f} mg a day" if dose is not None else "Not known",
        ),
        ("Weeks at that dose", f"{weeks} weeks" if weeks is not None else "Not known"),
        word("adherence"),
        word("improvement"),
        ("Stopped because of side effects", "—" if stopped is None else YES_NO_WORDS[stopped]),
        ("During this episode", YES_NO_WORDS[trial["current_episode"]]),
        ("Taken with it to boost it", trial["augmented_with"] or "—"),
    ]


# --- Review renderers: each step's entry in steps.py names one of these --------------------------
# A renderer takes the draft and its answers and returns the step's part of the review page:
# {"answers": [(question, answer in words), ...]} and, for the medicines, {"trials": [...]}.

Review = dict[str, Any]


def review_start(draft: Submission, answers: IntakeAnswers) -> Review:
    consents = {kind: draft.has_consent(kind) for kind in Consent.Kind.values}
    return {
        "answers": [
            ("Agreed to the privacy notice", YES_NO_WORDS[consents["privacy"]]),
            ("18 or older", YES_NO_WORDS[consents["adult"]]),
            ("Email reminders", YES_NO_WORDS[consents["email_reminders"]]),
            ("Text reminders", YES_NO_WORDS[consents["sms_reminders"]]),
        ]
    }


def review_about(draft: Submission, answers: IntakeAnswers) -> Review:
    if "about" not in draft.steps_completed:
        return {"answers": []}
    location = draft.preferred_location.name if draft.preferred_location else "Either location"
    born = f"{draft.date_of_birth:%m/%d/%Y}" if draft.date_of_birth else "—"
    return {
        "answers": [
            ("Name", f"{draft.first_name} {draft.last_name}".strip() or "—"),
            ("Date of birth", born),
            ("Email", draft.email or "—"),
            ("Mobile phone", draft.phone or "—"),
            ("Preferred location", location),
            ("Contact by", draft.get_contact_method_display() or "—"),
        ]
    }


def review_form(form_class: type, slug: str) -> Callable[[Submission, IntakeAnswers], Review]:
    """The renderer of a step whose answers are kept as JSON under `slug`: each field's label and
    the chosen answer's words, in the form's order."""

    def review(draft: Submission, answers: IntakeAnswers) -> Review:
        return {"answers": _form_answers(form_class, getattr(answers, slug))}

    return review


def review_scale(
    items: Sequence[str], form_class: type, slug: str
) -> Callable[[Submission, IntakeAnswers], Review]:
    def review(draft: Submission, answers: IntakeAnswers) -> Review:
        field = form_class().fields["item1"]
        stored = getattr(answers, slug) or []
        return {
            "answers": [
                (text, _choice_label(field, answer))
                for text, answer in zip(items, stored, strict=False)
            ]
        }

    return review


def review_trials(draft: Submission, answers: IntakeAnswers) -> Review:
    return {
        "answers": [],
        "trials": [
            {"medication": trial["medication"], "lines": _trial_lines(trial)}
            for trial in answers.trials
        ],
    }


def intake_review_sections(draft: Submission, steps: Sequence[Any]) -> list[dict[str, Any]]:
    """Every answer so far, grouped by step, in words, for the review page. `steps` is the
    registry (screening/intake/steps.py); a step without a renderer (the review) is skipped."""
    answers = answers_of(draft)
    return [
        {"step": step, "done": step.slug in draft.steps_completed, **step.review(draft, answers)}
        for step in steps
        if step.review is not None
    ]


# One sentence of context per PHQ-9 band (clinical-reference.md §4), for the patient's result.
PHQ9_SEVERITY_CONTEXT = {
    "minimal": "Depression may not be weighing on you much right now.",
    "mild": "Depression is affecting you, though perhaps not every day.",
    "moderate": "Depression is getting in the way of daily life.",
    "moderately_severe": "Depression is making many everyday things hard.",
    "severe": "Depression is weighing very heavily on you right now.",
}


def _phq9_band_in_words(code: str | None) -> tuple[str, str] | None:
    """(the band's name as staff pages show it, in lower case; one sentence of context)."""
    if code not in PHQ9_SEVERITY_CONTEXT:
        return None
    return PHQ9_SEVERITY_LABELS[code].lower(), PHQ9_SEVERITY_CONTEXT[code]


def intake_result_summary(submission: Submission) -> dict[str, Any]:
    """What the result page tells the person, from the stored determination."""
    determination = submission.current_determination
    result = determination.result if determination else {}
    phq9 = result.get("phq9") or {}
    return {
        "submission": submission,
        "verdict": result.get("verdict"),
        "failed_trials": result.get("adequate_failed_trials", 0),
        "failed_class_count": len(result.get("failed_classes") or []),
        "phq9_total": phq9.get("total"),
        "phq9_max": PHQ9_MAX_TOTAL,
        "phq9_severity": _phq9_band_in_words(phq9.get("severity")),
        "urgent": submission.urgent,
        "next_steps": next_steps_for(
            verdict=result.get("verdict"), treatment_flags=result.get("treatment_flags")
        ),
        "contact_method": submission.get_contact_method_display(),
        "follow_up_business_days": settings.REMINDER_NEXT_STEPS_AFTER_BUSINESS_DAYS,
    }

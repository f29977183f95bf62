"""The intake's review and result pages in words: what was read, turned into sentences."""

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from screening.criteria.scales import PHQ9_MAX_TOTAL
from screening.intake.facts import NO, IntakeAnswers, answers_of
from screening.intake.fields import day_first
from screening.intake.forms import SafetyForm
from screening.intake.insurance_forms import InsuranceForm
from screening.intake.medicine_presenters import trial_rows
from screening.intake.reference import reference_of
from screening.intake.result_presenters import medicines_in_words, rule_in_words
from screening.models import Consent, Submission
from screening.pages.next_steps import next_steps_for

YES_NO_WORDS = {
    True: gettext_lazy("Yes"),
    False: gettext_lazy("No"),
    None: gettext_lazy("Not sure"),
}


def _choice_label(field: Any, value: Any) -> str:
    choices = {str(k): v for k, v in getattr(field, "choices", [])}
    if isinstance(value, list):
        return ", ".join(str(choices.get(str(v), v)) for v in value) or "—"
    if value in (None, ""):
        return "—"
    return str(choices.get(str(value), value))


def _form_answers(form_class: type, stored: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    """Each question and its answer in words; an optional question left empty is left out, so
    the review shows what was said (issue 16: a shorter check-your-answers page)."""
    if not stored:
        return []
    form = form_class()
    return [
        (
            str(form[name].label),
            _choice_label(form[name].field, stored.get(name)),
            _anchor(form[name]),
        )
        for name in form.fields
        if form.fields[name].required or stored.get(name) not in (None, "", [])
    ]


def _anchor(field: Any) -> str:
    """The id the Change link jumps to: the field, or a fieldset's first choice."""
    return str(field.auto_id) + ("_0" if field.field.widget.use_fieldset else "")


# --- Review renderers: each step's entry in steps.py names one of these --------------------------
# A renderer takes the draft and its answers and returns the step's part of the review page:
# {"answers": [(question, answer in words, the field's id for its Change link), ...]} and, for
# the medicines, {"trials": [...]}.

Review = dict[str, Any]


def review_start(draft: Submission, answers: IntakeAnswers) -> Review:
    consents = {kind: draft.has_consent(kind) for kind in Consent.Kind.values}
    return {
        "answers": [
            (
                _("Agreed to the privacy notice"),
                str(YES_NO_WORDS[consents["privacy"]]),
                "id_privacy",
            ),
            (_("18 or older"), str(YES_NO_WORDS[consents["adult"]]), "id_adult_0"),
            (
                _("Email reminders"),
                str(YES_NO_WORDS[consents["email_reminders"]]),
                "id_email_reminders",
            ),
            (_("Text reminders"), str(YES_NO_WORDS[consents["sms_reminders"]]), "id_sms_reminders"),
        ]
    }


def phone_as_typed(draft: Submission) -> str:
    """The number as the person typed it (issue 16 item 8), else the stored one."""
    contact = draft.answers.get("contact") or {}
    typed = str(contact.get("phone_as_typed") or "")
    return typed if typed and draft.phone else draft.phone


def review_about(draft: Submission, answers: IntakeAnswers) -> Review:
    if "about" not in draft.steps_completed:
        return {"answers": []}
    location = draft.preferred_location.name if draft.preferred_location else _("Either location")
    # Written the way the page's language writes dates (the form's order: fields.day_first).
    born_format = "%d/%m/%Y" if day_first() else "%m/%d/%Y"
    born = draft.date_of_birth.strftime(born_format) if draft.date_of_birth else "—"
    return {
        "answers": [
            (_("Name"), f"{draft.first_name} {draft.last_name}".strip() or "—", "id_first_name"),
            (_("Date of birth"), born, "id_date_of_birth"),
            (_("Email"), draft.email or "—", "id_email"),
            (_("Mobile phone"), phone_as_typed(draft) or "—", "id_phone"),
            (_("Preferred location"), location, "id_preferred_location_0"),
            (_("Contact by"), draft.get_contact_method_display() or "—", "id_contact_method_0"),
        ]
    }


def review_safety(draft: Submission, answers: IntakeAnswers) -> Review:
    """Every answer other than No on its own line; the Nos together on one (issue 16)."""
    stored = (draft.answers or {}).get("safety") or {}
    rows = list(review_form(SafetyForm, "safety")(draft, answers)["answers"])
    keys = list(SafetyForm().fields)
    said_no = [key for key in keys if stored.get(key) == NO]
    kept = [row for key, row in zip(keys, rows, strict=False) if key not in said_no]
    if said_no:
        question = (
            _("All %(count)s questions") % {"count": len(keys)}
            if len(said_no) == len(keys)
            else _("The other %(count)s questions") % {"count": len(said_no)}
        )
        kept.append((question, _("No"), f"id_{said_no[0]}_0"))
    return {"answers": kept}


def review_insurance(draft: Submission, answers: IntakeAnswers) -> Review:
    if "insurance" not in draft.steps_completed:
        return {"answers": []}
    if not (draft.insurer or draft.plan_type or draft.member_id):
        return {"answers": [(_("Insurance"), _("Not given"), "id_insurer_0")]}
    form = InsuranceForm()
    return {
        "answers": [
            (
                str(form[name].label),
                _choice_label(form[name].field, getattr(draft, name)),
                _anchor(form[name]),
            )
            for name in ("insurer", "plan_type")
        ]
        + [(str(form["member_id"].label), draft.member_id or "—", "id_member_id")]
    }


def review_form(form_class: type, slug: str) -> Callable[[Submission, IntakeAnswers], Review]:
    """The renderer of a step whose answers are kept as JSON under `slug`: each field's label and
    the chosen answer's words, in the form's order."""

    def review(draft: Submission, answers: IntakeAnswers) -> Review:
        return {"answers": _form_answers(form_class, (draft.answers or {}).get(slug))}

    return review


def review_scale(
    items: Sequence[str], form_class: type, slug: str
) -> Callable[[Submission, IntakeAnswers], Review]:
    def review(draft: Submission, answers: IntakeAnswers) -> Review:
        field = form_class().fields["item1"]
        stored = getattr(answers, slug) or []
        return {
            "answers": [
                (text, _choice_label(field, answer), f"id_item{number}_0")
                for number, (text, answer) in enumerate(zip(items, stored, strict=False), 1)
            ]
        }

    return review


def review_trials(draft: Submission, answers: IntakeAnswers) -> Review:
    return {"answers": [], "trials": trial_rows(answers.trials)}


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
    "minimal": gettext_lazy("Depression may not be weighing on you much right now."),
    "mild": gettext_lazy("Depression is affecting you, though perhaps not every day."),
    "moderate": gettext_lazy("Depression is getting in the way of daily life."),
    "moderately_severe": gettext_lazy("Depression is making many everyday things hard."),
    "severe": gettext_lazy("Depression is weighing very heavily on you right now."),
}
# The band names as staff pages show them (staff.labels.PHQ9_SEVERITY_LABELS, in lower case;
# a test keeps them word for word), marked here so the patient reads them in their language.
PHQ9_BAND_NAMES = {
    "minimal": gettext_lazy("minimal"),
    "mild": gettext_lazy("mild"),
    "moderate": gettext_lazy("moderate"),
    "moderately_severe": gettext_lazy("moderately severe"),
    "severe": gettext_lazy("severe"),
}


def _phq9_band_in_words(code: str | None) -> tuple[str, str] | None:
    """(the band's name in lower case; one sentence of context), in the page's language."""
    if code not in PHQ9_SEVERITY_CONTEXT:
        return None
    return str(PHQ9_BAND_NAMES[code]), str(PHQ9_SEVERITY_CONTEXT[code])


def intake_result_summary(submission: Submission) -> dict[str, Any]:
    """What the result page tells the person, from the stored determination."""
    determination = submission.current_determination
    result = determination.result if determination else {}
    phq9 = result.get("phq9") or {}
    parameters = (determination.profile_parameters or {}) if determination else {}
    return {
        "submission": submission,
        "reference": reference_of(submission.pk),
        "medicines": medicines_in_words(
            result, [trial.medication for trial in submission.trials.order_by("position")]
        ),
        "rule": rule_in_words(parameters),
        "needs_phone": submission.urgent and not submission.phone,
        "verdict": result.get("verdict"),
        "failed_trials": result.get("adequate_failed_trials", 0),
        "failed_class_count": len(result.get("failed_classes") or []),
        "phq9_total": phq9.get("total"),
        "phq9_max": PHQ9_MAX_TOTAL,
        "phq9_severity": _phq9_band_in_words(phq9.get("severity")),
        "urgent": submission.urgent,
        "next_steps": next_steps_for(
            verdict=result.get("verdict"),
            treatment_flags=result.get("treatment_flags"),
            unanswered=(determination.explanation or {}).get("unanswered_safety", ())
            if determination
            else (),
        ),
        "contact_method": str(submission.get_contact_method_display()),
        "follow_up_business_days": settings.REMINDER_NEXT_STEPS_AFTER_BUSINESS_DAYS,
    }

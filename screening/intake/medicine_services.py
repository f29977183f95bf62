"""Writes of the medicines step, one medicine at a time (issue 16 item 2).

The medicine being entered lives on the draft under IN_PROGRESS until its last page is saved, so
the name and dose survive a closed tab or a resume on another device, yet the engine and the
review only ever see whole medicines (MedicationTrial rows).
"""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from screening.intake.services import _locked_draft, _mark_step, _touch
from screening.models import MedicationTrial

IN_PROGRESS = "medicine_in_progress"
STEP = "medications"

TRIAL_FIELDS = (
    "medication",
    "dose_mg",
    "weeks",
    "weeks_band",
    "total_weeks",
    "total_weeks_band",
    "adherence",
    "improvement",
    "stopped_for_side_effects",
    "current_episode",
    "augmented_with",
)


def _trial_value(trial: dict[str, Any], name: str) -> Any:
    value = trial.get(name)
    if value is None and name in TEXT_TRIAL_FIELDS:
        return ""
    return value


TEXT_TRIAL_FIELDS = frozenset(
    {"weeks_band", "total_weeks_band", "adherence", "improvement", "augmented_with"}
)


def draft_save_trials(*, submission_id: int, trials: list[dict[str, Any]], now: datetime) -> None:
    """Replace the list of medications tried with these (in order; an empty list is allowed)."""
    with transaction.atomic():
        submission = _locked_draft(submission_id)
        MedicationTrial.objects.filter(submission=submission).delete()
        MedicationTrial.objects.bulk_create(
            MedicationTrial(
                submission=submission,
                position=position,
                **{name: _trial_value(trial, name) for name in TRIAL_FIELDS},
            )
            for position, trial in enumerate(trials, start=1)
        )
        _mark_step(submission, STEP)
        _touch(submission, now, [])


def draft_save_medicine_in_progress(
    *, submission_id: int, number: int, answers: dict[str, Any], now: datetime
) -> None:
    """Keep the name (page 1) or the dose and durations (page 2) of medicine `number`."""
    with transaction.atomic():
        submission = _locked_draft(submission_id)
        kept = submission.answers.get(IN_PROGRESS) or {}
        if kept.get("number") != number:
            kept = {"number": number}
        submission.answers = {**submission.answers, IN_PROGRESS: {**kept, **answers}}
        _touch(submission, now, ["answers"])


def draft_save_trial(
    *, submission_id: int, number: int, trial: dict[str, Any], now: datetime
) -> MedicationTrial:
    """Save medicine `number` (a new one when it is one past the last): its name and dose pages
    (from the medicine in progress or, for a medicine already saved, its stored answers) plus its
    outcome page, all in `trial`; the medicine in progress is forgotten."""
    if not trial.get("medication") or "weeks" not in trial:
        raise ValueError("the medicine's name and dose pages come first")
    with transaction.atomic():
        submission = _locked_draft(submission_id)
        count = MedicationTrial.objects.filter(submission=submission).count()
        if not 1 <= number <= count + 1:
            raise ValueError(f"medicine {number} does not follow the {count} saved")
        values = dict(trial)
        dose = values.get("dose_mg")
        values["dose_mg"] = None if dose in (None, "") else Decimal(str(dose))
        fields = {name: _trial_value(values, name) for name in TRIAL_FIELDS}
        saved, _created = MedicationTrial.objects.update_or_create(
            submission=submission, position=number, defaults=fields
        )
        answers = dict(submission.answers)
        answers.pop(IN_PROGRESS, None)
        submission.answers = answers
        _touch(submission, now, ["answers"])
    return saved


def draft_remove_trial(*, submission_id: int, number: int, now: datetime) -> None:
    """Remove medicine `number`; the ones after it move up, so the numbers stay 1, 2, 3..."""
    with transaction.atomic():
        submission = _locked_draft(submission_id)
        MedicationTrial.objects.filter(submission=submission, position=number).delete()
        later = MedicationTrial.objects.filter(submission=submission, position__gt=number)
        for trial in later.order_by("position"):
            trial.position -= 1
            trial.save(update_fields=["position"])
        answers = dict(submission.answers)
        answers.pop(IN_PROGRESS, None)
        submission.answers = answers
        _touch(submission, now, ["answers"])


def draft_medicines_done(*, submission_id: int, now: datetime) -> None:
    """The person has told us every medicine they remember (none is a fine answer)."""
    with transaction.atomic():
        submission = _locked_draft(submission_id)
        _mark_step(submission, STEP)
        _touch(submission, now, [])

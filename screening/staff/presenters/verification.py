"""The clinician's verification section of the case page: the history as it stands (the
latest verified version, else the patient's account), a form per trial, the clinical form, and
every version with who, when, why and what changed, in words."""

from typing import Any

from screening import criteria
from screening.models import MedicationTrial, Submission, TrialSource, VerifiedHistory
from screening.staff.selectors.patient_answers import patient_psychotherapy
from screening.staff.selectors.verification import history_versions
from screening.staff.verification_forms import (
    NEW_TRIAL,
    PSYCHOTHERAPY_LABELS,
    ClinicalVerifyForm,
    TrialVerifyForm,
    from_tri_state,
)

FIELD_WORDS = {
    "medication": "medicine",
    "dose_mg": "dose (mg)",
    "total_weeks": "weeks in total",
    "weeks": "weeks at dose",
    "adherence": "adherence",
    "improvement": "improvement",
    "stopped_for_side_effects": "stopped for side effects",
    "current_episode": "current episode",
    "augmented_with": "augmented with",
    "source": "source",
    "diagnosis": "diagnosis",
    "psychotherapy_kind": "psychotherapy",
    "psychotherapy_weeks": "psychotherapy weeks",
    "psychotherapy_current_episode": "psychotherapy in this episode",
    "madrs": "MADRS",
    "madrs_rated_on": "MADRS date",
    "hamd17": "HAM-D-17",
    "hamd17_rated_on": "HAM-D-17 date",
}


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "not known"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def change_words(change: dict[str, Any]) -> str:
    """ "Trial 2, weeks at dose: not known → 8" from a stored change."""
    what = str(change.get("what", ""))
    where = ""
    if what.startswith("trial_"):
        _, number, field = what.split("_", 2)
        where = f"Trial {number}, "
        if field == "added":
            return f"Trial {number} added from records"
        if field == "confirmed":
            return f"Trial {number} confirmed as the patient gave it"
        what = field
    label = FIELD_WORDS.get(what, what.replace("_", " "))
    return f"{where}{label}: {_shown(change.get('from'))} → {_shown(change.get('to'))}"


def _trial_initial(trial: Any, number: int, source: str) -> dict[str, Any]:
    return {
        "trial": str(number),
        "medication": trial.medication,
        "dose_mg": trial.dose_mg,
        "total_weeks": trial.total_weeks,
        "weeks": trial.weeks,
        "adherence": trial.adherence,
        "improvement": trial.improvement,
        "stopped_for_side_effects": from_tri_state(trial.stopped_for_side_effects),
        "current_episode": from_tri_state(trial.current_episode),
        "augmented_with": trial.augmented_with,
        "source": source,
    }


def verification_section(
    submission: Submission,
    history: VerifiedHistory | None,
    *,
    bound: TrialVerifyForm | ClinicalVerifyForm | None = None,
) -> dict[str, Any]:
    if history is not None:
        trials: list[Any] = list(history.trials.order_by("position"))
    else:
        trials = list(MedicationTrial.objects.filter(submission=submission).order_by("position"))
    positions = tuple(range(1, len(trials) + 1))
    rows = []
    for number, trial in enumerate(trials, start=1):
        source = getattr(trial, "source", TrialSource.PATIENT)
        form = TrialVerifyForm(
            initial=_trial_initial(trial, number, source),
            positions=positions,
            auto_id=f"id_trial{number}_%s",
        )
        open_form = False
        if isinstance(bound, TrialVerifyForm) and bound.data.get("trial") == str(number):
            form, open_form = bound, True
        rows.append(
            {
                "number": number,
                "medication": trial.medication,
                "source": TrialSource(source).label if source in TrialSource.values else source,
                "not_this_episode": trial.current_episode is False,
                "form": form,
                "open": open_form,
            }
        )
    new_form = TrialVerifyForm(
        initial={"trial": NEW_TRIAL, "source": TrialSource.PHARMACY},
        positions=positions,
        auto_id="id_trialnew_%s",
    )
    matched = any(row["open"] for row in rows)
    # A bound form for a trial no longer listed (or a new one) shows in the "add" slot.
    new_open = isinstance(bound, TrialVerifyForm) and not matched
    reported = patient_psychotherapy(submission) or {}
    clinical_initial = {
        "diagnosis": history.diagnosis if history else "",
        "psychotherapy_kind": history.psychotherapy_kind if history else reported.get("kind"),
        "psychotherapy_weeks": history.psychotherapy_weeks if history else reported.get("weeks"),
        "psychotherapy_current_episode": from_tri_state(
            history.psychotherapy_current_episode if history else reported.get("current_episode")
        ),
        "madrs": history.madrs if history else None,
        "madrs_rated_on": history.madrs_rated_on if history else None,
        "hamd17": history.hamd17 if history else None,
        "hamd17_rated_on": history.hamd17_rated_on if history else None,
    }
    clinical_form = (
        bound
        if isinstance(bound, ClinicalVerifyForm)
        else ClinicalVerifyForm(initial=clinical_initial, auto_id="id_clinical_%s")
    )
    return {
        "history": history,
        "trials": rows,
        "new_form": bound if new_open else new_form,
        "new_open": new_open,
        "clinical_form": clinical_form,
        "psychotherapy_label": PSYCHOTHERAPY_LABELS.get(
            history.psychotherapy_kind if history else reported.get("kind") or "", "None documented"
        ),
        "versions": [
            {
                "version": version.version,
                "at": version.created_at,
                "who": version.created_by.get_username()
                if version.created_by
                else "A former staff member",
                "why": version.reason,
                "changes": [change_words(change) for change in version.changes or []],
            }
            for version in history_versions(submission)
        ],
        "adherence_words": criteria.ADHERENCE_LABELS,
    }

"""The clinician's verified history of a case, and the engine's facts a case is evaluated on.

`facts_for` is the one place that chooses between the patient's account and the clinician's:
the latest verified version's trials, psychotherapy and clinician-rated scales when there is
one, else the patient's trials (with their total weeks) and the psychotherapy they reported
(screening/staff/selectors/patient_answers.py). Everything else (the episode, PHQ-9, GAD-7,
health history, safety answers) is always the patient's, as submitted.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch

from screening.intake.facts import IntakeAnswers, age_on, facts_from_answers
from screening.models import (
    MedicationTrial,
    ScaleResponse,
    Submission,
    VerifiedHistory,
    VerifiedTrial,
)
from screening.staff.selectors.patient_answers import patient_psychotherapy


def latest_history(submission: Submission) -> VerifiedHistory | None:
    """The clinician's current version of the history, or None before any verification."""
    return (
        VerifiedHistory.objects.filter(submission=submission)
        .select_related("created_by")
        .prefetch_related("trials")
        .order_by("-version")
        .first()
    )


def history_versions(submission: Submission) -> list[VerifiedHistory]:
    """Every version, newest first, with who saved it."""
    return list(
        VerifiedHistory.objects.filter(submission=submission)
        .select_related("created_by")
        .order_by("-version")
    )


def _trial_json(trial: MedicationTrial | VerifiedTrial) -> dict[str, Any]:
    return {
        "medication": trial.medication,
        "dose_mg": trial.dose_mg,
        "weeks": trial.weeks,
        "adherence": trial.adherence,
        "improvement": trial.improvement,
        "stopped_for_side_effects": trial.stopped_for_side_effects,
        "current_episode": trial.current_episode,
        "augmented_with": trial.augmented_with,
    }


def build_facts(
    submission: Submission,
    *,
    trials: list[MedicationTrial],
    scales: list[ScaleResponse],
    history: VerifiedHistory | None,
    history_trials: list[VerifiedTrial] | None = None,
) -> dict[str, Any]:
    """The engine's JSON input for this case from rows already read (the job reads them in
    bulk). `scales`: the intake's responses, oldest first (the latest of each scale wins)."""
    stored = submission.answers or {}
    chosen: list[MedicationTrial] | list[VerifiedTrial] = trials
    if history is not None:
        chosen = history_trials if history_trials is not None else list(history.trials.all())
    answers = {r.scale: r.answers for r in scales}
    facts = facts_from_answers(
        IntakeAnswers(
            episode=stored.get("episode"),
            treatments=stored.get("treatments"),
            health=stored.get("health"),
            safety=stored.get("safety"),
            trials=[_trial_json(trial) for trial in chosen],
            phq9=answers.get(ScaleResponse.Scale.PHQ9),
            gad7=answers.get(ScaleResponse.Scale.GAD7),
        )
    )
    for fact, trial in zip(facts["trials"], chosen, strict=True):
        fact["total_weeks"] = trial.total_weeks
    # On the clinic's day of submission, as the intake counted it: a UTC date would make a
    # late-evening case a year older on this side than on the patient's.
    age = age_on(submission)
    facts["patient"] = {"age": age} if age is not None else None
    if history is None:
        facts["psychotherapy"] = patient_psychotherapy(submission)
        facts["clinician_scales"] = None
        return facts
    facts["psychotherapy"] = (
        {
            "kind": history.psychotherapy_kind or None,
            "weeks": history.psychotherapy_weeks,
            "current_episode": history.psychotherapy_current_episode,
        }
        if history.psychotherapy_kind or history.psychotherapy_weeks is not None
        else patient_psychotherapy(submission)
    )
    scales_json = {"madrs": history.madrs, "hamd17": history.hamd17}
    facts["clinician_scales"] = (
        scales_json if any(v is not None for v in scales_json.values()) else None
    )
    return facts


def _intake_scales(submission: Submission) -> list[ScaleResponse]:
    return list(
        ScaleResponse.objects.filter(
            submission=submission, source=ScaleResponse.Source.INTAKE
        ).order_by("recorded_at", "id")
    )


def facts_for(
    submission: Submission, *, history: VerifiedHistory | None = None, latest: bool = True
) -> tuple[dict[str, Any], VerifiedHistory | None]:
    """The facts to evaluate this case on, and the verified version they came from (None: the
    patient's own account). `history` given: that version; else the latest when `latest`."""
    if history is None and latest:
        history = latest_history(submission)
    trials = list(MedicationTrial.objects.filter(submission=submission).order_by("position"))
    facts = build_facts(
        submission, trials=trials, scales=_intake_scales(submission), history=history
    )
    return facts, history


def facts_for_cases(
    cases: Iterable[Submission],
) -> list[tuple[Submission, dict[str, Any], VerifiedHistory | None]]:
    """`facts_for` for many cases in four queries (the re-evaluation job's slices)."""
    cases = list(cases)
    ids = [case.pk for case in cases]
    trials: dict[int, list[MedicationTrial]] = defaultdict(list)
    for trial in MedicationTrial.objects.filter(submission_id__in=ids).order_by("position"):
        trials[trial.submission_id].append(trial)
    scales: dict[int, list[ScaleResponse]] = defaultdict(list)
    for response in ScaleResponse.objects.filter(
        submission_id__in=ids, source=ScaleResponse.Source.INTAKE
    ).order_by("recorded_at", "id"):
        scales[response.submission_id].append(response)
    latest: dict[int, VerifiedHistory] = {}
    # Few cases have a verified history, and those few versions: the latest wins, oldest first.
    for history in (
        VerifiedHistory.objects.filter(submission_id__in=ids)
        .order_by("submission_id", "version")
        .prefetch_related(Prefetch("trials", queryset=VerifiedTrial.objects.order_by("position")))
    ):
        latest[history.submission_id] = history
    found = []
    for case in cases:
        history = latest.get(case.pk)
        facts = build_facts(case, trials=trials[case.pk], scales=scales[case.pk], history=history)
        found.append((case, facts, history))
    return found

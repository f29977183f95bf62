"""The one mapping between what a person answered in the intake and the engine's facts.

`facts_from_answers` turns the intake's stored answers into the engine's JSON input (the schema
of `manage.py evaluate_history`); `answers_from_facts` goes the other way, so demo data and
benchmarks can be written as engine histories and stored as if typed into the intake.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from screening import criteria
from screening.criteria.vocabulary import MEDICAL_COMORBIDITIES
from screening.models import MedicationTrial, ScaleResponse, Submission

YES, NO, UNSURE = "yes", "no", "unsure"
NONE_OF_THESE = "none"  # the "none" tick box in multi-choice questions


@dataclass
class IntakeAnswers:
    """Every answer the engine reads, in the shape the intake stores it."""

    episode: dict[str, Any] | None = None
    treatments: dict[str, Any] | None = None
    health: dict[str, Any] | None = None
    safety: dict[str, Any] | None = None
    trials: list[dict[str, Any]] = field(default_factory=list)
    phq9: list[int | None] | None = None
    gad7: list[int | None] | None = None
    age: int | None = None  # from the date of birth, on the day of the intake


# A month is 52/12 weeks; drafts saved before issue 16 kept psychotherapy in months.
WEEKS_PER_MONTH = 52 / 12


def psychotherapy_facts(treatments: dict[str, Any] | None) -> dict[str, Any] | None:
    """The engine's psychotherapy facts (issue 15) from the treatments step (issue 16 item 3)."""
    if treatments is None or "psychotherapy" not in treatments:
        return None
    if treatments["psychotherapy"] == NO:
        # None had: no weeks in this episode, which the engine counts against its minimum.
        return {"weeks": 0, "current_episode": None, "kind": None}
    weeks = treatments.get("psychotherapy_weeks")
    if weeks is None and treatments.get("psychotherapy_months") is not None:
        weeks = int(treatments["psychotherapy_months"] * WEEKS_PER_MONTH)
    kind = treatments.get("psychotherapy_kind")
    return {
        "weeks": weeks,
        "current_episode": yes_no(treatments.get("psychotherapy_current_episode")),
        "kind": kind if kind in criteria.PSYCHOTHERAPY_KINDS else None,
    }


def _comorbidities(health: dict[str, Any], episode: dict[str, Any] | None) -> list[str] | None:
    conditions = list(health.get("medical_conditions") or []) + list(
        health.get("mental_health_conditions") or []
    )
    # Bipolar disorder is its own question on the episode step now (issue 16 item 3).
    if episode is not None and episode.get("bipolar") == YES:
        conditions.append("bipolar")
    return sorted(set(_codes(conditions, criteria.COMORBIDITIES) or []))


def yes_no(value: object) -> bool | None:
    """The intake's yes / no / not sure as the engine's true / false / unknown."""
    if value == YES:
        return True
    if value == NO:
        return False
    return None


def from_yes_no(value: bool | None) -> str:
    return UNSURE if value is None else YES if value else NO


def _codes(selected: list[str] | None, vocabulary: tuple[str, ...]) -> list[str] | None:
    if selected is None:
        return None
    return sorted(code for code in selected if code in vocabulary)


# "Boosted with": the intake's two answers that name no medicine (medicine_forms.NOTHING, UNSURE).
NOTHING_ADDED = "nothing"


def augmentation_fact(value: object) -> str | None:
    """The engine's ``augmented_with`` for what the intake stored: its "nothing" and "I'm not
    sure" codes are no augmentation (null), anything else the augmenter named. The staff side
    reads a patient's trial through this too, so both evaluate the same facts."""
    if not value or value in (NOTHING_ADDED, UNSURE):
        return None
    return str(value)


def facts_from_answers(answers: IntakeAnswers) -> dict[str, Any]:
    """The engine's input for these answers. A step not yet answered gives null facts."""
    episode = answers.episode
    health = answers.health
    treatments = answers.treatments
    facts: dict[str, Any] = {
        "episode": None
        if episode is None
        else {
            "months": episode.get("months"),
            "onset_age": episode.get("onset_age"),
            "prior_episodes": episode.get("prior_episodes"),
            "psychotic_features": yes_no(episode.get("psychotic_features")),
        },
        "trials": [
            {
                "medication": trial["medication"],
                "dose_mg": None if trial.get("dose_mg") is None else float(trial["dose_mg"]),
                "weeks": trial.get("weeks"),
                "adherence": trial.get("adherence") or None,
                "improvement": trial.get("improvement") or None,
                "stopped_for_side_effects": trial.get("stopped_for_side_effects"),
                "current_episode": trial.get("current_episode"),
                "augmented_with": augmentation_fact(trial.get("augmented_with")),
                "total_weeks": trial.get("total_weeks"),
            }
            for trial in answers.trials
        ],
        "ect": None if treatments is None else yes_no(treatments.get("ect")),
        "phq9": answers.phq9,
        "gad7": answers.gad7,
        "comorbidities": None,
        "substance_use": None,
        "social_support": None,
        "safety": None,
    }
    facts["psychotherapy"] = psychotherapy_facts(treatments)
    facts["patient"] = None if answers.age is None else {"age": answers.age}
    if health is not None:
        facts["comorbidities"] = _comorbidities(health, episode)
        facts["substance_use"] = _codes(health.get("substance_use"), criteria.SUBSTANCES)
        facts["social_support"] = health.get("social_support") or None
    if answers.safety is not None:
        facts["safety"] = {key: yes_no(answers.safety.get(key)) for key in criteria.SAFETY_KEYS}
    return facts


def _boost_answer(value: object) -> str:
    if isinstance(value, list | tuple):
        value = ", ".join(str(name) for name in value)
    return str(value) if value else NOTHING_ADDED


def answers_from_facts(facts: dict[str, Any]) -> IntakeAnswers:
    """Answers a person could have typed to give these facts (the inverse of the above)."""
    episode = facts.get("episode")
    comorbidities = facts.get("comorbidities")
    safety = facts.get("safety")
    answers = IntakeAnswers(
        trials=[
            {
                "medication": trial.get("medication") or "",
                "dose_mg": trial.get("dose_mg"),
                "weeks": trial.get("weeks"),
                "adherence": trial.get("adherence") or "",
                "improvement": trial.get("improvement") or "",
                "stopped_for_side_effects": trial.get("stopped_for_side_effects"),
                "current_episode": trial.get("current_episode"),
                "augmented_with": _boost_answer(trial.get("augmented_with")),
                "total_weeks": trial.get("total_weeks"),
            }
            for trial in facts.get("trials") or []
        ],
        phq9=facts.get("phq9"),
        gad7=facts.get("gad7"),
        age=(facts.get("patient") or {}).get("age"),
    )
    if episode is not None:
        answers.episode = {
            "months": episode.get("months"),
            "onset_age": episode.get("onset_age"),
            "prior_episodes": episode.get("prior_episodes"),
            "psychotic_features": from_yes_no(episode.get("psychotic_features")),
            "psychotic": {True: "this_episode", False: "never"}.get(
                episode.get("psychotic_features"), UNSURE
            ),
            "bipolar": YES if "bipolar" in (comorbidities or []) else NO,
        }
    treatments: dict[str, Any] = {}
    if facts.get("ect") is not None:
        treatments["ect"] = from_yes_no(facts["ect"])
        treatments["treatments_before"] = ["ect"] if facts["ect"] else [NONE_OF_THESE]
    therapy = facts.get("psychotherapy")
    if therapy is not None:
        treatments |= {
            "psychotherapy": YES,
            "psychotherapy_kind": therapy.get("kind") or UNSURE,
            "psychotherapy_weeks": therapy.get("weeks"),
            "psychotherapy_current_episode": from_yes_no(therapy.get("current_episode")),
        }
    if treatments:
        answers.treatments = treatments
    if comorbidities is not None or facts.get("substance_use") is not None:
        medical = [c for c in comorbidities or [] if c in MEDICAL_COMORBIDITIES]
        mental = [
            c for c in comorbidities or [] if c not in MEDICAL_COMORBIDITIES and c != "bipolar"
        ]
        answers.health = {
            "medical_conditions": medical,
            "mental_health_conditions": mental,
            "substance_use": facts.get("substance_use") or [NONE_OF_THESE],
            "social_support": facts.get("social_support") or "",
        }
    if safety is not None:
        answers.safety = {key: from_yes_no(safety.get(key)) for key in criteria.SAFETY_KEYS}
    return answers


def trials_of(submission: Submission) -> list[dict[str, Any]]:
    """The medicines told so far, in order (one query)."""
    return [
        {
            "medication": trial.medication,
            "dose_mg": trial.dose_mg,
            "weeks": trial.weeks,
            "weeks_band": trial.weeks_band,
            "total_weeks": trial.total_weeks,
            "total_weeks_band": trial.total_weeks_band,
            "adherence": trial.adherence,
            "improvement": trial.improvement,
            "stopped_for_side_effects": trial.stopped_for_side_effects,
            "current_episode": trial.current_episode,
            "augmented_with": trial.augmented_with,
        }
        for trial in MedicationTrial.objects.filter(submission=submission).order_by("position")
    ]


def years_between(born: date, day: date) -> int:
    """Whole years from `born` to `day` (the one place age is counted: the form's 18-or-older
    check, the intake's facts and the clinician's re-evaluation)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_on(submission: Submission, day: date | None = None) -> int | None:
    """Whole years from the date of birth to `day` (the day submitted, else today)."""
    born = submission.date_of_birth
    if born is None:
        return None
    if day is None:
        moment = submission.submitted_at
        day = timezone.localdate(moment) if moment else timezone.localdate()
    return years_between(born, day)


def answers_of(submission: Submission, day: date | None = None) -> IntakeAnswers:
    """The answers stored for a submission so far (two queries: trials and scales)."""
    stored = submission.answers or {}
    trials = trials_of(submission)
    scales: dict[str, list[int | None]] = {}
    for response in ScaleResponse.objects.filter(
        submission=submission, source=ScaleResponse.Source.INTAKE
    ).order_by("recorded_at", "id"):
        scales[response.scale] = response.answers  # the latest wins
    return IntakeAnswers(
        episode=stored.get("episode"),
        treatments=stored.get("treatments"),
        health=stored.get("health"),
        safety=stored.get("safety"),
        trials=trials,
        phq9=scales.get(ScaleResponse.Scale.PHQ9),
        gad7=scales.get(ScaleResponse.Scale.GAD7),
        age=age_on(submission, day),
    )


def facts_from_submission(submission: Submission, day: date | None = None) -> dict[str, Any]:
    """The engine's input for a submission; `day` the day its age is taken on (default: the
    day it was submitted, or today for a draft)."""
    return facts_from_answers(answers_of(submission, day))

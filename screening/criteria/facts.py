"""The facts the engine evaluates, and ``parse_facts`` for the JSON form of them.

Every field may be None, meaning "not known"; the rules treat None as unknown and never as a pass
or a fail. The dataclasses check their own values on construction (so the intake cannot build
facts the rules would misread), and ``parse_facts`` adds the JSON path to any error:
``trials[1].adherence: must be one of all, most, some, rarely, got 'mostly'``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Final

from .checks import (
    AGE_MAX,
    DOSE_MG_MAX,
    EPISODE_MONTHS_MAX,
    GAD7_ITEMS,
    HAMD17_MAX,
    MADRS_MAX,
    MEDICATION_TEXT_MAX,
    PHQ9_ITEMS,
    PRIOR_EPISODES_MAX,
    WEEKS_MAX,
    check_answers,
    check_bool,
    check_codes,
    check_count,
    check_keys,
    check_number,
    check_safety,
    check_text,
    check_texts,
    check_word,
)
from .errors import InvalidFacts, shown
from .profiles import get_profile
from .vocabulary import (
    ADHERENCE,
    COMORBIDITIES,
    IMPROVEMENT,
    PSYCHOTHERAPY_KINDS,
    SOCIAL_SUPPORT,
    SUBSTANCES,
)

__all__ = [
    "MEDICATION_TEXT_MAX",  # the intake's text fields use the engine's limit
    "ClinicianScales",
    "Episode",
    "HistoryFacts",
    "Patient",
    "Psychotherapy",
    "TrialFacts",
    "parse_facts",
]


@dataclass(frozen=True, slots=True)
class Episode:
    """The current depressive episode and the history before it."""

    months: int | None = None  # how long the current episode has lasted
    onset_age: int | None = None  # age at the first episode, in years
    prior_episodes: int | None = None  # episodes before this one
    psychotic_features: bool | None = None

    def __post_init__(self) -> None:
        check_count(self.months, "months", EPISODE_MONTHS_MAX)
        check_count(self.onset_age, "onset_age", AGE_MAX)
        check_count(self.prior_episodes, "prior_episodes", PRIOR_EPISODES_MAX)
        check_bool(self.psychotic_features, "psychotic_features")


def _check_total_weeks(weeks: float | None, total_weeks: float | None) -> None:
    # Weeks at the highest dose are part of the weeks on the medicine, never more.
    if weeks is not None and total_weeks is not None and total_weeks < weeks:
        raise InvalidFacts(
            "total_weeks",
            f"must be at least weeks ({weeks:g}), the weeks at the highest dose,"
            f" got {shown(total_weeks)}",
        )


@dataclass(frozen=True, slots=True)
class TrialFacts:
    """One antidepressant trial as the patient reported it."""

    medication: str | None  # as typed; resolved against the catalogue by the rules
    dose_mg: float | None = None  # highest daily dose reached (Emsam: mg/24 h)
    weeks: float | None = None  # weeks at that dose
    adherence: str | None = None  # a word from vocabulary.ADHERENCE
    improvement: str | None = None  # a word from vocabulary.IMPROVEMENT
    stopped_for_side_effects: bool | None = None
    current_episode: bool | None = None  # None counts as the current episode (issue 3, rule 1)
    augmented_with: tuple[str, ...] = ()  # augmenting medicines added to this trial, as typed
    total_weeks: float | None = None  # all weeks on the medicine, titration included (issue 15)

    def __post_init__(self) -> None:
        # Blank text names nothing: store None so every reader sees a missing medication.
        object.__setattr__(self, "medication", check_text(self.medication, "medication"))
        check_number(self.dose_mg, "dose_mg", DOSE_MG_MAX)
        check_number(self.weeks, "weeks", WEEKS_MAX)
        check_number(self.total_weeks, "total_weeks", WEEKS_MAX)
        _check_total_weeks(self.weeks, self.total_weeks)
        check_word(self.adherence, "adherence", ADHERENCE)
        check_word(self.improvement, "improvement", IMPROVEMENT)
        check_bool(self.stopped_for_side_effects, "stopped_for_side_effects")
        check_bool(self.current_episode, "current_episode")
        if not isinstance(self.augmented_with, tuple):
            raise InvalidFacts("augmented_with", "must be a tuple of names")
        for index, name in enumerate(self.augmented_with):
            check_text(name, f"augmented_with[{index}]")


@dataclass(frozen=True, slots=True)
class Psychotherapy:
    """Psychotherapy the patient has had (issue 15); ``weeks`` None means not known."""

    weeks: int | None = None
    current_episode: bool | None = None  # None counts as the current episode, as for trials
    kind: str | None = None  # a word from vocabulary.PSYCHOTHERAPY_KINDS

    def __post_init__(self) -> None:
        check_count(self.weeks, "weeks", WEEKS_MAX)
        check_bool(self.current_episode, "current_episode")
        check_word(self.kind, "kind", PSYCHOTHERAPY_KINDS)


@dataclass(frozen=True, slots=True)
class ClinicianScales:
    """Clinician-rated severity, entered by a clinician after the intake, never by the patient."""

    madrs: int | None = None  # Montgomery-Asberg Depression Rating Scale, 0-60
    hamd17: int | None = None  # Hamilton Depression Rating Scale, 17 items, 0-52

    def __post_init__(self) -> None:
        check_count(self.madrs, "madrs", MADRS_MAX)
        check_count(self.hamd17, "hamd17", HAMD17_MAX)


@dataclass(frozen=True, slots=True)
class Patient:
    """Facts about the person rather than the illness."""

    age: int | None = None  # in years, on the day of the intake

    def __post_init__(self) -> None:
        check_count(self.age, "age", AGE_MAX)


@dataclass(frozen=True, slots=True)
class HistoryFacts:
    """Everything the engine evaluates for one patient. Only ``trials`` is required."""

    trials: tuple[TrialFacts, ...]
    episode: Episode | None = None
    ect: bool | None = None
    phq9: tuple[int | None, ...] | None = None  # nine answers, None for one left blank
    gad7: tuple[int | None, ...] | None = None  # seven answers
    comorbidities: tuple[str, ...] | None = None  # codes; None: not asked, (): none
    substance_use: tuple[str, ...] | None = None
    social_support: str | None = None
    safety: Mapping[str, bool | None] | None = None  # keys from vocabulary.SAFETY_KEYS
    profile: str | None = None  # the rule set the input asked for, if any
    psychotherapy: Psychotherapy | None = None
    clinician_scales: ClinicianScales | None = None
    patient: Patient | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.trials, tuple) or not all(
            isinstance(trial, TrialFacts) for trial in self.trials
        ):
            raise InvalidFacts("trials", "must be a tuple of TrialFacts")
        for name, kind in (
            ("episode", Episode),
            ("psychotherapy", Psychotherapy),
            ("clinician_scales", ClinicianScales),
            ("patient", Patient),
        ):
            value = getattr(self, name)
            if value is not None and not isinstance(value, kind):
                raise InvalidFacts(name, f"must be {kind.__name__} or None")
        check_bool(self.ect, "ect")
        check_word(self.social_support, "social_support", SOCIAL_SUPPORT)
        # Store the checked values: answers as tuples, codes sorted without repeats, and safety
        # as a read-only copy, so nothing the caller still holds can change these facts later.
        normalised = {
            "phq9": check_answers(self.phq9, "phq9", PHQ9_ITEMS),
            "gad7": check_answers(self.gad7, "gad7", GAD7_ITEMS),
            "comorbidities": check_codes(self.comorbidities, "comorbidities", COMORBIDITIES),
            "substance_use": check_codes(self.substance_use, "substance_use", SUBSTANCES),
            "safety": check_safety(self.safety, "safety"),
        }
        for name, value in normalised.items():
            object.__setattr__(self, name, value)
        if self.profile is not None:
            get_profile(self.profile)


_TRIAL_KEYS: Final = tuple(field.name for field in fields(TrialFacts))
_EPISODE_KEYS: Final = tuple(field.name for field in fields(Episode))
_PSYCHOTHERAPY_KEYS: Final = tuple(field.name for field in fields(Psychotherapy))
_CLINICIAN_KEYS: Final = tuple(field.name for field in fields(ClinicianScales))
_PATIENT_KEYS: Final = tuple(field.name for field in fields(Patient))
_HISTORY_KEYS: Final = tuple(field.name for field in fields(HistoryFacts))


def parse_facts(data: object) -> HistoryFacts:
    """Validate one JSON object of the ``evaluate_history`` input and return its facts.

    Raises ``InvalidFacts`` whose message is one line naming the field (``trials[0].weeks: ...``).
    Unknown keys are rejected rather than ignored, so a typo cannot turn a fact into "unknown".
    """
    if not isinstance(data, Mapping):
        raise InvalidFacts("input", f"must be a JSON object, got {shown(data)}")
    check_keys(data, "", _HISTORY_KEYS)
    if "trials" not in data:
        raise InvalidFacts("trials", "required: a list of medication trials (may be empty)")
    raw_trials = data["trials"]
    if not isinstance(raw_trials, list | tuple):
        raise InvalidFacts("trials", f"must be a list of trials, got {shown(raw_trials)}")
    profile = data.get("profile")
    if profile is not None and not isinstance(profile, str):
        raise InvalidFacts("profile", f"must be a profile name or null, got {shown(profile)}")
    profile_name = get_profile(profile).name if profile is not None else None
    return HistoryFacts(
        trials=tuple(_parse_trial(raw, index) for index, raw in enumerate(raw_trials)),
        episode=_parse_episode(data.get("episode")),
        ect=check_bool(data.get("ect"), "ect"),
        phq9=check_answers(data.get("phq9"), "phq9", PHQ9_ITEMS),
        gad7=check_answers(data.get("gad7"), "gad7", GAD7_ITEMS),
        comorbidities=check_codes(data.get("comorbidities"), "comorbidities", COMORBIDITIES),
        substance_use=check_codes(data.get("substance_use"), "substance_use", SUBSTANCES),
        social_support=check_word(data.get("social_support"), "social_support", SOCIAL_SUPPORT),
        safety=check_safety(data.get("safety"), "safety"),
        profile=profile_name,
        psychotherapy=_parse_psychotherapy(data.get("psychotherapy")),
        clinician_scales=_parse_clinician_scales(data.get("clinician_scales")),
        patient=_parse_patient(data.get("patient")),
    )


def _parse_trial(raw: object, index: int) -> TrialFacts:
    where = f"trials[{index}]"
    if not isinstance(raw, Mapping):
        raise InvalidFacts(where, f"must be a JSON object, got {shown(raw)}")
    try:
        check_keys(raw, "", _TRIAL_KEYS)
        weeks = check_number(raw.get("weeks"), "weeks", WEEKS_MAX)
        total_weeks = check_number(raw.get("total_weeks"), "total_weeks", WEEKS_MAX)
        _check_total_weeks(weeks, total_weeks)
        return TrialFacts(
            medication=check_text(raw.get("medication"), "medication"),
            dose_mg=check_number(raw.get("dose_mg"), "dose_mg", DOSE_MG_MAX),
            weeks=weeks,
            adherence=check_word(raw.get("adherence"), "adherence", ADHERENCE),
            improvement=check_word(raw.get("improvement"), "improvement", IMPROVEMENT),
            stopped_for_side_effects=check_bool(
                raw.get("stopped_for_side_effects"), "stopped_for_side_effects"
            ),
            current_episode=check_bool(raw.get("current_episode"), "current_episode"),
            augmented_with=check_texts(raw.get("augmented_with"), "augmented_with"),
            total_weeks=total_weeks,
        )
    except InvalidFacts as error:
        raise error.under(where) from None


def _section(raw: object, field: str, keys: tuple[str, ...]) -> Mapping[object, object] | None:
    """The JSON object at ``field`` with only known keys, or None when it is null or absent."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise InvalidFacts(field, f"must be a JSON object or null, got {shown(raw)}")
    check_keys(raw, field, keys)
    return raw


def _parse_episode(raw: object) -> Episode | None:
    section = _section(raw, "episode", _EPISODE_KEYS)
    if section is None:
        return None
    try:
        return Episode(
            months=check_count(section.get("months"), "months", EPISODE_MONTHS_MAX),
            onset_age=check_count(section.get("onset_age"), "onset_age", AGE_MAX),
            prior_episodes=check_count(
                section.get("prior_episodes"), "prior_episodes", PRIOR_EPISODES_MAX
            ),
            psychotic_features=check_bool(section.get("psychotic_features"), "psychotic_features"),
        )
    except InvalidFacts as error:
        raise error.under("episode") from None


def _parse_psychotherapy(raw: object) -> Psychotherapy | None:
    section = _section(raw, "psychotherapy", _PSYCHOTHERAPY_KEYS)
    if section is None:
        return None
    try:
        return Psychotherapy(
            weeks=check_count(section.get("weeks"), "weeks", WEEKS_MAX),
            current_episode=check_bool(section.get("current_episode"), "current_episode"),
            kind=check_word(section.get("kind"), "kind", PSYCHOTHERAPY_KINDS),
        )
    except InvalidFacts as error:
        raise error.under("psychotherapy") from None


def _parse_clinician_scales(raw: object) -> ClinicianScales | None:
    section = _section(raw, "clinician_scales", _CLINICIAN_KEYS)
    if section is None:
        return None
    try:
        return ClinicianScales(
            madrs=check_count(section.get("madrs"), "madrs", MADRS_MAX),
            hamd17=check_count(section.get("hamd17"), "hamd17", HAMD17_MAX),
        )
    except InvalidFacts as error:
        raise error.under("clinician_scales") from None


def _parse_patient(raw: object) -> Patient | None:
    section = _section(raw, "patient", _PATIENT_KEYS)
    if section is None:
        return None
    try:
        return Patient(age=check_count(section.get("age"), "age", AGE_MAX))
    except InvalidFacts as error:
        raise error.under("patient") from None

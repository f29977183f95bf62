"""The facts the engine evaluates, and ``parse_facts`` for the JSON form of them.

Every field may be None, meaning "not known"; the rules treat None as unknown and never as a pass
or a fail. The dataclasses check their own values on construction (so the intake cannot build
facts the rules would misread), and ``parse_facts`` adds the JSON path to any error:
``trials[1].adherence: must be one of all, most, some, rarely, got 'mostly'``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Final

from .errors import InvalidFacts, shown
from .profiles import get_profile
from .vocabulary import (
    ADHERENCE,
    COMORBIDITIES,
    IMPROVEMENT,
    SAFETY_KEYS,
    SOCIAL_SUPPORT,
    SUBSTANCES,
)

PHQ9_ITEMS: Final = 9
GAD7_ITEMS: Final = 7
ANSWER_MAX: Final = 3  # PHQ-9 and GAD-7 answers run 0 "Not at all" to 3 "Nearly every day"
MEDICATION_TEXT_MAX: Final = 200
_PLAIN_KEY: Final = re.compile(r"[A-Za-z0-9_]{1,40}")


# Checks shared by the dataclasses and parse_facts. Each takes the raw value and the field path
# and returns the value narrowed to its type, or raises InvalidFacts naming the field.


def check_bool(value: object, field: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise InvalidFacts(field, f"must be true, false or null, got {shown(value)}")


def check_number(value: object, field: str) -> float | None:
    """A finite number 0 or greater (int or float; JSON true/false are not numbers)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidFacts(field, f"must be a number 0 or greater, got {shown(value)}")
    if not math.isfinite(value) or value < 0:
        raise InvalidFacts(field, f"must be a number 0 or greater, got {shown(value)}")
    return value


def check_count(value: object, field: str) -> int | None:
    """A whole number 0 or greater."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidFacts(field, f"must be a whole number 0 or greater, got {shown(value)}")
    return value


def check_word(value: object, field: str, choices: Sequence[str]) -> str | None:
    if value is None or (isinstance(value, str) and value in choices):
        return value
    raise InvalidFacts(field, f"must be one of {', '.join(choices)}, got {shown(value)}")


def check_text(value: object, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MEDICATION_TEXT_MAX:
        raise InvalidFacts(
            field, f"must be text of at most {MEDICATION_TEXT_MAX} characters, got {shown(value)}"
        )
    # Blank text names nothing; the rules report it as a missing medication.
    return value if value.strip() else None


def check_texts(value: object, field: str) -> tuple[str, ...]:
    """One name or a list of names (``augmented_with``); None and [] both mean none."""
    if value is None:
        return ()
    if isinstance(value, str):
        text = check_text(value, field)
        return () if text is None else (text,)
    if not isinstance(value, list | tuple):
        raise InvalidFacts(field, f"must be text, a list of text or null, got {shown(value)}")
    texts = (check_text(item, f"{field}[{index}]") for index, item in enumerate(value))
    return tuple(text for text in texts if text is not None)


def check_answers(value: object, field: str, count: int) -> tuple[int | None, ...] | None:
    """``count`` questionnaire answers, each 0-3 or null (unanswered)."""
    if value is None:
        return None
    if not isinstance(value, list | tuple) or len(value) != count:
        raise InvalidFacts(field, f"must be a list of {count} answers, got {shown(value)}")
    for index, answer in enumerate(value):
        if answer is None:
            continue
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer <= 3:
            raise InvalidFacts(
                f"{field}[{index}] (item {index + 1})",
                f"must be an integer from 0 to {ANSWER_MAX}, got {shown(answer)}",
            )
    return tuple(value)


def check_codes(value: object, field: str, choices: Sequence[str]) -> tuple[str, ...] | None:
    """A list of codes from ``choices``, returned sorted and without repeats."""
    if value is None:
        return None
    if not isinstance(value, list | tuple | frozenset | set):
        raise InvalidFacts(field, f"must be a list of codes, got {shown(value)}")
    codes: set[str | None] = set()
    for index, code in enumerate(value):
        codes.add(check_word(code, f"{field}[{index}]", choices))
    return tuple(sorted(code for code in codes if code is not None))


def check_safety(value: object, field: str) -> Mapping[str, bool | None] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InvalidFacts(field, f"must be an object of yes/no answers, got {shown(value)}")
    _check_keys(value, field, SAFETY_KEYS)
    answers = {key: check_bool(value.get(key), f"{field}.{key}") for key in SAFETY_KEYS}
    return MappingProxyType(answers)


def _check_keys(keys: Iterable[object], field: str, allowed: Sequence[str]) -> None:
    # A misspelt key would otherwise read as a missing fact and quietly become "unknown".
    for key in keys:
        if key not in allowed:
            # Quote a key that could not be read as a field name ("", "a b", "x\ny").
            name = key if isinstance(key, str) and _PLAIN_KEY.fullmatch(key) else shown(key)
            where = f"{field}.{name}" if field else name
            raise InvalidFacts(where, f"unknown field; expected one of {', '.join(allowed)}")


@dataclass(frozen=True, slots=True)
class Episode:
    """The current depressive episode and the history before it."""

    months: int | None = None  # how long the current episode has lasted
    onset_age: int | None = None  # age at the first episode, in years
    prior_episodes: int | None = None  # episodes before this one
    psychotic_features: bool | None = None

    def __post_init__(self) -> None:
        check_count(self.months, "months")
        check_count(self.onset_age, "onset_age")
        check_count(self.prior_episodes, "prior_episodes")
        check_bool(self.psychotic_features, "psychotic_features")


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
    augmented_with: tuple[str, ...] = ()  # augmenting medicines added to this trial

    def __post_init__(self) -> None:
        # Blank text names nothing: store None so every reader sees a missing medication.
        object.__setattr__(self, "medication", check_text(self.medication, "medication"))
        check_number(self.dose_mg, "dose_mg")
        check_number(self.weeks, "weeks")
        check_word(self.adherence, "adherence", ADHERENCE)
        check_word(self.improvement, "improvement", IMPROVEMENT)
        check_bool(self.stopped_for_side_effects, "stopped_for_side_effects")
        check_bool(self.current_episode, "current_episode")
        if not isinstance(self.augmented_with, tuple):
            raise InvalidFacts("augmented_with", "must be a tuple of names")
        for index, name in enumerate(self.augmented_with):
            check_text(name, f"augmented_with[{index}]")


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

    def __post_init__(self) -> None:
        if not isinstance(self.trials, tuple) or not all(
            isinstance(trial, TrialFacts) for trial in self.trials
        ):
            raise InvalidFacts("trials", "must be a tuple of TrialFacts")
        if self.episode is not None and not isinstance(self.episode, Episode):
            raise InvalidFacts("episode", "must be an Episode or None")
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
_HISTORY_KEYS: Final = tuple(field.name for field in fields(HistoryFacts))


def parse_facts(data: object) -> HistoryFacts:
    """Validate one JSON object of the ``evaluate_history`` input and return its facts.

    Raises ``InvalidFacts`` whose message is one line naming the field (``trials[0].weeks: ...``).
    Unknown keys are rejected rather than ignored, so a typo cannot turn a fact into "unknown".
    """
    if not isinstance(data, Mapping):
        raise InvalidFacts("input", f"must be a JSON object, got {shown(data)}")
    _check_keys(data, "", _HISTORY_KEYS)
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
    )


def _parse_trial(raw: object, index: int) -> TrialFacts:
    where = f"trials[{index}]"
    if not isinstance(raw, Mapping):
        raise InvalidFacts(where, f"must be a JSON object, got {shown(raw)}")
    try:
        _check_keys(raw, "", _TRIAL_KEYS)
        return TrialFacts(
            medication=check_text(raw.get("medication"), "medication"),
            dose_mg=check_number(raw.get("dose_mg"), "dose_mg"),
            weeks=check_number(raw.get("weeks"), "weeks"),
            adherence=check_word(raw.get("adherence"), "adherence", ADHERENCE),
            improvement=check_word(raw.get("improvement"), "improvement", IMPROVEMENT),
            stopped_for_side_effects=check_bool(
                raw.get("stopped_for_side_effects"), "stopped_for_side_effects"
            ),
            current_episode=check_bool(raw.get("current_episode"), "current_episode"),
            augmented_with=check_texts(raw.get("augmented_with"), "augmented_with"),
        )
    except InvalidFacts as error:
        raise error.under(where) from None


def _parse_episode(raw: object) -> Episode | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise InvalidFacts("episode", f"must be a JSON object or null, got {shown(raw)}")
    try:
        _check_keys(raw, "", _EPISODE_KEYS)
        return Episode(
            months=check_count(raw.get("months"), "months"),
            onset_age=check_count(raw.get("onset_age"), "onset_age"),
            prior_episodes=check_count(raw.get("prior_episodes"), "prior_episodes"),
            psychotic_features=check_bool(raw.get("psychotic_features"), "psychotic_features"),
        )
    except InvalidFacts as error:
        raise error.under("episode") from None

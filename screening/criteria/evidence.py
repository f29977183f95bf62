"""The profile's requirements beyond the trials, and what a clinician reads beside the verdict:
``review_reasons`` (why ``needs_review``) and ``missing_evidence`` (what would have to be true to
meet), both lists of short codes (issue 15, "What is missing, per profile").

Codes with a number are built here from a template and read back by ``evidence_text``:
``trial_2_weeks_unknown`` (trial 2, counted from 1 as staff count them, is unknown because its
weeks are missing), ``failed_trials_short_by_2``. The fixed codes are reason codes from
reasons.py and have their sentence in ``REASON_TEXT``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Final

from . import reasons as r
from .facts import ClinicianScales, Episode, Psychotherapy
from .profiles import Profile
from .verdict import Decision, Met

# missing_evidence codes.
FAILED_TRIALS_SHORT_BY: Final = "failed_trials_short_by_{}"
CLASSES_SHORT_BY: Final = "classes_short_by_{}"
TOTAL_WEEKS_SHORT_BY: Final = "total_weeks_short_by_{}"
AUGMENTATION_TRIAL: Final = "augmentation_trial"  # one more augmented failed trial
AUGMENTED_TRIALS_SHORT_BY: Final = "augmented_trials_short_by_{}"  # more than one
PSYCHOTHERAPY_WEEKS_SHORT_BY: Final = "psychotherapy_weeks_short_by_{}"
CLINICIAN_SEVERITY_SCORE: Final = "clinician_severity_score"
# review_reasons code for one unknown trial: its number (from 1) and one of its reasons.
TRIAL_REASON: Final = "trial_{}_{}"

EVIDENCE_TEXT: Final = {
    "failed_trials_short_by": "{} more adequate failed trial(s) of a different medicine",
    "classes_short_by": "Failed trials from {} more medication class(es)",
    "total_weeks_short_by": "{} more weeks in total across the failed trials",
    "augmented_trials_short_by": "{} more failed trials with a recognised augmenting medicine",
    "psychotherapy_weeks_short_by": "{} more weeks of psychotherapy in this episode, documented",
}
_FIXED_EVIDENCE_TEXT: Final = {
    AUGMENTATION_TRIAL: "A failed trial with a recognised augmenting medicine",
    CLINICIAN_SEVERITY_SCORE: (
        "A clinician-rated MADRS or HAM-D score at or above the rule set's threshold"
    ),
}
_NUMBERED: Final = re.compile(r"([a-z_]+)_short_by_(\d+)")
_TRIAL: Final = re.compile(r"trial_(\d+)_([a-z_]+)")


def psychotherapy_met(psychotherapy: Psychotherapy | None, profile: Profile) -> Met:
    """Whether the profile's psychotherapy weeks were had in the current episode (None: not
    known). A missing current-episode answer counts as the current episode, as for trials."""
    minimum = profile.min_psychotherapy_weeks
    if minimum is None:
        return True
    if psychotherapy is None:
        return None
    if psychotherapy.current_episode is False:
        return False
    if psychotherapy.weeks is None:
        return None
    return psychotherapy.weeks >= minimum


def psychotherapy_weeks_known(psychotherapy: Psychotherapy | None) -> int:
    """The psychotherapy weeks in the current episode that are known (0 when none are)."""
    if psychotherapy is None or psychotherapy.current_episode is False:
        return 0
    return psychotherapy.weeks or 0


def clinician_severity_met(scales: ClinicianScales | None, profile: Profile) -> Met:
    """Met when ANY listed score reaches its threshold; None while a listed score is missing
    and none reaches it (the missing one could)."""
    thresholds = profile.min_clinician_severity
    if thresholds is None:
        return True
    missing = False
    for scale, threshold in thresholds:
        score: int | None = getattr(scales, scale) if scales is not None else None
        if score is None:
            missing = True
        elif score >= threshold:
            return True
    return None if missing else False


def exclusions(comorbidities: tuple[str, ...] | None, episode: Episode | None) -> tuple[str, ...]:
    """What stops an automatic "meets" (issue 15): bipolar disorder and psychotic features lead
    to different clinical paths, and Spravato and ketamine then need a psychiatrist's look."""
    found = []
    if comorbidities is not None and "bipolar" in comorbidities:
        found.append(r.BIPOLAR_DISORDER_REPORTED)
    if episode is not None and episode.psychotic_features is True:
        found.append(r.PSYCHOTIC_FEATURES_REPORTED)
    return tuple(found)


def review_reasons(
    unknown_trials: Iterable[tuple[int, Sequence[str]]],
    actual: Decision,
    excluded_by: Sequence[str],
) -> tuple[str, ...]:
    """Why a history needs review, sorted: ``unknown_trials`` are (index from 0, reasons) of
    the unknown trials that could count, then the unknown requirements and the exclusions."""
    codes = [
        TRIAL_REASON.format(index + 1, reason)
        for index, reasons in unknown_trials
        for reason in reasons
    ]
    codes.extend(
        code
        for code in actual.shortfalls
        if code in (r.PSYCHOTHERAPY_UNKNOWN, r.CLINICIAN_SEVERITY_MISSING)
    )
    codes.extend(excluded_by)
    return tuple(sorted(codes))


def missing_evidence(
    actual: Decision, profile: Profile, psychotherapy: Psychotherapy | None
) -> tuple[str, ...]:
    """What the known facts lack to meet ``profile``, sorted; empty when they meet it."""
    codes = []
    short = profile.min_failed_trials - actual.failed_trials
    if short > 0:
        codes.append(FAILED_TRIALS_SHORT_BY.format(short))
    short = profile.min_distinct_classes - len(actual.classes)
    if profile.min_distinct_classes > 1 and short > 0:
        codes.append(CLASSES_SHORT_BY.format(short))
    if profile.min_total_weeks is not None and actual.total_weeks < profile.min_total_weeks:
        codes.append(
            TOTAL_WEEKS_SHORT_BY.format(math.ceil(profile.min_total_weeks - actual.total_weeks))
        )
    if profile.min_augmented_failed_trials is not None:
        short = profile.min_augmented_failed_trials - actual.augmented_trials
        if short == 1:
            codes.append(AUGMENTATION_TRIAL)
        elif short > 1:
            codes.append(AUGMENTED_TRIALS_SHORT_BY.format(short))
    if (
        r.PSYCHOTHERAPY_TOO_SHORT in actual.shortfalls
        or r.PSYCHOTHERAPY_UNKNOWN in actual.shortfalls
    ):
        assert profile.min_psychotherapy_weeks is not None
        short = profile.min_psychotherapy_weeks - psychotherapy_weeks_known(psychotherapy)
        codes.append(PSYCHOTHERAPY_WEEKS_SHORT_BY.format(max(short, 1)))
    if (
        r.CLINICIAN_SEVERITY_MISSING in actual.shortfalls
        or r.CLINICIAN_SEVERITY_BELOW_THRESHOLD in actual.shortfalls
    ):
        codes.append(CLINICIAN_SEVERITY_SCORE)
    return tuple(sorted(codes))


def evidence_text(code: str) -> str:
    """The sentence a clinician reads for a ``review_reasons`` or ``missing_evidence`` code; an
    unknown code comes back as itself, so nothing new is ever hidden."""
    if code in r.REASON_TEXT:
        return r.REASON_TEXT[code]
    if code in _FIXED_EVIDENCE_TEXT:
        return _FIXED_EVIDENCE_TEXT[code]
    numbered = _NUMBERED.fullmatch(code)
    if numbered is not None and numbered.group(1) + "_short_by" in EVIDENCE_TEXT:
        return EVIDENCE_TEXT[numbered.group(1) + "_short_by"].format(numbered.group(2))
    trial = _TRIAL.fullmatch(code)
    if trial is not None and trial.group(2) in r.REASON_TEXT:
        return f"Trial {trial.group(1)}: {r.REASON_TEXT[trial.group(2)]}"
    return code

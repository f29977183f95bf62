"""The decision over all trials: meets / needs_review / does_not_meet (issue 3, "Verdict").

``decide`` checks one set of counted failures against a profile, one small check per
requirement. ``verdict`` runs it on the real failures and, when that falls short and something is
unknown, again with every unknown resolved in the patient's favour: if that would meet, a
clinician must look (``needs_review``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import reasons as r
from .profiles import Profile
from .vocabulary import DOES_NOT_MEET, MEETS, NEEDS_REVIEW

# A failed trial as the decision sees it: its class (or a stand-in for an unrecognised
# medication) and the weeks it adds to the total.
CountedTrial = tuple[str, float]


@dataclass(frozen=True, slots=True)
class Decision:
    """One run of the decision: what counted and which requirements fell short."""

    failed_trials: int
    classes: frozenset[str]
    total_weeks: float
    shortfalls: tuple[str, ...]  # reason codes, empty when the profile is met

    @property
    def met(self) -> bool:
        return not self.shortfalls


def check_failed_trials(count: int, profile: Profile) -> str | None:
    """At least ``min_failed_trials`` adequate failed trials."""
    return r.TOO_FEW_FAILED_TRIALS if count < profile.min_failed_trials else None


def check_classes(classes: frozenset[str], profile: Profile) -> str | None:
    """The failed trials span at least ``min_distinct_classes`` classes.

    With the rule off (1 class) this never complains: having no failed trial at all is already
    ``too_few_failed_trials``.
    """
    if profile.min_distinct_classes <= 1 or len(classes) >= profile.min_distinct_classes:
        return None
    return r.TOO_FEW_CLASSES


def check_total_weeks(total_weeks: float, profile: Profile) -> str | None:
    """When the profile sets ``min_total_weeks``, the failed trials' weeks add up to it."""
    if profile.min_total_weeks is None or total_weeks >= profile.min_total_weeks:
        return None
    return r.TOTAL_WEEKS_TOO_SHORT


def decide(counted: Sequence[CountedTrial], profile: Profile) -> Decision:
    """Check the counted failed trials against every requirement of ``profile``."""
    classes = frozenset(drug_class for drug_class, _ in counted)
    total_weeks = sum(weeks for _, weeks in counted)
    checks = (
        check_failed_trials(len(counted), profile),
        check_classes(classes, profile),
        check_total_weeks(total_weeks, profile),
    )
    return Decision(
        failed_trials=len(counted),
        classes=classes,
        total_weeks=total_weeks,
        shortfalls=tuple(reason for reason in checks if reason is not None),
    )


def verdict(
    actual: Decision, favourable: Sequence[CountedTrial] | None, profile: Profile
) -> tuple[str, tuple[str, ...]]:
    """The verdict and its reasons.

    ``favourable`` is the counted trials with every unknown resolved in the patient's favour, or
    None when no trial is unknown (the favourable run would then equal the actual one).
    """
    if actual.met:
        return MEETS, (r.CRITERIA_MET,)
    if favourable is not None and decide(favourable, profile).met:
        return NEEDS_REVIEW, (*actual.shortfalls, r.UNKNOWNS_COULD_MEET)
    return DOES_NOT_MEET, actual.shortfalls

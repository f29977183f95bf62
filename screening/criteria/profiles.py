"""Profiles: named, versioned sets of rule parameters (issue 3, "Profiles").

Sources disagree on what treatment resistance means (clinical-reference.md §1 and §7), so the
decision takes its parameters from a profile rather than from constants in the rules. Every
determination stores the profile's name, version and ``parameters()``. Changing a shipped
profile's numbers, or what the engine makes of them, means adding 1 to its version.

Version 2 of the four issue-3 profiles (issue 15): a medicine tried twice counts once; bipolar
disorder or psychotic features turn a "meets" into "needs_review"; and (seed-article) a trial
with its weeks missing could be long enough for any total, so it goes to review.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

from .errors import UnknownProfile, shown

FailureBelow = Literal["response", "partial"]
# The clinician-rated scales a profile may ask for, with their ranges (checks.py).
CLINICIAN_SCALES: Final = ("madrs", "hamd17")
_SCALE_MAX: Final = {"madrs": 60, "hamd17": 52}


@dataclass(frozen=True, slots=True)
class Profile:
    """The parameters of one rule set; see the table in issue 3 for what each means."""

    name: str
    version: int
    description: str
    min_failed_trials: int
    min_distinct_classes: int  # 1 turns the two-class rule off
    min_weeks: int  # weeks at or above the minimum dose for a trial to be adequate
    # "response": failed when improvement is none or partial (<50 %); "partial": only none (<25 %)
    failure_below: FailureBelow
    count_intolerance: bool  # a trial stopped early for side effects counts as failed
    min_total_weeks: int | None = None  # weeks added up over the failed trials
    # Issue 15; None (absent) means not required.
    min_augmented_failed_trials: int | None = None  # failed trials with a catalogued augmenter
    min_psychotherapy_weeks: int | None = None  # weeks of psychotherapy in the current episode
    # (scale, threshold) pairs, met when ANY listed score reaches its threshold.
    min_clinician_severity: tuple[tuple[str, int], ...] | None = None

    def __post_init__(self) -> None:
        if self.version < 1:
            raise ValueError(f"profile {self.name}: version starts at 1")
        if self.min_failed_trials < 1:
            raise ValueError(f"profile {self.name}: min_failed_trials must be at least 1")
        if not 1 <= self.min_distinct_classes <= self.min_failed_trials:
            raise ValueError(
                f"profile {self.name}: min_distinct_classes must be from 1 to min_failed_trials"
            )
        if self.min_weeks < 1:
            raise ValueError(f"profile {self.name}: min_weeks must be at least 1")
        if self.failure_below not in ("response", "partial"):
            raise ValueError(f"profile {self.name}: failure_below must be response or partial")
        for name in ("min_total_weeks", "min_augmented_failed_trials", "min_psychotherapy_weeks"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ValueError(f"profile {self.name}: {name} must be at least 1 or None")
        if isinstance(self.min_clinician_severity, Mapping):
            # parameters() stores it as a JSON object; a profile rebuilt from them is the same.
            object.__setattr__(
                self, "min_clinician_severity", tuple(self.min_clinician_severity.items())
            )
        if self.min_clinician_severity is not None:
            if not self.min_clinician_severity:
                raise ValueError(f"profile {self.name}: min_clinician_severity names no scale")
            for scale, threshold in self.min_clinician_severity:
                if scale not in _SCALE_MAX or not 0 < threshold <= _SCALE_MAX[scale]:
                    raise ValueError(
                        f"profile {self.name}: min_clinician_severity {scale} {threshold}"
                        f" is not a threshold on {', '.join(CLINICIAN_SCALES)}"
                    )

    def parameters(self) -> dict[str, object]:
        """Everything needed to reproduce a determination, as plain JSON-ready values."""
        return {
            "name": self.name,
            "version": self.version,
            "min_failed_trials": self.min_failed_trials,
            "min_distinct_classes": self.min_distinct_classes,
            "min_weeks": self.min_weeks,
            "failure_below": self.failure_below,
            "count_intolerance": self.count_intolerance,
            "min_total_weeks": self.min_total_weeks,
            "min_augmented_failed_trials": self.min_augmented_failed_trials,
            "min_psychotherapy_weeks": self.min_psychotherapy_weeks,
            "min_clinician_severity": (
                dict(self.min_clinician_severity)
                if self.min_clinician_severity is not None
                else None
            ),
        }


# The four shipped profiles, exactly as tabled in issue 3. Six weeks per trial is the MGH-ATRQ's
# adequate duration (clinical-reference.md §1); "response" as the failure line is the <50 %
# threshold of the Canadian consensus (Rybak et al. 2021); "partial" is the ATRQ/Delphi <25 %.
CLINIC_DEFAULT: Final = Profile(
    name="clinic-default",
    version=2,
    description=(
        "The clinic's rule: two adequate failed trials (under 50 % better) from two different"
        " classes, following Thase-Rush stage II and stricter than the FDA's wording."
    ),
    min_failed_trials=2,
    min_distinct_classes=2,
    min_weeks=6,
    failure_below="response",
    count_intolerance=False,
)
FDA_2019: Final = Profile(
    name="fda-2019",
    version=2,
    description=(
        "Two adequate failed trials (under 50 % better) in the current episode of any classes,"
        " following the FDA's 2019 Spravato approval wording."
    ),
    min_failed_trials=2,
    min_distinct_classes=1,
    min_weeks=6,
    failure_below="response",
    count_intolerance=False,
)
ATRQ_STRICT: Final = Profile(
    name="atrq-strict",
    version=2,
    description=(
        "Two adequate failed trials of any classes where failure means 25 % better or less,"
        " following the MGH-ATRQ and the 2022 Delphi consensus (Sforzini et al.)."
    ),
    min_failed_trials=2,
    min_distinct_classes=1,
    min_weeks=6,
    failure_below="partial",
    count_intolerance=False,
)
SEED_ARTICLE: Final = Profile(
    name="seed-article",
    version=2,
    description=(
        "The clinic's published article: two failed trials from two classes adding up to at"
        " least six months (26 weeks) of treatment."
    ),
    min_failed_trials=2,
    min_distinct_classes=2,
    min_weeks=6,
    failure_below="response",
    count_intolerance=False,
    # "At least six months" read as 26 weeks in total across the failed trials (issue 3).
    min_total_weeks=26,
)


# Issue 15: the treatments' labels and two payers' prior-authorization policies
# (clinical-reference.md §5 and §7). Each description names its source; the payer figures are
# from public copies of the policies (grade C) and carry a ⚠ until the medical director confirms
# them against the current policy document, as plans revise them yearly.
SPRAVATO_LABEL: Final = Profile(
    name="spravato-label",
    version=1,
    description=(
        "Spravato's FDA label: adult TRD after two oral antidepressants of adequate dose and"
        " duration failed in the current episode, of any classes, six weeks being the MGH-ATRQ's"
        " adequate duration (⚠ medical director to confirm)."
    ),
    min_failed_trials=2,
    min_distinct_classes=1,
    min_weeks=6,
    failure_below="response",
    count_intolerance=False,
)
TMS_CLEARANCE: Final = Profile(
    name="tms-clearance",
    version=1,
    description=(
        "The FDA clearance of TMS (NeuroStar 510(k) K083538, 2008): MDD after one antidepressant"
        " of adequate dose and duration failed in the current episode (⚠ medical director to"
        " confirm)."
    ),
    min_failed_trials=1,
    min_distinct_classes=1,
    min_weeks=6,
    failure_below="response",
    count_intolerance=False,
)
BCBSMA_SPRAVATO: Final = Profile(
    name="bcbsma-spravato",
    version=1,
    description=(
        "BCBS Massachusetts medical policy 087 for Spravato and IV ketamine, public-copy summary"
        " (grade C): four failed trials from two classes, six weeks each, one augmentation trial,"
        " and MADRS 28 or more or HAM-D-17 17 or more (⚠ confirm against the current policy)."
    ),
    min_failed_trials=4,
    min_distinct_classes=2,
    min_weeks=6,
    failure_below="response",
    count_intolerance=False,
    min_augmented_failed_trials=1,
    min_clinician_severity=(("madrs", 28), ("hamd17", 17)),
)
BLUE_TMS: Final = Profile(
    name="blue-tms",
    version=1,
    description=(
        "A Blue plan's TMS policy (Florida Blue MP-170), public-copy summary (grade C): two failed"
        " trials from two classes, six weeks each, and a trial of evidence-based psychotherapy,"
        " read as six weeks of it in the current episode (⚠ confirm against the current policy)."
    ),
    min_failed_trials=2,
    min_distinct_classes=2,
    min_weeks=6,
    failure_below="response",
    count_intolerance=False,
    min_psychotherapy_weeks=6,
)

DEFAULT_PROFILE_NAME: Final = "clinic-default"
PROFILES: Final = MappingProxyType(
    {
        profile.name: profile
        for profile in (
            CLINIC_DEFAULT,
            FDA_2019,
            ATRQ_STRICT,
            SEED_ARTICLE,
            SPRAVATO_LABEL,
            TMS_CLEARANCE,
            BCBSMA_SPRAVATO,
            BLUE_TMS,
        )
    }
)


def get_profile(name: str) -> Profile:
    """The shipped profile called ``name``; raises ``UnknownProfile`` naming the choices."""
    profile = PROFILES.get(name)
    if profile is None:
        choices = ", ".join(PROFILES)
        raise UnknownProfile("profile", f"unknown profile {shown(name)}; choose one of {choices}")
    return profile

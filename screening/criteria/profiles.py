"""Profiles: named, versioned sets of rule parameters (issue 3, "Profiles").

Sources disagree on what treatment resistance means (clinical-reference.md §1 and §7), so the
decision takes its parameters from a profile rather than from constants in the rules. Every
determination stores the profile's name, version and ``parameters()``. Changing a shipped
profile's numbers means adding 1 to its version.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

from .errors import UnknownProfile, shown

FailureBelow = Literal["response", "partial"]


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
        if self.min_total_weeks is not None and self.min_total_weeks < 1:
            raise ValueError(f"profile {self.name}: min_total_weeks must be at least 1 or None")

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
        }


# The four shipped profiles, exactly as tabled in issue 3. Six weeks per trial is the MGH-ATRQ's
# adequate duration (clinical-reference.md §1); "response" as the failure line is the <50 %
# threshold of the Canadian consensus (Rybak et al. 2021); "partial" is the ATRQ/Delphi <25 %.
CLINIC_DEFAULT: Final = Profile(
    name="clinic-default",
    version=1,
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
    version=1,
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
    version=1,
    description=(
        "Two adequate failed trials of any classes where failure means under 25 % better,"
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
    version=1,
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

DEFAULT_PROFILE_NAME: Final = "clinic-default"
PROFILES: Final = MappingProxyType(
    {profile.name: profile for profile in (CLINIC_DEFAULT, FDA_2019, ATRQ_STRICT, SEED_ARTICLE)}
)


def get_profile(name: str) -> Profile:
    """The shipped profile called ``name``; raises ``UnknownProfile`` naming the choices."""
    profile = PROFILES.get(name)
    if profile is None:
        choices = ", ".join(PROFILES)
        raise UnknownProfile("profile", f"unknown profile {shown(name)}; choose one of {choices}")
    return profile

"""The insurers a Massachusetts patient names, and which profiles staff see first for each.

The intake asks for the insurer (optional); the staff case page's eligibility matrix puts the
insurer's own policy rows first. A plan with no shipped policy profile falls back to the
treatments' labels, the honest starting point until its policy is written as a profile
(⚠ for the medical director: MassHealth, Harvard Pilgrim and Tufts/Point32Health policies are
not yet profiles; see clinical-reference §7).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final


@dataclass(frozen=True)
class Insurer:
    code: str
    name: str
    # Profile names in the order staff should read them for this insurer's patients.
    profiles_first: tuple[str, ...]


LABEL_PROFILES: Final = ("spravato-label", "tms-clearance")

INSURERS: Final = MappingProxyType(
    {
        insurer.code: insurer
        for insurer in (
            Insurer(
                "bcbsma", "Blue Cross Blue Shield of Massachusetts", ("bcbsma-spravato", "blue-tms")
            ),
            Insurer("masshealth", "MassHealth", LABEL_PROFILES),
            Insurer("harvard_pilgrim", "Harvard Pilgrim Health Care", LABEL_PROFILES),
            Insurer("tufts_point32", "Tufts Health Plan / Point32Health", LABEL_PROFILES),
            Insurer("medicare", "Medicare", LABEL_PROFILES),
            Insurer("other", "Another insurer", LABEL_PROFILES),
            Insurer("self_pay", "No insurance / paying myself", ()),
        )
    }
)

PLAN_TYPES: Final = MappingProxyType(
    {
        "hmo": "HMO",
        "ppo": "PPO",
        "epo": "EPO",
        "medicare_advantage": "Medicare Advantage",
        "other": "Other",
        "unknown": "Not sure",
    }
)

MEMBER_ID_MAX_LENGTH: Final = 40


def profiles_first(insurer_code: str) -> tuple[str, ...]:
    """The profile names to show first for an insurer code; unknown or blank codes get none."""
    insurer = INSURERS.get(insurer_code)
    return insurer.profiles_first if insurer else ()

"""Maudsley Staging Method (Fekadu et al. 2018, BMC Psychiatry, Table 3; PLOS One 2020, Panel 1;
clinical-reference.md §3), with the severity dimension read from the PHQ-9 as issue 3 specifies.

A staging estimate for staff, not part of the decision. It is None without the episode's length
or a PHQ-9 total; unreported augmentation or ECT counts as not used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

# (highest value in category, points). Duration of the current episode in months:
# <=12 -> 1, 13-24 -> 2, >24 -> 3.
DURATION_POINTS: Final = ((12, 1), (24, 2))
DURATION_POINTS_ABOVE: Final = 3
# Severity from the PHQ-9 total: 0-4 subsyndromal 1, 5-9 mild 2, 10-19 moderate 3, 20-27 severe
# 4 (issue 3's mapping of the PHQ-9 bands onto MSM severity).
SEVERITY_POINTS: Final = ((4, 1), (9, 2), (19, 3))
SEVERITY_POINTS_ABOVE: Final = 4
SEVERITY_WITH_PSYCHOSIS: Final = 5  # "severe with psychosis", whenever psychosis is reported
# Failed antidepressant trials: 0 -> 0 (issue 3; the published scale starts at 1-2 -> 1),
# 1-2 -> 1, 3-4 -> 2, 5-6 -> 3, 7-10 -> 4, >10 -> 5.
FAILURE_POINTS: Final = ((0, 0), (2, 1), (4, 2), (6, 3), (10, 4))
FAILURE_POINTS_ABOVE: Final = 5
# Total bands 3-6 mild, 7-10 moderate, 11-15 severe. With no failed trial the total can be 2,
# below the published range; it is banded mild, the lowest band.
MSM_BANDS: Final = ((6, "mild"), (10, "moderate"), (15, "severe"))


@dataclass(frozen=True, slots=True)
class MsmResult:
    total: int
    band: str
    duration: int
    severity: int
    failures: int
    augmentation: int
    ect: int

    def to_json(self) -> dict[str, object]:
        return {
            "total": self.total,
            "band": self.band,
            "duration": self.duration,
            "severity": self.severity,
            "failures": self.failures,
            "augmentation": self.augmentation,
            "ect": self.ect,
        }


def points(value: float, table: Sequence[tuple[float, int]], above: int) -> int:
    """The points of the first category whose highest value is at least ``value``."""
    for highest, category_points in table:
        if value <= highest:
            return category_points
    return above


def msm_band(total: int) -> str:
    for highest, name in MSM_BANDS:
        if total <= highest:
            return name
    raise ValueError(f"MSM total {total} is above the scale")


def stage_msm(
    *,
    episode_months: int | None,
    phq9_total: int | None,
    psychotic_features: bool | None,
    failed_trials: int,
    augmented: bool,
    ect: bool | None,
) -> MsmResult | None:
    """The Maudsley stage, or None without the episode's length or a PHQ-9 total."""
    if episode_months is None or phq9_total is None:
        return None
    duration = points(episode_months, DURATION_POINTS, DURATION_POINTS_ABOVE)
    severity = (
        SEVERITY_WITH_PSYCHOSIS
        if psychotic_features
        else points(phq9_total, SEVERITY_POINTS, SEVERITY_POINTS_ABOVE)
    )
    failures = points(failed_trials, FAILURE_POINTS, FAILURE_POINTS_ABOVE)
    augmentation = 1 if augmented else 0
    ect_points = 1 if ect else 0
    total = duration + severity + failures + augmentation + ect_points
    return MsmResult(
        total=total,
        band=msm_band(total),
        duration=duration,
        severity=severity,
        failures=failures,
        augmentation=augmentation,
        ect=ect_points,
    )

"""PHQ-9 and GAD-7 scoring (clinical-reference.md §4).

A questionnaire with any item unanswered has no valid total, so its total and severity are None;
PHQ-9 item 9 is still read on its own, because a positive answer needs same-day follow-up
whatever the rest of the form says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

# (lowest total in band, band). PHQ-9 bands 0-4, 5-9, 10-14, 15-19, 20-27: Kroenke, Spitzer &
# Williams 2001 (clinical-reference.md §4).
PHQ9_BANDS: Final = (
    (20, "severe"),
    (15, "moderately_severe"),
    (10, "moderate"),
    (5, "mild"),
    (0, "minimal"),
)
# GAD-7 cut-points 5 / 10 / 15: Spitzer et al. 2006 (clinical-reference.md §4).
GAD7_BANDS: Final = (
    (15, "severe"),
    (10, "moderate"),
    (5, "mild"),
    (0, "minimal"),
)
PHQ9_SUICIDE_ITEM: Final = 8  # item 9, counted from 0
# Nine items answered 0-3: totals run 0-27 (Kroenke et al. 2001); GAD-7's seven run 0-21.
PHQ9_MAX_TOTAL: Final = 27
GAD7_MAX_TOTAL: Final = 21
# Outcome measures over time (clinical-reference.md §4; Kroenke et al. 2001, the usual
# measurement-based-care definitions): a response is a PHQ-9 total at least this fraction below
# the first (baseline) total; remission is a total below PHQ9_REMISSION_BELOW.
PHQ9_RESPONSE_DROP: Final = 0.5
PHQ9_REMISSION_BELOW: Final = 5


def phq9_response_threshold(baseline: int) -> float:
    """The total at or below which a later PHQ-9 counts as a response to `baseline`."""
    return baseline * (1 - PHQ9_RESPONSE_DROP)


def phq9_responded(baseline: int, total: int) -> bool:
    return baseline > 0 and total <= phq9_response_threshold(baseline)


def phq9_remitted(total: int) -> bool:
    return total < PHQ9_REMISSION_BELOW


@dataclass(frozen=True, slots=True)
class Phq9Result:
    total: int | None
    severity: str | None
    item9_positive: bool | None  # None when item 9 was left blank

    def to_json(self) -> dict[str, object]:
        return {
            "total": self.total,
            "severity": self.severity,
            "item9_positive": self.item9_positive,
        }


@dataclass(frozen=True, slots=True)
class Gad7Result:
    total: int | None
    severity: str | None

    def to_json(self) -> dict[str, object]:
        return {"total": self.total, "severity": self.severity}


def band(total: int, bands: Sequence[tuple[int, str]]) -> str:
    """The band whose lowest total is the highest not above ``total``."""
    for lowest, name in bands:
        if total >= lowest:
            return name
    raise ValueError(f"total {total} is below every band")


def questionnaire_total(answers: Sequence[int | None]) -> int | None:
    """The sum of the answers, or None if any was left blank."""
    total = 0
    for answer in answers:
        if answer is None:
            return None
        total += answer
    return total


def score_phq9(answers: Sequence[int | None] | None) -> Phq9Result | None:
    """Total, severity band and whether item 9 (thoughts of self-harm) is above zero."""
    if answers is None:
        return None
    total = questionnaire_total(answers)
    item9 = answers[PHQ9_SUICIDE_ITEM]
    return Phq9Result(
        total=total,
        severity=band(total, PHQ9_BANDS) if total is not None else None,
        item9_positive=item9 > 0 if item9 is not None else None,
    )


def score_gad7(answers: Sequence[int | None] | None) -> Gad7Result | None:
    """Total and severity band."""
    if answers is None:
        return None
    total = questionnaire_total(answers)
    return Gad7Result(total=total, severity=band(total, GAD7_BANDS) if total is not None else None)

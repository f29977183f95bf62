"""Small builders for the criteria tests: an adequate failed trial unless told otherwise."""

from __future__ import annotations

from typing import Any

from screening.criteria import HistoryFacts, TrialFacts

ADEQUATE_FAILED: dict[str, Any] = {
    "medication": "sertraline",  # SSRI, minimum 50 mg/day
    "dose_mg": 100,
    "weeks": 8,
    "adherence": "all",
    "improvement": "none",
    "stopped_for_side_effects": False,
    "current_episode": True,
}


def trial(**overrides: Any) -> TrialFacts:
    """An adequate, failed sertraline trial, changed by ``overrides``."""
    return TrialFacts(**{**ADEQUATE_FAILED, **overrides})


def history(*trials: TrialFacts, **other: Any) -> HistoryFacts:
    return HistoryFacts(trials=tuple(trials), **other)


def trial_json(**overrides: Any) -> dict[str, Any]:
    return {**ADEQUATE_FAILED, **overrides}

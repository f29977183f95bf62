"""Maudsley Staging Method: each dimension at its boundaries, the total and its band."""

from __future__ import annotations

from typing import Any

import pytest

from screening.criteria import Episode, MsmResult, evaluate, get_profile
from screening.criteria.staging import stage_msm

from .builders import history, trial

BASE: dict[str, Any] = {
    "episode_months": 6,
    "phq9_total": 12,
    "psychotic_features": False,
    "failed_trials": 2,
    "augmented": False,
    "ect": False,
}


def staged(**changes: Any) -> MsmResult:
    result = stage_msm(**{**BASE, **changes})
    assert result is not None
    return result


@pytest.mark.parametrize(
    ("months", "points"), [(0, 1), (12, 1), (13, 2), (24, 2), (25, 3), (240, 3)]
)
def test_duration(months: int, points: int) -> None:
    assert staged(episode_months=months).duration == points


@pytest.mark.parametrize(
    ("total", "psychotic", "points"),
    [
        (0, False, 1),
        (4, False, 1),
        (5, False, 2),
        (9, False, 2),
        (10, False, 3),
        (19, False, 3),
        (20, False, 4),
        (27, False, 4),
        (27, True, 5),
        (3, True, 5),  # "whenever psychotic features are reported"
        (12, None, 3),  # not reported counts as absent
    ],
)
def test_severity(total: int, psychotic: bool | None, points: int) -> None:
    assert staged(phq9_total=total, psychotic_features=psychotic).severity == points


@pytest.mark.parametrize(
    ("failed", "points"),
    [(0, 0), (1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4), (10, 4), (11, 5), (30, 5)],
)
def test_failures(failed: int, points: int) -> None:
    assert staged(failed_trials=failed).failures == points


@pytest.mark.parametrize(("ect", "points"), [(True, 1), (False, 0), (None, 0)])
def test_ect(ect: bool | None, points: int) -> None:
    assert staged(ect=ect).ect == points


@pytest.mark.parametrize(
    ("changes", "total", "band"),
    [
        ({"episode_months": 1, "phq9_total": 0, "failed_trials": 0}, 2, "mild"),
        ({"episode_months": 1, "phq9_total": 0, "failed_trials": 1}, 3, "mild"),
        ({"episode_months": 13, "phq9_total": 10, "failed_trials": 1}, 6, "mild"),
        ({"episode_months": 13, "phq9_total": 10, "failed_trials": 1, "ect": True}, 7, "moderate"),
        ({"episode_months": 25, "phq9_total": 20, "failed_trials": 4}, 9, "moderate"),
        ({"episode_months": 25, "phq9_total": 20, "failed_trials": 5}, 10, "moderate"),
        ({"episode_months": 25, "phq9_total": 20, "failed_trials": 5, "ect": True}, 11, "severe"),
        (
            {
                "episode_months": 30,
                "psychotic_features": True,
                "failed_trials": 12,
                "augmented": True,
                "ect": True,
            },
            15,
            "severe",
        ),
    ],
)
def test_total_and_band(changes: dict[str, Any], total: int, band: str) -> None:
    result = staged(**changes)
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize("missing", ["episode_months", "phq9_total"])
def test_no_stage_without_episode_length_or_phq9(missing: str) -> None:
    assert stage_msm(**{**BASE, missing: None}) is None


PHQ9_MILD = (1, 2, 1, 2, 0, 1, 1, 0, 0)  # total 8


@pytest.mark.parametrize(
    ("trials", "augmentation"),
    [
        ((trial(),), 0),
        ((trial(augmented_with=("Abilify",)),), 1),
        ((trial(), trial(medication="lithium")), 1),  # an augmenter listed as a trial
        ((trial(), trial(medication="lithium", current_episode=False)), 0),
        ((trial(augmented_with=("Abilify",), current_episode=False),), 0),
        # Issue 15: only a catalogued augmenter is augmentation; free text is kept for staff.
        ((trial(medication="xyzzy", augmented_with=("something",)),), 0),
        ((trial(augmented_with=("none",)),), 0),
        ((trial(augmented_with=("melatonin",)),), 0),
        ((trial(medication="xyzzy", augmented_with=("lithium",)),), 1),
        ((trial(medication="Symbyax", dose_mg=25),), 1),  # olanzapine is in the capsule
    ],
)
def test_augmentation_in_the_current_episode(trials: tuple[Any, ...], augmentation: int) -> None:
    facts = history(*trials, episode=Episode(months=14), phq9=PHQ9_MILD)
    msm = evaluate(facts, get_profile("clinic-default")).msm
    assert msm is not None and msm.augmentation == augmentation


def test_evaluate_stages_with_the_failed_trials_it_found() -> None:
    facts = history(
        trial(),
        trial(medication="Effexor", dose_mg=150),
        trial(medication="Paxil", dose_mg=10),  # inadequate: not a failure
        episode=Episode(months=14, psychotic_features=False),
        phq9=PHQ9_MILD,
        ect=True,
    )
    msm = evaluate(facts, get_profile("clinic-default")).msm
    assert msm == MsmResult(
        total=6, band="mild", duration=2, severity=2, failures=1, augmentation=0, ect=1
    )
    assert evaluate(history(trial(), phq9=PHQ9_MILD), get_profile("clinic-default")).msm is None

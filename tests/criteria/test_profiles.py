"""The four shipped profiles, exactly as tabled in issue 3, and the profile contract."""

from __future__ import annotations

from typing import Any

import pytest

from screening.criteria import (
    DEFAULT_PROFILE_NAME,
    PROFILES,
    InvalidFacts,
    Profile,
    UnknownProfile,
    get_profile,
)

# name: (failed, classes, weeks, failure_below, intolerance, total weeks) -- issue 3's table.
ISSUE_TABLE = {
    "clinic-default": (2, 2, 6, "response", False, None),
    "fda-2019": (2, 1, 6, "response", False, None),
    "atrq-strict": (2, 1, 6, "partial", False, None),
    "seed-article": (2, 2, 6, "response", False, 26),
}


@pytest.mark.parametrize(("name", "row"), ISSUE_TABLE.items())
def test_shipped_profiles_match_the_issue(name: str, row: tuple[Any, ...]) -> None:
    profile = get_profile(name)
    assert profile.name == name
    assert profile.version == 1
    assert (
        profile.min_failed_trials,
        profile.min_distinct_classes,
        profile.min_weeks,
        profile.failure_below,
        profile.count_intolerance,
        profile.min_total_weeks,
    ) == row


def test_exactly_the_four_profiles_ship_and_the_default_is_the_clinics() -> None:
    assert list(PROFILES) == list(ISSUE_TABLE)
    assert DEFAULT_PROFILE_NAME == "clinic-default"
    assert get_profile(DEFAULT_PROFILE_NAME) is PROFILES["clinic-default"]


@pytest.mark.parametrize("name", ISSUE_TABLE)
def test_every_description_is_one_sentence_naming_its_source(name: str) -> None:
    description = get_profile(name).description
    assert description.endswith(".")
    assert description.count(". ") == 0
    assert any(source in description for source in ("Thase-Rush", "FDA", "MGH-ATRQ", "article"))


@pytest.mark.parametrize("name", ISSUE_TABLE)
def test_parameters_hold_everything_needed_to_reproduce(name: str) -> None:
    profile = get_profile(name)
    parameters = profile.parameters()
    assert parameters == {
        "name": name,
        "version": 1,
        "min_failed_trials": profile.min_failed_trials,
        "min_distinct_classes": profile.min_distinct_classes,
        "min_weeks": profile.min_weeks,
        "failure_below": profile.failure_below,
        "count_intolerance": profile.count_intolerance,
        "min_total_weeks": profile.min_total_weeks,
    }
    rebuilt = Profile(description=profile.description, **parameters)  # type: ignore[arg-type]
    assert rebuilt == profile


def test_an_unknown_profile_is_a_clear_error_not_a_key_error() -> None:
    with pytest.raises(UnknownProfile) as raised:
        get_profile("strict")
    assert isinstance(raised.value, InvalidFacts)
    assert not isinstance(raised.value, KeyError)
    assert str(raised.value) == (
        "profile: unknown profile 'strict'; choose one of clinic-default, fda-2019, atrq-strict,"
        " seed-article"
    )


def test_profiles_are_read_only() -> None:
    with pytest.raises(TypeError):
        PROFILES["mine"] = PROFILES["fda-2019"]  # type: ignore[index]


GOOD: dict[str, Any] = {
    "name": "test",
    "version": 1,
    "description": "A test profile.",
    "min_failed_trials": 2,
    "min_distinct_classes": 2,
    "min_weeks": 6,
    "failure_below": "response",
    "count_intolerance": False,
    "min_total_weeks": None,
}


@pytest.mark.parametrize(
    "change",
    [
        {"version": 0},
        {"min_failed_trials": 0},
        {"min_distinct_classes": 0},
        {"min_distinct_classes": 3},
        {"min_weeks": 0},
        {"failure_below": "remission"},
        {"min_total_weeks": 0},
    ],
)
def test_a_profile_refuses_nonsense(change: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="profile test"):
        Profile(**{**GOOD, **change})

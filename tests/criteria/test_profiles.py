"""The shipped profiles, exactly as tabled in issues 3 and 15, and the profile contract."""

from __future__ import annotations

import json
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

# name: (version, failed, classes, weeks, failure_below, intolerance, total weeks, augmented,
# psychotherapy weeks, clinician severity) -- issue 3's table, issue 15's version bump of those
# four, and issue 15's table.
ISSUE_TABLE = {
    "clinic-default": (2, 2, 2, 6, "response", False, None, None, None, None),
    "fda-2019": (2, 2, 1, 6, "response", False, None, None, None, None),
    "atrq-strict": (2, 2, 1, 6, "partial", False, None, None, None, None),
    "seed-article": (2, 2, 2, 6, "response", False, 26, None, None, None),
    "spravato-label": (1, 2, 1, 6, "response", False, None, None, None, None),
    "tms-clearance": (1, 1, 1, 6, "response", False, None, None, None, None),
    "bcbsma-spravato": (
        1,
        4,
        2,
        6,
        "response",
        False,
        None,
        1,
        None,
        (("madrs", 28), ("hamd17", 17)),
    ),
    "blue-tms": (1, 2, 2, 6, "response", False, None, None, 6, None),
}
PAYER_PROFILES = ("bcbsma-spravato", "blue-tms")


@pytest.mark.parametrize(("name", "row"), ISSUE_TABLE.items())
def test_shipped_profiles_match_the_issue(name: str, row: tuple[Any, ...]) -> None:
    profile = get_profile(name)
    assert profile.name == name
    assert (
        profile.version,
        profile.min_failed_trials,
        profile.min_distinct_classes,
        profile.min_weeks,
        profile.failure_below,
        profile.count_intolerance,
        profile.min_total_weeks,
        profile.min_augmented_failed_trials,
        profile.min_psychotherapy_weeks,
        profile.min_clinician_severity,
    ) == row


@pytest.mark.parametrize("name", PAYER_PROFILES)
def test_a_payer_profile_says_it_is_a_public_copy_summary_to_confirm(name: str) -> None:
    description = get_profile(name).description
    assert "public-copy summary (grade C)" in description
    assert "⚠ confirm against the current policy" in description


@pytest.mark.parametrize("name", ["spravato-label", "tms-clearance"])
def test_a_label_profile_names_its_label_and_awaits_the_medical_director(name: str) -> None:
    description = get_profile(name).description
    assert "FDA" in description and "⚠" in description


def test_exactly_the_shipped_profiles_and_the_default_is_the_clinics() -> None:
    assert list(PROFILES) == list(ISSUE_TABLE)
    assert DEFAULT_PROFILE_NAME == "clinic-default"
    assert get_profile(DEFAULT_PROFILE_NAME) is PROFILES["clinic-default"]


@pytest.mark.parametrize("name", ISSUE_TABLE)
def test_every_description_is_one_sentence_naming_its_source(name: str) -> None:
    description = get_profile(name).description
    assert description.endswith(".")
    assert description.count(". ") == 0
    assert any(
        source in description
        for source in ("Thase-Rush", "FDA", "MGH-ATRQ", "article", "policy", "label")
    )


@pytest.mark.parametrize("name", ISSUE_TABLE)
def test_parameters_hold_everything_needed_to_reproduce(name: str) -> None:
    profile = get_profile(name)
    parameters = profile.parameters()
    assert parameters == {
        "name": name,
        "version": profile.version,
        "min_failed_trials": profile.min_failed_trials,
        "min_distinct_classes": profile.min_distinct_classes,
        "min_weeks": profile.min_weeks,
        "failure_below": profile.failure_below,
        "count_intolerance": profile.count_intolerance,
        "min_total_weeks": profile.min_total_weeks,
        "min_augmented_failed_trials": profile.min_augmented_failed_trials,
        "min_psychotherapy_weeks": profile.min_psychotherapy_weeks,
        "min_clinician_severity": (
            dict(profile.min_clinician_severity) if profile.min_clinician_severity else None
        ),
    }
    assert json.loads(json.dumps(parameters)) == parameters
    rebuilt = Profile(description=profile.description, **parameters)  # type: ignore[arg-type]
    assert rebuilt == profile


def test_an_unknown_profile_is_a_clear_error_not_a_key_error() -> None:
    with pytest.raises(UnknownProfile) as raised:
        get_profile("strict")
    assert isinstance(raised.value, InvalidFacts)
    assert not isinstance(raised.value, KeyError)
    assert str(raised.value) == (
        "profile: unknown profile 'strict'; choose one of clinic-default, fda-2019, atrq-strict,"
        " seed-article, spravato-label, tms-clearance, bcbsma-spravato, blue-tms"
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
        {"min_augmented_failed_trials": 0},
        {"min_psychotherapy_weeks": 0},
        {"min_clinician_severity": ()},
        {"min_clinician_severity": (("phq9", 10),)},
        {"min_clinician_severity": (("madrs", 61),)},
        {"min_clinician_severity": (("hamd17", 0),)},
    ],
)
def test_a_profile_refuses_nonsense(change: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="profile test"):
        Profile(**{**GOOD, **change})

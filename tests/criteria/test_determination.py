"""Determination.to_json(): exactly the output contract of issue 3."""

from __future__ import annotations

import dataclasses
import json

import pytest

from screening.criteria import (
    SAFETY_KEYS,
    Determination,
    Episode,
    HistoryFacts,
    evaluate,
    get_profile,
    parse_facts,
)

from .builders import history, trial
from .test_facts import EXAMPLE

TOP_KEYS = [
    "profile",
    "profile_version",
    "verdict",
    "adequate_failed_trials",
    "failed_classes",
    "trials",
    "phq9",
    "gad7",
    "msm",
    "risk_factors",
    "treatment_flags",
    "urgent",
    # Issue 15: added after the v1 keys, which keep their order.
    "review_reasons",
    "missing_evidence",
]


def test_the_issue_example_gives_exactly_the_contract() -> None:
    output = evaluate(parse_facts(EXAMPLE), get_profile("clinic-default")).to_json()
    assert list(output) == TOP_KEYS
    assert output == {
        "profile": "clinic-default",
        "profile_version": 2,
        "verdict": "does_not_meet",
        "adequate_failed_trials": 1,
        "failed_classes": ["ssri"],
        "trials": [
            {
                "medication": "sertraline",
                "class": "ssri",
                "status": "failed",
                "reasons": ["improvement_partial"],
            }
        ],
        "phq9": {"total": 8, "severity": "mild", "item9_positive": False},
        "gad7": {"total": 6, "severity": "mild"},
        "msm": {
            "total": 5,
            "band": "mild",
            "duration": 2,
            "severity": 2,
            "failures": 1,
            "augmentation": 0,
            "ect": 0,
        },
        "risk_factors": [
            "early_onset",
            "limited_social_support",
            "medical_comorbidity",
            "multiple_episodes",
            "psychiatric_comorbidity",
            "substance_use",
        ],
        "treatment_flags": {"spravato": [], "ketamine": ["substance_use"], "tms": []},
        "urgent": False,
        "review_reasons": [],
        "missing_evidence": ["classes_short_by_1", "failed_trials_short_by_1"],
    }
    json.dumps(output)


def test_lists_are_sorted_and_trials_stay_in_input_order() -> None:
    facts = history(
        trial(medication="Zoloft"),
        trial(medication="xyzzy"),
        trial(medication="nortriptyline", dose_mg=75, stopped_for_side_effects=True, weeks=2),
        trial(medication="Effexor", dose_mg=150),
        trial(medication="Abilify"),
        safety={**dict.fromkeys(SAFETY_KEYS, True)},
        comorbidities=("ptsd", "chronic_pain"),
        substance_use=("opioids",),
    )
    output = evaluate(facts, get_profile("clinic-default")).to_json()
    assert [t["medication"] for t in output["trials"]] == [  # type: ignore[attr-defined]
        "sertraline",
        "xyzzy",
        "nortriptyline",
        "venlafaxine",
        "aripiprazole",
    ]
    assert output["failed_classes"] == ["snri", "ssri"]
    for key in ("failed_classes", "risk_factors"):
        assert output[key] == sorted(output[key])  # type: ignore[type-var]
    flags = output["treatment_flags"]
    assert isinstance(flags, dict)
    for treatment in ("spravato", "ketamine", "tms"):
        assert flags[treatment] == sorted(flags[treatment])
    for trial_output in output["trials"]:  # type: ignore[attr-defined]
        assert list(trial_output) == ["medication", "class", "status", "reasons"]
        assert trial_output["reasons"] == sorted(trial_output["reasons"])


def test_sections_without_input_are_null() -> None:
    output = evaluate(HistoryFacts(trials=()), get_profile("fda-2019")).to_json()
    assert list(output) == TOP_KEYS
    assert (output["phq9"], output["gad7"], output["msm"], output["treatment_flags"]) == (
        None,
        None,
        None,
        None,
    )
    assert output["risk_factors"] == [] and output["trials"] == []
    assert output["urgent"] is False


def test_a_meeting_history_under_the_default_profile() -> None:
    facts = history(
        trial(),
        trial(medication="Cymbalta", dose_mg=60, improvement="partial"),
        episode=Episode(months=30),
        phq9=(2, 2, 2, 2, 2, 2, 2, 2, 1),
    )
    output = evaluate(facts, get_profile("clinic-default")).to_json()
    assert (output["verdict"], output["adequate_failed_trials"], output["failed_classes"]) == (
        "meets",
        2,
        ["snri", "ssri"],
    )
    assert output["urgent"] is True
    assert output["msm"] == {
        "total": 7,
        "band": "moderate",
        "duration": 3,
        "severity": 3,
        "failures": 1,
        "augmentation": 0,
        "ect": 0,
    }


def test_evaluate_is_deterministic_and_the_result_frozen() -> None:
    facts = parse_facts(EXAMPLE)
    first = evaluate(facts, get_profile("clinic-default"))
    assert first == evaluate(facts, get_profile("clinic-default"))
    assert isinstance(first, Determination)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.verdict = "meets"  # type: ignore[misc]

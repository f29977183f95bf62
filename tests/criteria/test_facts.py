"""parse_facts: the JSON input of evaluate_history, and one clear line per invalid field."""

from __future__ import annotations

import copy
from types import MappingProxyType
from typing import Any

import pytest

from screening.criteria import (
    SAFETY_KEYS,
    Episode,
    HistoryFacts,
    InvalidFacts,
    TrialFacts,
    UnknownProfile,
    parse_facts,
)

from .builders import trial, trial_json

EXAMPLE: dict[str, Any] = {
    "profile": "clinic-default",
    "episode": {"months": 14, "onset_age": 16, "prior_episodes": 2, "psychotic_features": False},
    "trials": [
        {
            "medication": "Zoloft",
            "dose_mg": 100,
            "weeks": 8,
            "adherence": "most",
            "improvement": "partial",
            "stopped_for_side_effects": False,
            "current_episode": True,
            "augmented_with": None,
        }
    ],
    "ect": False,
    "phq9": [1, 2, 1, 2, 0, 1, 1, 0, 0],
    "gad7": [1, 1, 2, 1, 0, 0, 1],
    "comorbidities": ["hypothyroidism", "generalized_anxiety"],
    "substance_use": ["alcohol"],
    "social_support": "limited",
    "safety": dict.fromkeys(SAFETY_KEYS, False),
}


def with_change(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """EXAMPLE with the value at ``path`` replaced (a path ending in a missing key adds it)."""
    data = copy.deepcopy(EXAMPLE)
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


def test_the_issue_example_parses() -> None:
    facts = parse_facts(EXAMPLE)
    assert facts.profile == "clinic-default"
    assert facts.episode == Episode(
        months=14, onset_age=16, prior_episodes=2, psychotic_features=False
    )
    assert facts.trials == (
        TrialFacts(
            medication="Zoloft",
            dose_mg=100,
            weeks=8,
            adherence="most",
            improvement="partial",
            stopped_for_side_effects=False,
            current_episode=True,
            augmented_with=(),
        ),
    )
    assert facts.ect is False
    assert facts.phq9 == (1, 2, 1, 2, 0, 1, 1, 0, 0)
    assert facts.gad7 == (1, 1, 2, 1, 0, 0, 1)
    assert facts.comorbidities == ("generalized_anxiety", "hypothyroidism")
    assert facts.substance_use == ("alcohol",)
    assert facts.social_support == "limited"
    assert facts.safety is not None and dict(facts.safety) == dict.fromkeys(SAFETY_KEYS, False)


def test_only_trials_is_required() -> None:
    facts = parse_facts({"trials": []})
    assert facts == HistoryFacts(trials=())


def test_every_value_may_be_null() -> None:
    data = {key: None for key in EXAMPLE if key != "trials"}
    data["trials"] = [dict.fromkeys(EXAMPLE["trials"][0])]
    data["episode"] = dict.fromkeys(EXAMPLE["episode"])
    data["safety"] = dict.fromkeys(SAFETY_KEYS)
    facts = parse_facts(data)
    assert facts.trials == (TrialFacts(medication=None),)
    assert facts.episode == Episode()
    assert facts.safety is not None and set(facts.safety.values()) == {None}
    assert facts.phq9 is None and facts.profile is None


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        (None, ()),
        ([], ()),
        ("Abilify", ("Abilify",)),
        (["Abilify", "lithium"], ("Abilify", "lithium")),
        ("  ", ()),
    ],
)
def test_augmented_with_is_a_name_or_a_list_of_names(value: Any, stored: tuple[str, ...]) -> None:
    facts = parse_facts({"trials": [{"medication": "Zoloft", "augmented_with": value}]})
    assert facts.trials[0].augmented_with == stored


def test_a_questionnaire_may_have_blank_answers() -> None:
    facts = parse_facts({"trials": [], "phq9": [0, 0, 0, 0, 0, 0, 0, 0, None]})
    assert facts.phq9 == (0, 0, 0, 0, 0, 0, 0, 0, None)


def test_codes_are_sorted_and_repeats_dropped() -> None:
    facts = parse_facts(
        {"trials": [], "comorbidities": ["ptsd", "bipolar", "ptsd"], "substance_use": []}
    )
    assert facts.comorbidities == ("bipolar", "ptsd")
    assert facts.substance_use == ()


def test_numbers_may_be_fractional_where_they_are_measured() -> None:
    facts = parse_facts({"trials": [trial_json(dose_mg=37.5, weeks=6.5)]})
    assert (facts.trials[0].dose_mg, facts.trials[0].weeks) == (37.5, 6.5)


INVALID: list[tuple[Any, str]] = [
    # (input, the error message it must give, exactly)
    ([], "input: must be a JSON object, got []"),
    ("trials", "input: must be a JSON object, got 'trials'"),
    ({}, "trials: required: a list of medication trials (may be empty)"),
    ({"trials": None}, "trials: must be a list of trials, got None"),
    (
        {"trials": {"medication": "Zoloft"}},
        "trials: must be a list of trials, got {'medication': 'Zoloft'}",
    ),
    ({"trials": ["Zoloft"]}, "trials[0]: must be a JSON object, got 'Zoloft'"),
    (
        with_change(("phq9",), [1, 2, 1, 4, 0, 1, 1, 0, 0]),
        "phq9[3] (item 4): must be an integer from 0 to 3, got 4",
    ),
    (with_change(("phq9", 0), -1), "phq9[0] (item 1): must be an integer from 0 to 3, got -1"),
    (with_change(("phq9", 8), 1.5), "phq9[8] (item 9): must be an integer from 0 to 3, got 1.5"),
    (with_change(("phq9", 8), True), "phq9[8] (item 9): must be an integer from 0 to 3, got True"),
    (with_change(("phq9", 2), "2"), "phq9[2] (item 3): must be an integer from 0 to 3, got '2'"),
    (
        with_change(("phq9",), [0] * 8),
        "phq9: must be a list of 9 answers, got [0, 0, 0, 0, 0, 0, 0, 0]",
    ),
    (with_change(("phq9",), 12), "phq9: must be a list of 9 answers, got 12"),
    (
        with_change(("gad7",), [0] * 9),
        "gad7: must be a list of 7 answers, got [0, 0, 0, 0, 0, 0, 0, 0, 0]",
    ),
    (with_change(("gad7", 6), 4), "gad7[6] (item 7): must be an integer from 0 to 3, got 4"),
    (
        with_change(("trials", 0, "dose_mg"), -5),
        "trials[0].dose_mg: must be a number from 0 to 5000, got -5",
    ),
    (
        with_change(("trials", 0, "dose_mg"), "100"),
        "trials[0].dose_mg: must be a number from 0 to 5000, got '100'",
    ),
    (
        with_change(("trials", 0, "dose_mg"), True),
        "trials[0].dose_mg: must be a number from 0 to 5000, got True",
    ),
    (
        with_change(("trials", 0, "dose_mg"), float("nan")),
        "trials[0].dose_mg: must be a number from 0 to 5000, got nan",
    ),
    (
        with_change(("trials", 0, "weeks"), float("inf")),
        "trials[0].weeks: must be a number from 0 to 1040, got inf",
    ),
    (
        with_change(("trials", 0, "weeks"), -0.5),
        "trials[0].weeks: must be a number from 0 to 1040, got -0.5",
    ),
    (
        with_change(("trials", 0, "adherence"), "mostly"),
        "trials[0].adherence: must be one of all, most, some, rarely, got 'mostly'",
    ),
    (
        with_change(("trials", 0, "improvement"), "great"),
        "trials[0].improvement: must be one of none, partial, response, remission, got 'great'",
    ),
    (
        with_change(("trials", 0, "stopped_for_side_effects"), "yes"),
        "trials[0].stopped_for_side_effects: must be true, false or null, got 'yes'",
    ),
    (
        with_change(("trials", 0, "current_episode"), 1),
        "trials[0].current_episode: must be true, false or null, got 1",
    ),
    (
        with_change(("trials", 0, "medication"), 5),
        "trials[0].medication: must be text of at most 200 characters, got 5",
    ),
    (
        with_change(("trials", 0, "medication"), "x" * 201),
        "trials[0].medication: must be text of at most 200 characters, got "
        + repr("x" * 36)[:-1]
        + "...",
    ),
    (
        with_change(("trials", 0, "augmented_with"), 5),
        "trials[0].augmented_with: must be text, a list of text or null, got 5",
    ),
    (
        with_change(("trials", 0, "augmented_with"), ["Abilify", 5]),
        "trials[0].augmented_with[1]: must be text of at most 200 characters, got 5",
    ),
    (
        with_change(("trials", 0, "dose"), 100),
        "trials[0].dose: unknown field; expected one of medication, dose_mg, weeks, adherence,"
        " improvement, stopped_for_side_effects, current_episode, augmented_with, total_weeks",
    ),
    (with_change(("episode",), "long"), "episode: must be a JSON object or null, got 'long'"),
    (
        with_change(("episode", "months"), -1),
        "episode.months: must be a whole number from 0 to 1200, got -1",
    ),
    (
        with_change(("episode", "months"), 1.5),
        "episode.months: must be a whole number from 0 to 1200, got 1.5",
    ),
    (
        with_change(("episode", "onset_age"), True),
        "episode.onset_age: must be a whole number from 0 to 120, got True",
    ),
    (
        with_change(("episode", "psychotic_features"), "no"),
        "episode.psychotic_features: must be true, false or null, got 'no'",
    ),
    (
        with_change(("episode", "month"), 3),
        "episode.month: unknown field; expected one of months, onset_age, prior_episodes,"
        " psychotic_features",
    ),
    (with_change(("ect",), "no"), "ect: must be true, false or null, got 'no'"),
    (with_change(("comorbidities",), "ptsd"), "comorbidities: must be a list of codes, got 'ptsd'"),
    (
        with_change(("comorbidities",), ["ptsd", "diabetes"]),
        "comorbidities[1]: must be one of cardiovascular_disease, hypothyroidism,"
        " autoimmune_disorder,"
        " chronic_pain, generalized_anxiety, ptsd, bipolar, got 'diabetes'",
    ),
    (
        with_change(("substance_use",), ["tobacco"]),
        "substance_use[0]: must be one of alcohol, opioids, cannabis, stimulants, other,"
        " got 'tobacco'",
    ),
    (
        with_change(("social_support",), "none"),
        "social_support: must be one of adequate, some, limited, got 'none'",
    ),
    (with_change(("safety",), []), "safety: must be an object of yes/no answers, got []"),
    (
        with_change(("safety", "metal_in_head"), "no"),
        "safety.metal_in_head: must be true, false or null, got 'no'",
    ),
    (
        with_change(("safety", "pregnant"), True),
        "safety.pregnant: unknown field; expected one of " + ", ".join(SAFETY_KEYS),
    ),
    (
        with_change(("profile",), "nope"),
        "profile: unknown profile 'nope'; choose one of clinic-default, fda-2019, atrq-strict,"
        " seed-article, spravato-label, tms-clearance, bcbsma-spravato, blue-tms",
    ),
    (with_change(("profile",), 5), "profile: must be a profile name or null, got 5"),
    (
        with_change(("phq_9",), [0] * 9),
        "phq_9: unknown field; expected one of "
        + "trials, episode, ect, phq9, gad7, comorbidities, substance_use, social_support, safety,"
        " profile, psychotherapy, clinician_scales, patient",
    ),
]


@pytest.mark.parametrize(
    ("data", "message"),
    INVALID,
    ids=[m.split(":")[0] + "-" + str(i) for i, (_, m) in enumerate(INVALID)],
)
def test_invalid_input_names_the_field_in_one_line(data: Any, message: str) -> None:
    with pytest.raises(InvalidFacts) as raised:
        parse_facts(data)
    assert str(raised.value) == message
    assert "\n" not in str(raised.value)
    assert raised.value.field == message.split(": ", 1)[0]


def test_an_unknown_profile_is_its_own_error_type() -> None:
    with pytest.raises(UnknownProfile):
        parse_facts({"trials": [], "profile": "nope"})


def test_the_second_trial_is_named_by_its_index() -> None:
    with pytest.raises(InvalidFacts, match=r"^trials\[1\]\.weeks: "):
        parse_facts({"trials": [trial_json(), trial_json(weeks=-1)]})


def test_a_newline_in_the_input_cannot_break_the_one_line_message() -> None:
    with pytest.raises(InvalidFacts) as raised:
        parse_facts({"trials": [trial_json(adherence="most\nly")]})
    assert "\n" not in str(raised.value)
    with pytest.raises(InvalidFacts) as raised:
        parse_facts({"trials": [], "bad\nkey": 1})
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: trial(adherence="mostly"), "adherence: must be one of"),
        (lambda: trial(dose_mg=-1), "dose_mg: must be a number"),
        (lambda: trial(augmented_with=["Abilify"]), "augmented_with: must be a tuple"),
        (lambda: Episode(months=-2), "months: must be a whole number"),
        (lambda: HistoryFacts(trials=[trial()]), "trials: must be a tuple of TrialFacts"),  # type: ignore[arg-type]
        (lambda: HistoryFacts(trials=(), phq9=(0,) * 8), "phq9: must be a list of 9 answers"),
        (lambda: HistoryFacts(trials=(), safety={"x": True}), "safety.x: unknown field"),
        (lambda: HistoryFacts(trials=(), profile="nope"), "profile: unknown profile"),
    ],
)
def test_the_dataclasses_refuse_values_the_rules_would_misread(build: Any, message: str) -> None:
    with pytest.raises(InvalidFacts, match="^" + message.replace("(", r"\(")):
        build()


def test_safety_answers_are_copied_read_only() -> None:
    answers: dict[str, bool | None] = {"metal_in_head": True}
    facts = HistoryFacts(trials=(), safety=answers)
    answers["metal_in_head"] = False
    assert isinstance(facts.safety, MappingProxyType)
    assert facts.safety["metal_in_head"] is True
    assert facts.safety["seizure_history"] is None


def test_history_facts_store_tuples_and_sorted_codes_whatever_they_were_given() -> None:
    facts = HistoryFacts(
        trials=(),
        phq9=[0] * 9,  # type: ignore[arg-type]
        comorbidities=["ptsd", "bipolar", "ptsd"],  # type: ignore[arg-type]
        substance_use=["other", "alcohol"],  # type: ignore[arg-type]
    )
    assert facts.phq9 == (0,) * 9
    assert facts.comorbidities == ("bipolar", "ptsd")
    assert facts.substance_use == ("alcohol", "other")

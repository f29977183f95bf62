"""Risk factors and per-treatment safety flags (issue 3; clinical-reference.md §5)."""

from __future__ import annotations

from typing import Any

import pytest

from screening.criteria import (
    SAFETY_KEYS,
    TREATMENT_SAFETY_KEYS,
    Episode,
    TreatmentFlags,
    evaluate,
    get_profile,
)
from screening.criteria.risk import risk_factors, treatment_flags, unanswered_safety

from .builders import history


@pytest.mark.parametrize(
    ("episode", "comorbidities", "substances", "support", "expected"),
    [
        (None, None, None, None, ()),
        (Episode(onset_age=17), None, None, None, ("early_onset",)),
        (Episode(onset_age=18), None, None, None, ()),
        (Episode(onset_age=None), None, None, None, ()),
        (Episode(prior_episodes=1), None, None, None, ()),
        (Episode(prior_episodes=2), None, None, None, ("multiple_episodes",)),
        (None, ("generalized_anxiety",), None, None, ("psychiatric_comorbidity",)),
        (None, ("ptsd",), None, None, ("psychiatric_comorbidity",)),
        (None, ("bipolar",), None, None, ("psychiatric_comorbidity",)),
        (None, ("cardiovascular_disease",), None, None, ("medical_comorbidity",)),
        (None, ("hypothyroidism",), None, None, ("medical_comorbidity",)),
        (None, ("autoimmune_disorder",), None, None, ("medical_comorbidity",)),
        (None, ("chronic_pain",), None, None, ("medical_comorbidity",)),
        (
            None,
            ("chronic_pain", "ptsd"),
            None,
            None,
            ("medical_comorbidity", "psychiatric_comorbidity"),
        ),
        (None, (), (), None, ()),
        (None, None, ("cannabis",), None, ("substance_use",)),
        (None, None, None, "limited", ("limited_social_support",)),
        (None, None, None, "some", ()),
        (None, None, None, "adequate", ()),
        (
            Episode(onset_age=16, prior_episodes=2),
            ("hypothyroidism", "generalized_anxiety"),
            ("alcohol",),
            "limited",
            (
                "early_onset",
                "limited_social_support",
                "medical_comorbidity",
                "multiple_episodes",
                "psychiatric_comorbidity",
                "substance_use",
            ),
        ),
    ],
)
def test_risk_factors(
    episode: Episode | None,
    comorbidities: tuple[str, ...] | None,
    substances: tuple[str, ...] | None,
    support: str | None,
    expected: tuple[str, ...],
) -> None:
    assert risk_factors(episode, comorbidities, substances, support) == expected


def only(*keys: str) -> dict[str, bool]:
    """Safety answers with ``keys`` yes and everything else no."""
    return {key: key in keys for key in SAFETY_KEYS}


@pytest.mark.parametrize(
    ("answers", "spravato", "ketamine", "tms"),
    [
        (only(), (), (), ()),
        (only("aneurysm_or_avm"), ("aneurysm_or_avm",), (), ()),
        (only("intracerebral_hemorrhage"), ("intracerebral_hemorrhage",), (), ()),
        (
            only("ketamine_hypersensitivity"),
            ("ketamine_hypersensitivity",),
            ("ketamine_hypersensitivity",),
            (),
        ),
        (
            only("uncontrolled_hypertension"),
            ("uncontrolled_hypertension",),
            ("uncontrolled_hypertension",),
            (),
        ),
        (only("psychosis_history"), (), ("psychosis_history",), ()),
        (only("pregnant_or_breastfeeding"), (), ("pregnant_or_breastfeeding",), ()),
        (only("metal_in_head"), (), (), ("metal_in_head",)),
        (only("implanted_device"), (), (), ("implanted_device",)),
        (only("seizure_history"), (), (), ("seizure_history",)),
        (
            only(*SAFETY_KEYS),
            (
                "aneurysm_or_avm",
                "intracerebral_hemorrhage",
                "ketamine_hypersensitivity",
                "uncontrolled_hypertension",
            ),
            (
                "ketamine_hypersensitivity",
                "pregnant_or_breastfeeding",
                "psychosis_history",
                "uncontrolled_hypertension",
            ),
            ("implanted_device", "metal_in_head", "seizure_history"),
        ),
    ],
)
def test_each_safety_answer_flags_its_treatments(
    answers: dict[str, bool],
    spravato: tuple[str, ...],
    ketamine: tuple[str, ...],
    tms: tuple[str, ...],
) -> None:
    assert treatment_flags(answers, None, None) == TreatmentFlags(spravato, ketamine, tms)


def test_every_safety_key_belongs_to_some_treatment() -> None:
    mapped = {key for keys in TREATMENT_SAFETY_KEYS.values() for key in keys}
    assert mapped == set(SAFETY_KEYS)


@pytest.mark.parametrize(
    ("comorbidities", "substances", "ketamine"),
    [
        (None, None, ()),
        ((), (), ()),
        (None, ("alcohol",), ("substance_use",)),
        (("cardiovascular_disease",), None, ("cardiovascular_disease",)),
        (("hypothyroidism",), None, ()),
        (
            ("cardiovascular_disease",),
            ("opioids",),
            ("cardiovascular_disease", "substance_use"),
        ),
    ],
)
def test_ketamine_also_flags_substance_use_and_cardiovascular_disease(
    comorbidities: tuple[str, ...] | None,
    substances: tuple[str, ...] | None,
    ketamine: tuple[str, ...],
) -> None:
    flags = treatment_flags(only(), comorbidities, substances)
    assert flags == TreatmentFlags((), ketamine, ())


def test_a_no_or_an_unanswered_question_raises_no_flag_but_is_listed_unanswered() -> None:
    answers: dict[str, bool | None] = {**only(), "metal_in_head": None}
    assert treatment_flags(answers, None, None) == TreatmentFlags((), (), ())
    assert unanswered_safety(answers) == ("metal_in_head",)


def test_without_safety_answers_there_are_no_flags_and_everything_is_unanswered() -> None:
    assert treatment_flags(None, ("cardiovascular_disease",), ("alcohol",)) is None
    assert unanswered_safety(None) == SAFETY_KEYS


def test_evaluate_reports_flags_risks_and_gaps() -> None:
    answers: dict[str, Any] = {**only("seizure_history"), "psychosis_history": None}
    facts = history(safety=answers, substance_use=("alcohol",), social_support="limited")
    determination = evaluate(facts, get_profile("clinic-default"))
    assert determination.treatment_flags == TreatmentFlags(
        (), ("substance_use",), ("seizure_history",)
    )
    assert determination.risk_factors == ("limited_social_support", "substance_use")
    assert determination.unanswered_safety == ("psychosis_history",)

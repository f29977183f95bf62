"""The one mapping between intake answers and the engine's facts, tested both ways."""

from decimal import Decimal

from screening import criteria
from screening.intake.facts import (
    IntakeAnswers,
    answers_from_facts,
    facts_from_answers,
)

from .test_services import MEETS

ANSWERS = IntakeAnswers(
    episode={
        "months": 14,
        "onset_age": 16,
        "prior_episodes": 2,
        "psychotic_features": "unsure",
        "hospitalisations": 1,
    },
    treatments={"psychotherapy": "yes", "ect": "no", "tms_before": "no"},
    health={
        "medical_conditions": ["hypothyroidism", "other"],
        "medical_other": "migraine",
        "mental_health_conditions": ["ptsd"],
        "substance_use": ["none"],
        "social_support": "limited",
    },
    safety={**dict.fromkeys(criteria.SAFETY_KEYS, "no"), "metal_in_head": "unsure"},
    trials=[
        {
            "medication": "Lexapro",
            "dose_mg": Decimal("20.00"),
            "weeks": None,
            "adherence": "",
            "improvement": "partial",
            "stopped_for_side_effects": None,
            "current_episode": True,
            "augmented_with": "Abilify",
        }
    ],
    phq9=[1, 2, 1, 2, 0, 1, 1, 0, 0],
    gad7=[1, 1, 2, 1, 0, 0, 1],
)


def test_answers_become_the_engines_facts():
    facts = facts_from_answers(ANSWERS)
    assert facts["episode"] == {
        "months": 14,
        "onset_age": 16,
        "prior_episodes": 2,
        "psychotic_features": None,  # "not sure" is unknown, never a no
    }
    assert facts["trials"] == [
        {
            "medication": "Lexapro",
            "dose_mg": 20.0,
            "weeks": None,  # "I don't know"
            "adherence": None,  # "I don't remember"
            "improvement": "partial",
            "stopped_for_side_effects": None,
            "current_episode": True,
            "augmented_with": "Abilify",
            "total_weeks": None,
        }
    ]
    assert facts["ect"] is False
    # Codes the engine does not know ("other", "none") are not facts; "none" means no substances.
    assert facts["comorbidities"] == ["hypothyroidism", "ptsd"]
    assert facts["substance_use"] == []
    assert facts["social_support"] == "limited"
    assert facts["safety"]["metal_in_head"] is None
    assert facts["safety"]["seizure_history"] is False
    # The result is valid engine input.
    criteria.parse_facts(facts)


def test_steps_not_yet_answered_are_unknown_facts():
    facts = facts_from_answers(IntakeAnswers())
    assert facts["episode"] is None
    assert facts["trials"] == []
    assert facts["ect"] is None
    assert facts["comorbidities"] is None
    assert facts["safety"] is None
    criteria.parse_facts(facts)


def test_facts_to_answers_and_back_is_the_identity_for_the_engines_input():
    round_trip = facts_from_answers(answers_from_facts(MEETS))
    expected = {**MEETS, "comorbidities": sorted(MEETS["comorbidities"])}
    for trial in expected["trials"]:
        trial["dose_mg"] = float(trial["dose_mg"])
        trial.setdefault("total_weeks", None)
    expected.setdefault("psychotherapy", None)
    expected.setdefault("patient", None)
    assert round_trip == expected


def test_engine_v2_facts_round_trip_psychotherapy_age_and_bipolar():
    facts = {
        **MEETS,
        "comorbidities": sorted({*MEETS["comorbidities"], "bipolar"}),
        "psychotherapy": {"weeks": 12, "current_episode": True, "kind": "cbt"},
        "patient": {"age": 67},
    }
    round_trip = facts_from_answers(answers_from_facts(facts))
    assert round_trip["psychotherapy"] == facts["psychotherapy"]
    assert round_trip["patient"] == {"age": 67}
    assert "bipolar" in round_trip["comorbidities"]
    criteria.parse_facts(round_trip)


def test_the_new_questions_become_the_engines_facts():
    answers = IntakeAnswers(
        episode={"months": 3, "psychotic_features": "yes", "bipolar": "unsure"},
        treatments={
            "psychotherapy": "yes",
            "psychotherapy_kind": "unsure",
            "psychotherapy_weeks": 9,
            "psychotherapy_current_episode": "unsure",
            "ect": "no",
        },
        health={"medical_conditions": ["none"], "mental_health_conditions": ["none"]},
        age=40,
    )
    facts = facts_from_answers(answers)
    assert facts["episode"]["psychotic_features"] is True
    # "Not sure" about bipolar disorder is not a diagnosis: no code, and never a "no" either.
    assert facts["comorbidities"] == []
    assert facts["psychotherapy"] == {"weeks": 9, "current_episode": None, "kind": None}
    assert facts["patient"] == {"age": 40}
    no_therapy = facts_from_answers(IntakeAnswers(treatments={"psychotherapy": "no"}))
    assert no_therapy["psychotherapy"] == {"weeks": 0, "current_episode": None, "kind": None}
    yes_bipolar = IntakeAnswers(episode={"bipolar": "yes"}, health={})
    assert facts_from_answers(yes_bipolar)["comorbidities"] == ["bipolar"]
    criteria.parse_facts(facts)


def test_answers_to_facts_and_back_keeps_every_answer_the_engine_reads():
    again = answers_from_facts(facts_from_answers(ANSWERS))
    assert facts_from_answers(again) == facts_from_answers(ANSWERS)
    assert again.trials[0]["medication"] == "Lexapro"
    assert again.episode["psychotic_features"] == "unsure"

"""Rules 1-7 for one trial, at every boundary and for every status and reason (issue 3)."""

from __future__ import annotations

from typing import Any

import pytest

from screening.criteria import MEDICATIONS, PROFILES, Medication, Profile
from screening.criteria.trials import assess_trial

from .builders import trial

INTOLERANCE_COUNTS = Profile(
    name="test-intolerance",
    version=1,
    description="A test profile that counts a trial stopped early for side effects as failed.",
    min_failed_trials=2,
    min_distinct_classes=1,
    min_weeks=6,
    failure_below="response",
    count_intolerance=True,
)


def judged(profile: Profile | str = "clinic-default", **overrides: Any) -> tuple[str, list[str]]:
    chosen = PROFILES[profile] if isinstance(profile, str) else profile
    assessment = assess_trial(trial(**overrides), chosen)
    return assessment.status, list(assessment.reasons)


RULE_CASES: list[tuple[str, dict[str, Any], str, list[str]]] = [
    # The default builder: sertraline 100 mg (minimum 50), 8 weeks, all doses, no improvement.
    ("adequate and no better", {}, "failed", ["improvement_none"]),
    # Rule 1: only the current episode; a missing answer means the current one.
    ("earlier episode", {"current_episode": False}, "excluded", ["not_current_episode"]),
    ("episode not said", {"current_episode": None}, "failed", ["improvement_none"]),
    (
        "earlier episode wins over everything else",
        {"current_episode": False, "medication": "xyzzy", "dose_mg": 1, "weeks": 1},
        "excluded",
        ["not_current_episode"],
    ),
    # Rule 2: augmenters and other known non-antidepressants.
    ("augmenter", {"medication": "Abilify"}, "not_antidepressant", ["augmenting_agent"]),
    ("augmenter generic", {"medication": "lithium"}, "not_antidepressant", ["augmenting_agent"]),
    ("sleep product", {"medication": "Silenor"}, "not_antidepressant", ["sleep_product"]),
    (
        "sleep product at a low dose",
        {"medication": "Silenor", "dose_mg": 6},
        "not_antidepressant",
        ["sleep_product"],
    ),
    # Rule 3: the catalogue must know the medication.
    ("unrecognised", {"medication": "xyzzy"}, "unknown", ["medication_unrecognized"]),
    ("no name given", {"medication": None}, "unknown", ["medication_missing"]),
    ("blank name", {"medication": "   "}, "unknown", ["medication_missing"]),
    (
        "unrecognised beats a known inadequacy",
        {"medication": "xyzzy", "weeks": 2},
        "unknown",
        ["medication_unrecognized"],
    ),
    # Rule 4: stopped for side effects before min_weeks.
    (
        "stopped early",
        {"stopped_for_side_effects": True, "weeks": 3},
        "inadequate",
        ["stopped_for_side_effects"],
    ),
    (
        "stopped just before min_weeks",
        {"stopped_for_side_effects": True, "weeks": 5.9},
        "inadequate",
        ["stopped_for_side_effects"],
    ),
    (
        "stopped at exactly min_weeks",
        {"stopped_for_side_effects": True, "weeks": 6},
        "failed",
        ["improvement_none"],
    ),
    (
        "stopped early is the reason even with a low dose",
        {"stopped_for_side_effects": True, "weeks": 3, "dose_mg": 25},
        "inadequate",
        ["stopped_for_side_effects"],
    ),
    (
        "stopped, length unknown",
        {"stopped_for_side_effects": True, "weeks": None},
        "unknown",
        ["weeks_unknown"],
    ),
    (
        "short, stop reason unknown",
        {"stopped_for_side_effects": None, "weeks": 3},
        "inadequate",
        ["too_short"],
    ),
    # Rule 5: dose, weeks, adherence; the minimum itself is adequate.
    ("dose just below minimum", {"dose_mg": 49.9}, "inadequate", ["dose_below_minimum"]),
    ("dose at minimum", {"dose_mg": 50}, "failed", ["improvement_none"]),
    ("dose zero", {"dose_mg": 0}, "inadequate", ["dose_below_minimum"]),
    ("weeks just below", {"weeks": 5.9}, "inadequate", ["too_short"]),
    ("weeks one below", {"weeks": 5}, "inadequate", ["too_short"]),
    ("weeks at minimum", {"weeks": 6}, "failed", ["improvement_none"]),
    ("adherence most", {"adherence": "most"}, "failed", ["improvement_none"]),
    ("adherence some", {"adherence": "some"}, "inadequate", ["poor_adherence"]),
    ("adherence rarely", {"adherence": "rarely"}, "inadequate", ["poor_adherence"]),
    (
        "every condition fails",
        {"dose_mg": 25, "weeks": 2, "adherence": "rarely"},
        "inadequate",
        ["dose_below_minimum", "poor_adherence", "too_short"],
    ),
    (
        "not stopped, short and low",
        {"stopped_for_side_effects": False, "weeks": 3, "dose_mg": 25},
        "inadequate",
        ["dose_below_minimum", "too_short"],
    ),
    # Rules 5 before 6: a known inadequacy settles it even when other facts are missing.
    (
        "low dose, weeks missing",
        {"dose_mg": 25, "weeks": None},
        "inadequate",
        ["dose_below_minimum"],
    ),
    ("short, dose missing", {"dose_mg": None, "weeks": 2}, "inadequate", ["too_short"]),
    (
        "poor adherence, dose and weeks missing",
        {"adherence": "some", "dose_mg": None, "weeks": None},
        "inadequate",
        ["poor_adherence"],
    ),
    (
        "low dose, improvement missing",
        {"dose_mg": 25, "improvement": None},
        "inadequate",
        ["dose_below_minimum"],
    ),
    (
        "low dose, response",
        {"dose_mg": 25, "improvement": "response"},
        "inadequate",
        ["dose_below_minimum"],
    ),
    # Rule 6: a fact needed for adequacy is missing.
    ("dose missing", {"dose_mg": None}, "unknown", ["dose_unknown"]),
    ("weeks missing", {"weeks": None}, "unknown", ["weeks_unknown"]),
    ("adherence missing", {"adherence": None}, "unknown", ["adherence_unknown"]),
    (
        "all three missing",
        {"dose_mg": None, "weeks": None, "adherence": None},
        "unknown",
        ["adherence_unknown", "dose_unknown", "weeks_unknown"],
    ),
    (
        "dose and improvement missing",
        {"dose_mg": None, "improvement": None},
        "unknown",
        ["dose_unknown", "improvement_unknown"],
    ),
    (
        "dose missing, responded",
        {"dose_mg": None, "improvement": "response"},
        "unknown",
        ["dose_unknown"],
    ),
    # Rule 7: improvement against the failure line (clinic-default: below "response").
    ("partial improvement", {"improvement": "partial"}, "failed", ["improvement_partial"]),
    ("response", {"improvement": "response"}, "responded", ["improvement_response"]),
    ("remission", {"improvement": "remission"}, "responded", ["improvement_remission"]),
    ("improvement missing", {"improvement": None}, "unknown", ["improvement_unknown"]),
    # Issue 15, titration: ``weeks`` at the highest dose, ``total_weeks`` on the medicine.
    (
        "4 weeks at dose, 6 in all",
        {"weeks": 4, "total_weeks": 6},
        "unknown",
        ["weeks_at_dose_unclear"],
    ),
    ("4 weeks at dose, 5.9 in all", {"weeks": 4, "total_weeks": 5.9}, "inadequate", ["too_short"]),
    ("6 weeks at dose, 10 in all", {"weeks": 6, "total_weeks": 10}, "failed", ["improvement_none"]),
    (
        "titration with the dose below the minimum",
        {"weeks": 4, "total_weeks": 12, "dose_mg": 25},
        "inadequate",
        ["dose_below_minimum"],
    ),
    (
        "titration with the dose missing",
        {"weeks": 4, "total_weeks": 12, "dose_mg": None},
        "unknown",
        ["dose_unknown", "weeks_at_dose_unclear"],
    ),
    (
        "titration taken rarely",
        {"weeks": 4, "total_weeks": 12, "adherence": "rarely"},
        "inadequate",
        ["poor_adherence"],
    ),
    (
        "weeks at dose missing, too short in all",
        {"weeks": None, "total_weeks": 5},
        "inadequate",
        ["too_short"],
    ),
    (
        "weeks at dose missing, long enough in all",
        {"weeks": None, "total_weeks": 8},
        "unknown",
        ["weeks_unknown"],
    ),
    (
        "stopped for side effects at 4 weeks at dose after 8 on it",
        {"weeks": 4, "total_weeks": 8, "stopped_for_side_effects": True},
        "unknown",
        ["weeks_at_dose_unclear"],
    ),
    # Issue 15: medicines recognised as not antidepressant trials.
    ("Spravato", {"medication": "Spravato"}, "not_antidepressant", ["ketamine_or_esketamine"]),
    ("ketamine", {"medication": "ketamine"}, "not_antidepressant", ["ketamine_or_esketamine"]),
    ("Xanax", {"medication": "Xanax"}, "not_antidepressant", ["anxiety_or_sleep_medicine"]),
    ("Adderall", {"medication": "Adderall"}, "not_antidepressant", ["stimulant"]),
    ("gabapentin", {"medication": "gabapentin"}, "not_antidepressant", ["anticonvulsant"]),
    # Misspellings stay unrecognised: suggestions are for the intake, never for the verdict.
    ("trazadone", {"medication": "trazadone"}, "unknown", ["medication_unrecognized"]),
    ("setraline", {"medication": "setraline"}, "unknown", ["medication_unrecognized"]),
    ("welbutrin", {"medication": "welbutrin"}, "unknown", ["medication_unrecognized"]),
]


@pytest.mark.parametrize(
    ("overrides", "status", "reasons"),
    [pytest.param(o, s, r, id=name) for name, o, s, r in RULE_CASES],
)
def test_rules_under_the_clinic_default(
    overrides: dict[str, Any], status: str, reasons: list[str]
) -> None:
    assert judged(**overrides) == (status, reasons)


@pytest.mark.parametrize(
    ("profile", "improvement", "status"),
    [
        ("clinic-default", "none", "failed"),
        ("clinic-default", "partial", "failed"),
        ("clinic-default", "response", "responded"),
        ("fda-2019", "partial", "failed"),
        ("fda-2019", "response", "responded"),
        ("seed-article", "partial", "failed"),
        ("atrq-strict", "none", "failed"),
        ("atrq-strict", "partial", "responded"),  # 25 % or less only: "partial" is not a failure
        ("atrq-strict", "remission", "responded"),
    ],
)
def test_the_failure_line_follows_the_profile(profile: str, improvement: str, status: str) -> None:
    assert judged(profile, improvement=improvement)[0] == status


INTOLERANCE_CASES: list[tuple[str, dict[str, Any], str, list[str]]] = [
    (
        "stopped early counts as failed",
        {"stopped_for_side_effects": True, "weeks": 2},
        "failed",
        ["intolerance_counted"],
    ),
    (
        "whatever the dose reached",
        {"stopped_for_side_effects": True, "weeks": 2, "dose_mg": 25, "improvement": None},
        "failed",
        ["intolerance_counted"],
    ),
    (
        "short, stop reason unknown",
        {"stopped_for_side_effects": None, "weeks": 2},
        "unknown",
        ["stop_reason_unknown"],
    ),
    (
        "stopped, length unknown, low dose",
        {"stopped_for_side_effects": True, "weeks": None, "dose_mg": 25},
        "unknown",
        ["weeks_unknown"],
    ),
    (
        "neither known",
        {"stopped_for_side_effects": None, "weeks": None},
        "unknown",
        ["stop_reason_unknown", "weeks_unknown"],
    ),
    (
        "short without side effects",
        {"stopped_for_side_effects": False, "weeks": 2},
        "inadequate",
        ["too_short"],
    ),
    (
        "stopped at min_weeks is an ordinary trial",
        {"stopped_for_side_effects": True, "weeks": 6, "improvement": "response"},
        "responded",
        ["improvement_response"],
    ),
    (
        "an earlier episode still does not count",
        {"stopped_for_side_effects": True, "weeks": 2, "current_episode": False},
        "excluded",
        ["not_current_episode"],
    ),
]


@pytest.mark.parametrize(
    ("overrides", "status", "reasons"),
    [pytest.param(o, s, r, id=name) for name, o, s, r in INTOLERANCE_CASES],
)
def test_rule_4_when_the_profile_counts_intolerance(
    overrides: dict[str, Any], status: str, reasons: list[str]
) -> None:
    assert judged(INTOLERANCE_COUNTS, **overrides) == (status, reasons)


@pytest.mark.parametrize("medication", MEDICATIONS, ids=lambda m: m.generic)
def test_every_minimum_dose_is_inclusive(medication: Medication) -> None:
    name = medication.brands[0] if medication.brands else medication.generic
    at_minimum = judged(medication=name, dose_mg=medication.min_dose_mg)
    below = judged(medication=name, dose_mg=medication.min_dose_mg - 0.5)
    assert at_minimum == ("failed", ["improvement_none"])
    assert below == ("inadequate", ["dose_below_minimum"])


@pytest.mark.parametrize(
    ("medication", "dose_mg", "status"),
    [
        ("Paxil", 20, "failed"),
        ("Paxil CR", 20, "inadequate"),
        ("Paxil CR", 25, "failed"),
        ("Emsam", 5.9, "inadequate"),
        ("Emsam", 6, "failed"),
        ("trazodone", 100, "inadequate"),  # a sleep dose
        ("Zyban", 300, "failed"),
        ("Effexor XR", 75, "inadequate"),  # the ATRQ worked example: 75 mg is too low
    ],
)
def test_form_specific_minimums(medication: str, dose_mg: float, status: str) -> None:
    assert judged(medication=medication, dose_mg=dose_mg)[0] == status


def test_the_assessment_echoes_the_facts_for_staff() -> None:
    assessment = assess_trial(
        trial(medication=" effexor xr ", dose_mg=150, weeks=7, augmented_with=("Abilify",)),
        PROFILES["clinic-default"],
    )
    assert assessment.medication == "venlafaxine"
    assert assessment.drug_class == "snri"
    assert (assessment.dose_mg, assessment.min_dose_mg, assessment.dose_unit) == (
        150,
        150,
        "mg/day",
    )
    assert (assessment.weeks, assessment.adherence, assessment.improvement) == (7, "all", "none")
    assert assessment.augmented_with == ("Abilify",)
    assert assessment.to_json() == {
        "medication": "venlafaxine",
        "class": "snri",
        "status": "failed",
        "reasons": ["improvement_none"],
    }


def test_an_unrecognised_medication_is_shown_as_typed_without_a_class() -> None:
    assessment = assess_trial(trial(medication="Mystery XR 20"), PROFILES["clinic-default"])
    assert (assessment.medication, assessment.drug_class) == ("Mystery XR 20", None)
    assert (assessment.min_dose_mg, assessment.dose_unit) == (None, None)


def test_an_augmenter_listed_as_a_trial_has_its_generic_name_but_no_class() -> None:
    assessment = assess_trial(trial(medication="Abilify"), PROFILES["clinic-default"])
    assert (assessment.medication, assessment.drug_class) == ("aripiprazole", None)

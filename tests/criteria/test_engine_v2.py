"""Issue 15's rules over whole histories: repeats, bipolar and psychosis, titration, augmentation,
psychotherapy, clinician-rated severity, the payer and label profiles, and the two new output
lists (``review_reasons``, ``missing_evidence``), at every boundary."""

from __future__ import annotations

from typing import Any

import pytest

from screening.criteria import (
    PROFILES,
    ClinicianScales,
    Episode,
    Patient,
    Psychotherapy,
    evaluate,
    evaluate_all,
    evidence_text,
    get_profile,
)

from .builders import history, trial
from .test_verdict import SNRI, SSRI, SSRI_2

NDRI = trial(medication="Wellbutrin XL", dose_mg=300)
WEEKS_MISSING = trial(medication="Cymbalta", dose_mg=60, weeks=None)
SEVERE = ClinicianScales(madrs=30)
SIX_WEEKS_CBT = Psychotherapy(weeks=6, current_episode=True, kind="cbt")
BIPOLAR = {"comorbidities": ("bipolar",)}
PSYCHOSIS = {"episode": Episode(psychotic_features=True)}
FOUR_FROM_TWO_CLASSES = (SSRI, SSRI_2, SNRI, trial(medication="Pristiq", dose_mg=50))


def augmented(base: Any, *names: str) -> Any:
    return trial(**{**_fields(base), "augmented_with": names})


def _fields(base: Any) -> dict[str, Any]:
    return {
        name: getattr(base, name)
        for name in ("medication", "dose_mg", "weeks", "adherence", "improvement")
    }


# (id, trials, other facts, profile, verdict, adequate failed, review_reasons, missing_evidence)
CASES: list[tuple[str, tuple[Any, ...], dict[str, Any], str, str, int, list[str], list[str]]] = [
    # Same medicine twice counts once.
    (
        "Paxil and Pexeva are one molecule",
        (trial(medication="Paxil", dose_mg=20), trial(medication="Pexeva", dose_mg=20)),
        {},
        "fda-2019",
        "does_not_meet",
        1,
        [],
        ["failed_trials_short_by_1"],
    ),
    (
        "Wellbutrin SR and XL are one molecule",
        (trial(medication="Wellbutrin SR", dose_mg=300), NDRI),
        {},
        "fda-2019",
        "does_not_meet",
        1,
        [],
        ["failed_trials_short_by_1"],
    ),
    (
        "paroxetine and paroxetine CR are one molecule",
        (trial(medication="paroxetine", dose_mg=20), trial(medication="Paxil CR", dose_mg=25)),
        {},
        "fda-2019",
        "does_not_meet",
        1,
        [],
        ["failed_trials_short_by_1"],
    ),
    (
        "Prozac then Symbyax: Symbyax is fluoxetine",
        (SSRI_2, trial(medication="Symbyax", dose_mg=25)),
        {},
        "fda-2019",
        "does_not_meet",
        1,
        [],
        ["failed_trials_short_by_1"],
    ),
    ("two different SSRIs count twice", (SSRI, SSRI_2), {}, "fda-2019", "meets", 2, [], []),
    (
        "a repeat beside two classes still meets",
        (SSRI, trial(medication="Zoloft", dose_mg=150), SNRI),
        {},
        "clinic-default",
        "meets",
        2,
        [],
        [],
    ),
    # Bipolar disorder or psychotic features stop an automatic "meets".
    (
        "bipolar turns meets into needs_review",
        (SSRI, SNRI),
        BIPOLAR,
        "clinic-default",
        "needs_review",
        2,
        ["bipolar_disorder_reported"],
        [],
    ),
    (
        "psychotic features turn meets into needs_review",
        (SSRI, SNRI),
        PSYCHOSIS,
        "clinic-default",
        "needs_review",
        2,
        ["psychotic_features_reported"],
        [],
    ),
    (
        "both are reported",
        (SSRI, SNRI),
        {**BIPOLAR, **PSYCHOSIS},
        "fda-2019",
        "needs_review",
        2,
        ["bipolar_disorder_reported", "psychotic_features_reported"],
        [],
    ),
    (
        "psychotic features not known: meets",
        (SSRI, SNRI),
        {"episode": Episode(psychotic_features=None)},
        "clinic-default",
        "meets",
        2,
        [],
        [],
    ),
    (
        "other psychiatric comorbidities: meets",
        (SSRI, SNRI),
        {"comorbidities": ("ptsd", "generalized_anxiety")},
        "clinic-default",
        "meets",
        2,
        [],
        [],
    ),
    (
        "bipolar and not meeting stays does_not_meet",
        (SSRI,),
        BIPOLAR,
        "clinic-default",
        "does_not_meet",
        1,
        [],
        ["classes_short_by_1", "failed_trials_short_by_1"],
    ),
    (
        "bipolar with an unknown that could meet",
        (SSRI, WEEKS_MISSING),
        BIPOLAR,
        "clinic-default",
        "needs_review",
        1,
        ["bipolar_disorder_reported", "trial_2_weeks_unknown"],
        ["classes_short_by_1", "failed_trials_short_by_1"],
    ),
    # Titration.
    (
        "weeks at dose unclear could be the second failure",
        (SSRI, trial(medication="Effexor", dose_mg=150, weeks=3, total_weeks=9)),
        {},
        "clinic-default",
        "needs_review",
        1,
        ["trial_2_weeks_at_dose_unclear"],
        ["classes_short_by_1", "failed_trials_short_by_1"],
    ),
    (
        "titration adds its weeks on the medicine to the total",
        (trial(weeks=20), trial(medication="Effexor", dose_mg=150, weeks=3, total_weeks=6)),
        {},
        "seed-article",
        "needs_review",
        1,
        ["trial_2_weeks_at_dose_unclear"],
        ["classes_short_by_1", "failed_trials_short_by_1", "total_weeks_short_by_6"],
    ),
    (
        "seed-article: 10 + 9 weeks is 7 short of 26",
        (trial(weeks=10), trial(medication="Effexor", dose_mg=150, weeks=9)),
        {},
        "seed-article",
        "does_not_meet",
        2,
        [],
        ["total_weeks_short_by_7"],
    ),
    (
        "seed-article: 25.5 weeks rounds the shortfall up to 1",
        (trial(weeks=19.5), trial(medication="Effexor", dose_mg=150, weeks=6)),
        {},
        "seed-article",
        "does_not_meet",
        2,
        [],
        ["total_weeks_short_by_1"],
    ),
    # Augmentation counts only when it is one (bcbsma-spravato asks for one augmented failure).
    (
        "bcbsma: four from two classes, one augmented, MADRS 30",
        (augmented(SSRI, "Abilify"), *FOUR_FROM_TWO_CLASSES[1:]),
        {"clinician_scales": SEVERE},
        "bcbsma-spravato",
        "meets",
        4,
        [],
        [],
    ),
    (
        "bcbsma: 'none' is not augmentation",
        (augmented(SSRI, "none"), *FOUR_FROM_TWO_CLASSES[1:]),
        {"clinician_scales": SEVERE},
        "bcbsma-spravato",
        "does_not_meet",
        4,
        [],
        ["augmentation_trial"],
    ),
    (
        "bcbsma: melatonin is not augmentation",
        (augmented(SSRI, "melatonin"), *FOUR_FROM_TWO_CLASSES[1:]),
        {"clinician_scales": SEVERE},
        "bcbsma-spravato",
        "does_not_meet",
        4,
        [],
        ["augmentation_trial"],
    ),
    (
        "bcbsma: a misspelt augmenter is not augmentation either",
        (augmented(SSRI, "abilfy"), *FOUR_FROM_TWO_CLASSES[1:]),
        {"clinician_scales": SEVERE},
        "bcbsma-spravato",
        "does_not_meet",
        4,
        [],
        ["augmentation_trial"],
    ),
    (
        "bcbsma: Symbyax brings its olanzapine",
        (
            trial(medication="Symbyax", dose_mg=25),
            SSRI,
            SNRI,
            trial(medication="Pristiq", dose_mg=50),
        ),
        {"clinician_scales": SEVERE},
        "bcbsma-spravato",
        "meets",
        4,
        [],
        [],
    ),
    (
        "bcbsma: an augmented retry of a molecule is the augmentation trial",
        (*FOUR_FROM_TWO_CLASSES, augmented(SSRI, "lithium")),
        {"clinician_scales": SEVERE},
        "bcbsma-spravato",
        "meets",
        4,
        [],
        [],
    ),
    (
        "bcbsma: three failures and no augmentation",
        FOUR_FROM_TWO_CLASSES[:3],
        {"clinician_scales": SEVERE},
        "bcbsma-spravato",
        "does_not_meet",
        3,
        [],
        ["augmentation_trial", "failed_trials_short_by_1"],
    ),
    # Clinician-rated severity: met when ANY listed score reaches its threshold.
    (
        "bcbsma: MADRS 28 is enough",
        (augmented(SSRI, "Abilify"), *FOUR_FROM_TWO_CLASSES[1:]),
        {"clinician_scales": ClinicianScales(madrs=28, hamd17=3)},
        "bcbsma-spravato",
        "meets",
        4,
        [],
        [],
    ),
    (
        "bcbsma: HAM-D-17 17 is enough",
        (augmented(SSRI, "Abilify"), *FOUR_FROM_TWO_CLASSES[1:]),
        {"clinician_scales": ClinicianScales(madrs=10, hamd17=17)},
        "bcbsma-spravato",
        "meets",
        4,
        [],
        [],
    ),
    (
        "bcbsma: MADRS 27 and HAM-D-17 16 are not",
        (augmented(SSRI, "Abilify"), *FOUR_FROM_TWO_CLASSES[1:]),
        {"clinician_scales": ClinicianScales(madrs=27, hamd17=16)},
        "bcbsma-spravato",
        "does_not_meet",
        4,
        [],
        ["clinician_severity_score"],
    ),
    (
        "bcbsma: no clinician score yet goes to review",
        (augmented(SSRI, "Abilify"), *FOUR_FROM_TWO_CLASSES[1:]),
        {},
        "bcbsma-spravato",
        "needs_review",
        4,
        ["clinician_severity_missing"],
        ["clinician_severity_score"],
    ),
    (
        "bcbsma: MADRS below, HAM-D not yet rated: it could reach",
        (augmented(SSRI, "Abilify"), *FOUR_FROM_TWO_CLASSES[1:]),
        {"clinician_scales": ClinicianScales(madrs=20)},
        "bcbsma-spravato",
        "needs_review",
        4,
        ["clinician_severity_missing"],
        ["clinician_severity_score"],
    ),
    (
        "bcbsma: a missing score cannot make up for missing trials",
        (SSRI,),
        {},
        "bcbsma-spravato",
        "does_not_meet",
        1,
        [],
        [
            "augmentation_trial",
            "classes_short_by_1",
            "clinician_severity_score",
            "failed_trials_short_by_3",
        ],
    ),
    # Psychotherapy (blue-tms asks for six weeks in the current episode).
    (
        "blue-tms: two classes and six weeks of CBT",
        (SSRI, SNRI),
        {"psychotherapy": SIX_WEEKS_CBT},
        "blue-tms",
        "meets",
        2,
        [],
        [],
    ),
    (
        "blue-tms: five weeks are one short",
        (SSRI, SNRI),
        {"psychotherapy": Psychotherapy(weeks=5, current_episode=True, kind="ipt")},
        "blue-tms",
        "does_not_meet",
        2,
        [],
        ["psychotherapy_weeks_short_by_1"],
    ),
    (
        "blue-tms: two weeks are four short",
        (SSRI, SNRI),
        {"psychotherapy": Psychotherapy(weeks=2)},
        "blue-tms",
        "does_not_meet",
        2,
        [],
        ["psychotherapy_weeks_short_by_4"],
    ),
    (
        "blue-tms: psychotherapy not asked goes to review",
        (SSRI, SNRI),
        {},
        "blue-tms",
        "needs_review",
        2,
        ["psychotherapy_unknown"],
        ["psychotherapy_weeks_short_by_6"],
    ),
    (
        "blue-tms: psychotherapy weeks not known go to review",
        (SSRI, SNRI),
        {"psychotherapy": Psychotherapy(weeks=None, kind="other")},
        "blue-tms",
        "needs_review",
        2,
        ["psychotherapy_unknown"],
        ["psychotherapy_weeks_short_by_6"],
    ),
    (
        "blue-tms: therapy in an earlier episode does not count",
        (SSRI, SNRI),
        {"psychotherapy": Psychotherapy(weeks=20, current_episode=False)},
        "blue-tms",
        "does_not_meet",
        2,
        [],
        ["psychotherapy_weeks_short_by_6"],
    ),
    (
        "blue-tms: episode not said counts as the current one",
        (SSRI, SNRI),
        {"psychotherapy": Psychotherapy(weeks=6, current_episode=None)},
        "blue-tms",
        "meets",
        2,
        [],
        [],
    ),
    (
        "blue-tms: one class is one short",
        (SSRI, SSRI_2),
        {"psychotherapy": SIX_WEEKS_CBT},
        "blue-tms",
        "does_not_meet",
        2,
        [],
        ["classes_short_by_1"],
    ),
    # The labels.
    ("spravato-label: two of one class", (SSRI, SSRI_2), {}, "spravato-label", "meets", 2, [], []),
    (
        "spravato-label: one failure",
        (SSRI,),
        {},
        "spravato-label",
        "does_not_meet",
        1,
        [],
        ["failed_trials_short_by_1"],
    ),
    ("tms-clearance: one failure", (SSRI,), {}, "tms-clearance", "meets", 1, [], []),
    (
        "tms-clearance: none",
        (trial(improvement="response"),),
        {},
        "tms-clearance",
        "does_not_meet",
        0,
        [],
        ["failed_trials_short_by_1"],
    ),
    (
        "tms-clearance: an unrecognised medicine could be the one",
        (trial(medication="xyzzy"),),
        {},
        "tms-clearance",
        "needs_review",
        0,
        ["trial_1_medication_unrecognized"],
        ["failed_trials_short_by_1"],
    ),
]


@pytest.mark.parametrize(
    ("trials", "other", "profile", "verdict", "count", "review", "missing"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_issue_15_rules(
    trials: tuple[Any, ...],
    other: dict[str, Any],
    profile: str,
    verdict: str,
    count: int,
    review: list[str],
    missing: list[str],
) -> None:
    determination = evaluate(history(*trials, **other), get_profile(profile))
    assert determination.verdict == verdict
    assert determination.adequate_failed_trials == count
    assert list(determination.review_reasons) == review
    assert list(determination.missing_evidence) == missing
    output = determination.to_json()
    assert (output["review_reasons"], output["missing_evidence"]) == (review, missing)


def test_a_repeat_keeps_failed_and_says_why_it_is_not_counted_again() -> None:
    determination = evaluate(
        history(trial(medication="Paxil", dose_mg=20), trial(medication="Pexeva", dose_mg=20)),
        get_profile("fda-2019"),
    )
    first, repeat = determination.trials
    assert (first.status, first.reasons) == ("failed", ("improvement_none",))
    assert (repeat.status, repeat.reasons) == (
        "failed",
        ("improvement_none", "repeat_of_earlier_trial"),
    )
    assert first.molecule == repeat.molecule == "paroxetine"


def test_bipolar_keeps_the_reasons_for_the_count_and_adds_its_own() -> None:
    determination = evaluate(history(SSRI, SNRI, **BIPOLAR), get_profile("clinic-default"))
    assert determination.verdict_reasons == ("criteria_met", "bipolar_disorder_reported")


def test_augmentation_text_that_names_no_augmenter_is_kept_for_staff() -> None:
    determination = evaluate(
        history(augmented(SSRI, "Abilify", "none", "melatonin")), get_profile("fda-2019")
    )
    (assessment,) = determination.trials
    assert assessment.augmenters == ("aripiprazole",)
    assert assessment.augmentation_not_counted == ("none", "melatonin")
    assert assessment.augmented_with == ("Abilify", "none", "melatonin")


def test_symbyax_is_a_fluoxetine_trial_augmented_with_olanzapine() -> None:
    (assessment,) = evaluate(
        history(trial(medication="Symbyax", dose_mg=25)), get_profile("fda-2019")
    ).trials
    assert (assessment.medication, assessment.molecule, assessment.drug_class) == (
        "olanzapine-fluoxetine",
        "fluoxetine",
        "ssri",
    )
    assert assessment.augmenters == ("olanzapine",)
    assert assessment.status == "failed"


@pytest.mark.parametrize(
    ("age", "safety", "spravato"),
    [
        (64, {}, []),
        (65, {}, ["age_65_or_over"]),
        (90, {"aneurysm_or_avm": True}, ["age_65_or_over", "aneurysm_or_avm"]),
        (None, {}, []),
    ],
)
def test_spravato_flags_age_65_or_over_for_the_clinician(
    age: int | None, safety: dict[str, bool], spravato: list[str]
) -> None:
    determination = evaluate(
        history(SSRI, patient=Patient(age=age), safety=safety), get_profile("spravato-label")
    )
    assert determination.treatment_flags is not None
    assert list(determination.treatment_flags.spravato) == spravato
    assert determination.verdict == "does_not_meet"  # a flag, never an exclusion


def test_age_alone_raises_no_flags_while_the_safety_questions_are_unanswered() -> None:
    # Flags that are not None tell the next steps the safety questions were asked.
    determination = evaluate(history(patient=Patient(age=70)), get_profile("clinic-default"))
    assert determination.treatment_flags is None


def test_evaluate_all_gives_every_profile_what_evaluate_gives() -> None:
    facts = history(
        SSRI,
        augmented(SNRI, "Abilify"),
        WEEKS_MISSING,
        trial(medication="Paxil", dose_mg=20),
        trial(medication="Pexeva", dose_mg=10),
        psychotherapy=Psychotherapy(weeks=3),
        clinician_scales=ClinicianScales(hamd17=20),
        **BIPOLAR,
    )
    everything = evaluate_all(facts)
    assert list(everything) == list(PROFILES)
    for name, profile in PROFILES.items():
        assert everything[name] == evaluate(facts, profile), name


def test_meets_has_empty_lists_and_only_needs_review_has_review_reasons() -> None:
    meets = evaluate(history(SSRI, SNRI), get_profile("clinic-default"))
    assert (meets.review_reasons, meets.missing_evidence) == ((), ())
    not_met = evaluate(history(SSRI, trial(medication="xyzzy", weeks=2)), get_profile("fda-2019"))
    assert not_met.verdict == "does_not_meet"
    assert not_met.review_reasons == ()


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("failed_trials_short_by_2", "2 more adequate failed trial(s) of a different medicine"),
        ("classes_short_by_1", "Failed trials from 1 more medication class(es)"),
        ("total_weeks_short_by_7", "7 more weeks in total across the failed trials"),
        ("augmentation_trial", "A failed trial with a recognised augmenting medicine"),
        ("augmented_trials_short_by_2", "2 more failed trials with a recognised augmenting"),
        ("psychotherapy_weeks_short_by_4", "4 more weeks of psychotherapy in this episode"),
        ("clinician_severity_score", "A clinician-rated MADRS or HAM-D score"),
        ("trial_2_weeks_unknown", "Trial 2: Length of the trial not given"),
        ("bipolar_disorder_reported", "Bipolar disorder reported"),
        ("psychotherapy_unknown", "Psychotherapy in this episode is not known"),
        ("something_new_3", "something_new_3"),
    ],
)
def test_every_review_and_evidence_code_reads_as_words(code: str, text: str) -> None:
    assert evidence_text(code).startswith(text)

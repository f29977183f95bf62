"""The catalogue matches clinical-reference.md §2, and every name a patient types finds it."""

from __future__ import annotations

from pathlib import Path

import pytest

from screening.criteria import (
    AUGMENTERS,
    CLASS_CODES,
    CLASS_LABELS,
    MEDICATIONS,
    Medication,
    OtherAgent,
    catalogue,
    is_augmenter,
    lookup,
    reasons,
    resolve_medication,
    suggestion_names,
)

# clinical-reference.md §2, typed in again by hand so a change to the catalogue has to be made
# twice: generic -> (class, minimum mg/day, brands).
REFERENCE_TABLE = {
    "fluoxetine": ("ssri", 20, ("Prozac", "Sarafem")),
    "sertraline": ("ssri", 50, ("Zoloft",)),
    "paroxetine": ("ssri", 20, ("Paxil", "Pexeva")),
    "paroxetine CR": ("ssri", 25, ("Paxil CR",)),
    "citalopram": ("ssri", 20, ("Celexa",)),
    "escitalopram": ("ssri", 10, ("Lexapro",)),
    "fluvoxamine": ("ssri", 50, ("Luvox",)),
    "venlafaxine": ("snri", 150, ("Effexor", "Effexor XR")),
    "desvenlafaxine": ("snri", 50, ("Pristiq",)),
    "duloxetine": ("snri", 60, ("Cymbalta",)),
    "levomilnacipran": ("snri", 40, ("Fetzima",)),
    "milnacipran": ("snri", 100, ("Savella",)),
    "amitriptyline": ("tca", 150, ("Elavil", "Endep")),
    "nortriptyline": ("tca", 75, ("Pamelor", "Aventyl")),
    "imipramine": ("tca", 150, ("Tofranil", "Tofranil-PM")),
    "desipramine": ("tca", 150, ("Norpramin",)),
    "clomipramine": ("tca", 150, ("Anafranil",)),
    "doxepin": ("tca", 150, ("Sinequan", "Adapin")),
    "protriptyline": ("tca", 30, ("Vivactil",)),
    "trimipramine": ("tca", 150, ("Surmontil",)),
    "amoxapine": ("tca", 150, ("Asendin",)),
    "maprotiline": ("tca", 150, ("Ludiomil",)),
    "phenelzine": ("maoi", 45, ("Nardil",)),
    "tranylcypromine": ("maoi", 30, ("Parnate",)),
    "isocarboxazid": ("maoi", 30, ("Marplan",)),
    "selegiline transdermal": ("maoi", 6, ("Emsam",)),
    "bupropion": (
        "ndri",
        300,
        ("Wellbutrin", "Wellbutrin SR", "Wellbutrin XL", "Aplenzin", "Forfivo XL", "Zyban"),
    ),
    "mirtazapine": ("nassa", 15, ("Remeron",)),
    "trazodone": ("sari", 300, ("Desyrel",)),
    "nefazodone": ("sari", 300, ("Serzone",)),
    "vilazodone": ("serotonin_modulator", 40, ("Viibryd",)),
    "vortioxetine": ("serotonin_modulator", 10, ("Trintellix", "Brintellix")),
    # Issue 15 (clinical-reference.md §7): the label's recommended daily dose, ⚠ to confirm.
    "dextromethorphan-bupropion": ("nmda_antagonist", 90, ("Auvelity",)),
    "gepirone": ("serotonin_1a_agonist", 18.2, ("Exxua", "Travivo")),
    "olanzapine-fluoxetine": ("ssri", 25, ("Symbyax",)),
}
AUGMENTER_TABLE = {
    "aripiprazole": "Abilify",
    "brexpiprazole": "Rexulti",
    "cariprazine": "Vraylar",
    "quetiapine": "Seroquel",
    "olanzapine": "Zyprexa",
    "lithium": "Lithobid",
    "liothyronine": "Cytomel",
    "risperidone": "Risperdal",  # issue 15: added with its source (CANMAT 2016)
}

NAME_CASES = [
    (generic, name)
    for generic, (_, _, brands) in REFERENCE_TABLE.items()
    for name in (generic, *brands)
]


def messy(name: str) -> list[str]:
    """Ways a patient might type ``name``: case, spaces, hyphens."""
    return [name.upper(), name.lower(), f"  {name}  ", name.replace(" ", "-"), name.title()]


def test_the_catalogue_is_the_reference_table() -> None:
    catalogue_table = {m.generic: (m.drug_class, m.min_dose_mg, m.brands) for m in MEDICATIONS}
    assert catalogue_table == REFERENCE_TABLE


@pytest.mark.parametrize(("generic", "name"), NAME_CASES)
def test_every_generic_and_brand_name_resolves(generic: str, name: str) -> None:
    for spelling in (name, *messy(name)):
        medication = resolve_medication(spelling)
        assert medication is not None, spelling
        assert medication.generic == generic, spelling


@pytest.mark.parametrize(("generic", "brand"), AUGMENTER_TABLE.items())
def test_every_augmenter_is_known_by_generic_and_brand(generic: str, brand: str) -> None:
    for spelling in (generic, brand, *messy(brand)):
        entry = lookup(spelling)
        assert isinstance(entry, OtherAgent)
        assert entry.generic == generic
        assert entry.reason == reasons.AUGMENTING_AGENT
        assert is_augmenter(spelling)
        assert resolve_medication(spelling) is None


def test_the_augmenters_are_exactly_the_issues_list() -> None:
    assert {(a.generic, a.brands[0]) for a in AUGMENTERS} == set(AUGMENTER_TABLE.items())


@pytest.mark.parametrize(
    ("typed", "generic"),
    [
        (" effexor xr ", "venlafaxine"),
        ("Effexor-XR", "venlafaxine"),
        ("venlafaxine extended release", "venlafaxine"),
        ("Wellbutrin-XL", "bupropion"),
        ("wellbutrin sr", "bupropion"),
        ("Wellbutrin XL 300mg", "bupropion"),
        ("bupropion XL", "bupropion"),
        ("Zyban", "bupropion"),
        ("Forfivo", "bupropion"),
        ("PAXIL CR", "paroxetine CR"),
        ("Paxil-CR", "paroxetine CR"),
        ("paroxetine CR", "paroxetine CR"),
        ("paroxetine controlled-release", "paroxetine CR"),
        ("Paroxetine ER 25 mg", "paroxetine CR"),
        ("paxil", "paroxetine"),
        ("Paroxetine HCl 20 mg tablets", "paroxetine"),
        ("Zoloft 100 mg", "sertraline"),
        ("zoloft 12.5mg", "sertraline"),
        ("Zoloft (sertraline)", "sertraline"),
        ("sertraline / Zoloft", "sertraline"),
        ("Lexapro®", "escitalopram"),
        ("Emsam", "selegiline transdermal"),
        ("Emsam patch", "selegiline transdermal"),
        ("selegiline patch", "selegiline transdermal"),
        ("Tofranil PM", "imipramine"),
        ("imipramine pamoate PM", None),
        ("Remeron SolTab", "mirtazapine"),
        ("mirtazapine ODT", "mirtazapine"),
        ("Cymbalta DR", "duloxetine"),
        ("Luvox CR", "fluvoxamine"),
        ("Pristiq ER", "desvenlafaxine"),
        ("Brintellix", "vortioxetine"),
    ],
)
def test_messy_spellings_resolve(typed: str, generic: str | None) -> None:
    medication = resolve_medication(typed)
    assert (medication.generic if medication else None) == generic


@pytest.mark.parametrize(
    "typed",
    [
        None,
        "",
        "   ",
        "XR",
        "aspirin",
        "Prozac Wellbutrin",  # two drugs in one line: a clinician sorts it out
        "selegiline",  # oral selegiline is a Parkinson's medicine
        "Eldepryl",
        "sertaline",  # misspelt: left to a clinician rather than guessed
    ],
)
def test_unrecognised_text_resolves_to_nothing(typed: str | None) -> None:
    assert lookup(typed) is None
    assert resolve_medication(typed) is None
    assert not is_augmenter(typed)


def test_paroxetine_cr_has_its_own_higher_minimum() -> None:
    immediate, controlled = resolve_medication("Paxil"), resolve_medication("Paxil CR")
    assert immediate is not None and controlled is not None
    assert (immediate.min_dose_mg, controlled.min_dose_mg) == (20, 25)
    assert immediate.drug_class == controlled.drug_class == "ssri"


def test_emsam_is_dosed_per_24_hours() -> None:
    emsam = resolve_medication("Emsam")
    assert emsam is not None
    assert (emsam.min_dose_mg, emsam.unit) == (6, "mg/24 h")


@pytest.mark.parametrize("typed", ["Silenor", "SILENOR", " silenor 6 mg "])
def test_silenor_is_a_known_sleep_product_not_doxepin_the_antidepressant(typed: str) -> None:
    entry = lookup(typed)
    assert isinstance(entry, OtherAgent)
    assert entry.reason == reasons.SLEEP_PRODUCT
    assert not entry.is_augmenter
    assert resolve_medication(typed) is None


def test_doxepin_by_name_stays_the_tricyclic() -> None:
    doxepin = resolve_medication("doxepin")
    assert doxepin is not None
    assert (doxepin.drug_class, doxepin.min_dose_mg) == ("tca", 150)


@pytest.mark.parametrize("generic", ["amoxapine", "maprotiline"])
def test_tetracyclics_count_as_the_tca_class(generic: str) -> None:
    medication = resolve_medication(generic)
    assert medication is not None and medication.drug_class == "tca"


def test_every_class_has_a_plain_label_and_every_medication_a_known_class() -> None:
    assert set(CLASS_CODES) == {
        "ssri",
        "snri",
        "tca",
        "maoi",
        "ndri",
        "nassa",
        "sari",
        "serotonin_modulator",
        "nmda_antagonist",
        "serotonin_1a_agonist",
    }
    assert all(CLASS_LABELS[code].strip() for code in CLASS_CODES)
    assert {m.drug_class for m in MEDICATIONS} == set(CLASS_CODES)


def test_every_minimum_dose_is_positive() -> None:
    assert all(m.min_dose_mg > 0 for m in MEDICATIONS)


def test_suggestions_list_generic_and_brand_names_sorted_without_the_sleep_product() -> None:
    names = suggestion_names()
    assert {"sertraline", "Zoloft", "Paxil CR", "Emsam", "Zyban"} <= set(names)
    assert "Silenor" not in names
    assert "Abilify" not in names
    assert names == sorted(names, key=str.casefold)
    assert len(names) == len(set(names))
    assert all(resolve_medication(name) is not None for name in names)


def test_suggestions_can_include_the_augmenters() -> None:
    names = suggestion_names(include_augmenters=True)
    assert {"Abilify", "lithium", "Cytomel"} <= set(names)
    assert "Silenor" not in names


def test_a_name_given_to_two_entries_is_refused_when_the_index_is_built() -> None:
    twins = (
        Medication("sertraline", "ssri", 50, ("Zoloft",)),
        Medication("fluoxetine", "ssri", 20, ("zoloft",)),
    )
    with pytest.raises(ValueError, match="names two entries"):
        catalogue._build_index(twins)


# Issue 15: medicines patients list that are never antidepressant trials, with their brands.
NOT_ANTIDEPRESSANTS = {
    "esketamine": ("ketamine_or_esketamine", ("Spravato",)),
    "ketamine": ("ketamine_or_esketamine", ("Ketalar",)),
    "alprazolam": ("anxiety_or_sleep_medicine", ("Xanax",)),
    "lorazepam": ("anxiety_or_sleep_medicine", ("Ativan",)),
    "clonazepam": ("anxiety_or_sleep_medicine", ("Klonopin",)),
    "diazepam": ("anxiety_or_sleep_medicine", ("Valium",)),
    "zolpidem": ("anxiety_or_sleep_medicine", ("Ambien",)),
    "eszopiclone": ("anxiety_or_sleep_medicine", ("Lunesta",)),
    "methylphenidate": ("stimulant", ("Ritalin", "Concerta")),
    "amphetamine salts": ("stimulant", ("Adderall",)),
    "lisdexamfetamine": ("stimulant", ("Vyvanse",)),
    "modafinil": ("stimulant", ("Provigil",)),
    "buspirone": ("anxiety_or_sleep_medicine", ("Buspar",)),
    "gabapentin": ("anticonvulsant", ("Neurontin",)),
    "pregabalin": ("anticonvulsant", ("Lyrica",)),
    "lamotrigine": ("anticonvulsant", ("Lamictal",)),
    "hydroxyzine": ("anxiety_or_sleep_medicine", ("Vistaril", "Atarax")),
    "melatonin": ("anxiety_or_sleep_medicine", ()),
}


@pytest.mark.parametrize(
    ("generic", "reason", "name"),
    [
        (generic, reason, name)
        for generic, (reason, brands) in NOT_ANTIDEPRESSANTS.items()
        for name in (generic, *brands)
    ],
)
def test_medicines_that_are_not_antidepressant_trials_are_recognised(
    generic: str, reason: str, name: str
) -> None:
    for spelling in (name, *messy(name), f"{name} 10 mg"):
        entry = lookup(spelling)
        assert isinstance(entry, OtherAgent), spelling
        assert (entry.generic, entry.reason) == (generic, reason)
        assert not is_augmenter(spelling) and resolve_medication(spelling) is None


def test_the_catalogue_lists_exactly_those_and_the_sleep_product() -> None:
    listed = {agent.generic: agent.reason for agent in catalogue.NON_ANTIDEPRESSANTS}
    assert listed == {
        "doxepin": reasons.SLEEP_PRODUCT,
        **{generic: reason for generic, (reason, _) in NOT_ANTIDEPRESSANTS.items()},
    }


@pytest.mark.parametrize(
    ("typed", "generic"),
    [
        ("Auvelity", "dextromethorphan-bupropion"),
        ("dextromethorphan-bupropion", "dextromethorphan-bupropion"),
        ("Exxua", "gepirone"),
        ("gepirone ER", "gepirone"),
        ("Symbyax", "olanzapine-fluoxetine"),
        ("olanzapine/fluoxetine", "olanzapine-fluoxetine"),
    ],
)
def test_the_newer_antidepressants_are_recognised(typed: str, generic: str) -> None:
    medication = resolve_medication(typed)
    assert medication is not None and medication.generic == generic


def test_every_new_minimum_dose_carries_its_source_and_a_mark_for_the_medical_director() -> None:
    source = (Path(catalogue.__file__).parent / "medicines.py").read_text()
    for generic, label in (
        ("dextromethorphan-bupropion", "Auvelity label"),
        ("gepirone", "Exxua label"),
        ("olanzapine-fluoxetine", "Symbyax"),
    ):
        medication = resolve_medication(generic)
        assert medication is not None and "⚠" in medication.note
        block = source[source.index(f'"{generic}"') - 700 : source.index(f'"{generic}"')]
        assert label in block and "⚠" in block


@pytest.mark.parametrize(
    ("typed", "molecule"),
    [
        ("Paxil", "paroxetine"),
        ("Pexeva", "paroxetine"),
        ("Paxil CR", "paroxetine"),
        ("Wellbutrin SR", "bupropion"),
        ("Wellbutrin XL", "bupropion"),
        ("Symbyax", "fluoxetine"),
        ("Prozac", "fluoxetine"),
        ("Auvelity", "dextromethorphan-bupropion"),
    ],
)
def test_each_product_names_its_molecule(typed: str, molecule: str) -> None:
    medication = resolve_medication(typed)
    assert medication is not None and medication.molecule_name == molecule


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("trazadone", ["trazodone"]),
        ("setraline", ["sertraline"]),
        ("welbutrin", ["Wellbutrin"]),
        ("Setraline 100 mg", ["sertraline"]),
        ("lexapor", ["Lexapro"]),
        ("abilfy", ["Abilify"]),
        ("xanex", ["Xanax"]),
    ],
)
def test_near_misses_get_a_suggestion_but_stay_unrecognised(
    typed: str, suggested: list[str]
) -> None:
    assert catalogue.suggest(typed) == suggested
    assert lookup(typed) is None  # never mapped silently


@pytest.mark.parametrize("typed", ["Zoloft", "sertraline", "xyzzy", "", None, "   ", "100 mg"])
def test_recognised_names_and_nonsense_get_no_suggestion(typed: str | None) -> None:
    assert catalogue.suggest(typed) == []

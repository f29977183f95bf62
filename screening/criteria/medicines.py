"""The medicines the engine knows: antidepressants with class and minimum adequate dose, the
augmenting agents, and other medicines patients list that are never antidepressant trials.

Source of every number (unless a line says otherwise): clinical-reference.md §2, the MGH-ATRQ
"minimum dose" column as transcribed from a trial's ATRQ form -- grade C, to be confirmed by the
clinic's medical director before it decides anything. Doses are mg/day unless ``unit`` says
otherwise. Change a dose here and nowhere else; catalogue.py looks names up in these tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from . import reasons

SSRI: Final = "ssri"
SNRI: Final = "snri"
TCA: Final = "tca"
MAOI: Final = "maoi"
NDRI: Final = "ndri"
NASSA: Final = "nassa"
SARI: Final = "sari"
SEROTONIN_MODULATOR: Final = "serotonin_modulator"
# Issue 15: the antidepressants approved since clinical-reference.md §2 was written (§7), each a
# mechanism of its own. ⚠ Medical director: confirm that these count as classes of their own for
# the two-class rule (Auvelity contains bupropion; see the note on its entry).
NMDA_ANTAGONIST: Final = "nmda_antagonist"
SEROTONIN_1A_AGONIST: Final = "serotonin_1a_agonist"

# One class per mechanism: clinical-reference.md §2 says not to fold the "other" antidepressants
# into one class, because bupropion then mirtazapine are two different mechanisms.
CLASS_LABELS: Final = MappingProxyType(
    {
        SSRI: "SSRI (selective serotonin reuptake inhibitors)",
        SNRI: "SNRI (serotonin-norepinephrine reuptake inhibitors)",
        TCA: "TCA (tricyclic and tetracyclic antidepressants)",
        MAOI: "MAOI (monoamine oxidase inhibitors)",
        NDRI: "NDRI (norepinephrine-dopamine reuptake inhibitor: bupropion)",
        NASSA: "NaSSA (noradrenergic and specific serotonergic antidepressant: mirtazapine)",
        SARI: "SARI (serotonin antagonist and reuptake inhibitors: trazodone, nefazodone)",
        SEROTONIN_MODULATOR: "Serotonin modulators (vilazodone, vortioxetine)",
        NMDA_ANTAGONIST: (
            "NMDA receptor antagonist with bupropion (dextromethorphan-bupropion: Auvelity)"
        ),
        SEROTONIN_1A_AGONIST: "5-HT1A receptor agonist (gepirone: Exxua)",
    }
)
CLASS_CODES: Final = tuple(CLASS_LABELS)

MG_PER_DAY: Final = "mg/day"
MG_PER_24_H: Final = "mg/24 h"
MG_PER_DAY_DEXTROMETHORPHAN: Final = "mg/day of dextromethorphan"
MG_PER_DAY_FLUOXETINE: Final = "mg/day of fluoxetine"


@dataclass(frozen=True, slots=True)
class Medication:
    """An antidepressant: a trial of it can count towards treatment resistance."""

    generic: str
    drug_class: str
    min_dose_mg: float
    brands: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other names patients type that mean this entry
    unit: str = MG_PER_DAY
    note: str = ""
    # The medicine itself, when this entry is one form of it: paroxetine CR is paroxetine, so a
    # trial of each counts once (issue 15, "Same medicine twice counts once"). Empty: ``generic``.
    molecule: str = ""
    # An augmenter built into the product (Symbyax: olanzapine), as its generic name.
    built_in_augmenter: str | None = None

    def names(self) -> tuple[str, ...]:
        return (self.generic, *self.brands, *self.aliases)

    @property
    def molecule_name(self) -> str:
        return self.molecule or self.generic


@dataclass(frozen=True, slots=True)
class OtherAgent:
    """A known medicine that is not an antidepressant trial (rule 2); ``reason`` says why."""

    generic: str
    reason: str
    brands: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    # Silenor is doxepin: its generic name must keep meaning the antidepressant.
    generic_is_alias: bool = True
    note: str = ""

    def names(self) -> tuple[str, ...]:
        own = (self.generic,) if self.generic_is_alias else ()
        return (*own, *self.brands, *self.aliases)

    @property
    def is_augmenter(self) -> bool:
        return self.reason == reasons.AUGMENTING_AGENT


# "ATRQ n" on a line: the MGH-ATRQ minimum dose, clinical-reference.md §2, grade C (to be
# confirmed by the medical director).
# fmt: off
MEDICATIONS: Final[tuple[Medication, ...]] = (
    # SSRIs
    Medication("fluoxetine", SSRI, 20, ("Prozac", "Sarafem")),  # ATRQ 20 mg/day
    Medication("sertraline", SSRI, 50, ("Zoloft",)),  # ATRQ 50 mg/day
    Medication("paroxetine", SSRI, 20, ("Paxil", "Pexeva")),  # ATRQ 20 mg/day
    Medication(
        # The controlled-release tablet is dosed higher for the same effect (12.5/25/37.5 mg);
        # generics are sold as "paroxetine ER", so every release suffix on paroxetine means it.
        "paroxetine CR", SSRI, 25, ("Paxil CR",),  # ATRQ 25 mg/day for the CR form
        aliases=("paroxetine ER", "paroxetine XR", "paroxetine XL", "paroxetine SR",
                 "Paxil ER", "Paxil XR", "Paxil XL", "Paxil SR"),
        molecule="paroxetine",
    ),
    Medication("citalopram", SSRI, 20, ("Celexa",)),  # ATRQ 20 mg/day
    Medication("escitalopram", SSRI, 10, ("Lexapro",)),  # ATRQ 10 mg/day
    Medication("fluvoxamine", SSRI, 50, ("Luvox",)),  # ATRQ 50 mg/day
    # SNRIs
    Medication("venlafaxine", SNRI, 150, ("Effexor", "Effexor XR")),  # ATRQ 150 mg/day
    Medication("desvenlafaxine", SNRI, 50, ("Pristiq",)),  # ATRQ 50 mg/day
    Medication("duloxetine", SNRI, 60, ("Cymbalta",)),  # ATRQ 60 mg/day
    Medication("levomilnacipran", SNRI, 40, ("Fetzima",)),  # ATRQ 40 mg/day
    Medication(
        "milnacipran", SNRI, 100, ("Savella",),  # ATRQ 100 mg/day
        note="Approved in the US for fibromyalgia only",
    ),
    # Tricyclics, and the tetracyclics amoxapine and maprotiline, which count as this class for
    # the two-class rule (clinical-reference.md §2).
    Medication("amitriptyline", TCA, 150, ("Elavil", "Endep")),  # ATRQ 150 mg/day
    Medication("nortriptyline", TCA, 75, ("Pamelor", "Aventyl")),  # ATRQ 75 mg/day
    Medication("imipramine", TCA, 150, ("Tofranil", "Tofranil-PM")),  # ATRQ 150 mg/day
    Medication("desipramine", TCA, 150, ("Norpramin",)),  # ATRQ 150 mg/day
    Medication("clomipramine", TCA, 150, ("Anafranil",)),  # ATRQ 150 mg/day
    Medication("doxepin", TCA, 150, ("Sinequan", "Adapin")),  # ATRQ 150 mg/day
    Medication("protriptyline", TCA, 30, ("Vivactil",)),  # ATRQ 30 mg/day
    Medication("trimipramine", TCA, 150, ("Surmontil",)),  # ATRQ 150 mg/day
    Medication("amoxapine", TCA, 150, ("Asendin",)),  # ATRQ 150 mg/day (tetracyclic)
    Medication("maprotiline", TCA, 150, ("Ludiomil",)),  # ATRQ 150 mg/day (tetracyclic)
    # MAOIs
    Medication("phenelzine", MAOI, 45, ("Nardil",)),  # ATRQ 45 mg/day
    Medication("tranylcypromine", MAOI, 30, ("Parnate",)),  # ATRQ 30 mg/day
    Medication("isocarboxazid", MAOI, 30, ("Marplan",)),  # ATRQ 30 mg/day
    Medication(
        # Plain "selegiline" is deliberately not an alias: oral selegiline (Eldepryl, Zelapar)
        # is a Parkinson's medicine dosed 5-10 mg, which this minimum would wrongly call
        # adequate. Unrecognised, it goes to a clinician instead.
        "selegiline transdermal", MAOI, 6, ("Emsam",),  # ATRQ 6 mg/24 h (patch)
        aliases=("selegiline patch", "Emsam patch"),
        unit=MG_PER_24_H,
    ),
    # Bupropion. Zyban is the same molecule and tablet as Wellbutrin SR, sold for smoking
    # cessation at 150 mg twice a day; a patient who took it through the current episode at
    # 300 mg/day for 6 weeks had the same antidepressant exposure, so it is not set apart. The
    # dose, weeks and current-episode rules still apply, and the name as typed stays in the
    # patient's answers for the clinician to see.
    # Aplenzin is bupropion hydrobromide (174/348/522 mg, about 150/300/450 mg of the usual
    # salt): its strengths fall on the same side of 300 mg as their equivalents, so the typed
    # dose is compared as is.
    Medication(
        "bupropion", NDRI, 300,  # ATRQ 300 mg/day
        ("Wellbutrin", "Wellbutrin SR", "Wellbutrin XL", "Aplenzin", "Forfivo XL", "Zyban"),
    ),
    Medication("mirtazapine", NASSA, 15, ("Remeron",), aliases=("Remeron SolTab",)),  # ATRQ 15
    # Trazodone is often taken at 25-100 mg for sleep; the 300 mg minimum keeps those out.
    Medication("trazodone", SARI, 300, ("Desyrel",)),  # ATRQ 300 mg/day
    Medication("nefazodone", SARI, 300, ("Serzone",)),  # ATRQ 300 mg/day
    Medication("vilazodone", SEROTONIN_MODULATOR, 40, ("Viibryd",)),  # ATRQ 40 mg/day
    Medication(
        "vortioxetine", SEROTONIN_MODULATOR, 10,  # ATRQ 10 mg/day
        ("Trintellix", "Brintellix"),  # renamed from Brintellix in 2016
    ),
    # Approved since the reference's §2 table (clinical-reference.md §7): the label's
    # recommended daily dose is the minimum until the medical director confirms one (⚠).
    Medication(
        # Auvelity label (FDA 2022, Axsome; openFDA label): one 45 mg/105 mg tablet once daily
        # for 3 days, then twice daily -- 90 mg dextromethorphan with 210 mg bupropion a day.
        # ⚠ The dose is compared as mg/day of the dextromethorphan component (90); a patient who
        # types the bupropion figure (210) also passes, one who types one tablet's 45 does not.
        # Medical director: confirm the minimum, and whether after a bupropion trial it is a
        # different antidepressant (it is counted as a different molecule and class here).
        "dextromethorphan-bupropion", NMDA_ANTAGONIST, 90, ("Auvelity",),
        aliases=("dextromethorphan bupropion", "bupropion-dextromethorphan",
                 "bupropion dextromethorphan"),
        unit=MG_PER_DAY_DEXTROMETHORPHAN,
        note="Label dose 45 mg/105 mg twice daily (⚠ minimum to confirm)",
    ),
    Medication(
        # Exxua label (FDA 2023, Fabre-Kramer): recommended starting dosage 18.2 mg once daily,
        # titrated by response to 36.3 mg (day 4), 54.5 mg (after day 7) and at most 72.6 mg.
        # ⚠ The starting dose is the minimum here; the medical director may prefer a titrated
        # dose (36.3 mg is also the most the label gives older patients).
        "gepirone", SEROTONIN_1A_AGONIST, 18.2, ("Exxua", "Travivo"),
        aliases=("gepirone ER",),
        note="Label: start 18.2 mg once daily, up to 72.6 mg (⚠ minimum to confirm)",
    ),
    Medication(
        # Symbyax (olanzapine-fluoxetine), FDA-approved for treatment-resistant depression: the
        # label's TRD dosing starts at the 6 mg/25 mg capsule, efficacy shown from 6/25 to
        # 18/50 mg. Issue 15: it counts as a fluoxetine trial augmented with olanzapine, so it is
        # the molecule fluoxetine (a Prozac trial and a Symbyax trial count once) and its dose is
        # the fluoxetine component, 25 mg (⚠ medical director to confirm).
        "olanzapine-fluoxetine", SSRI, 25, ("Symbyax",),
        aliases=("olanzapine fluoxetine", "fluoxetine-olanzapine", "fluoxetine olanzapine"),
        unit=MG_PER_DAY_FLUOXETINE,
        note="Fluoxetine with olanzapine in one capsule (⚠ minimum to confirm)",
        molecule="fluoxetine",
        built_in_augmenter="olanzapine",
    ),
)

# Augmenting agents are recorded as augmentation, not as antidepressant trials
# (clinical-reference.md §2; issue 3, "Medication catalogue").
AUGMENTERS: Final[tuple[OtherAgent, ...]] = (
    OtherAgent("aripiprazole", reasons.AUGMENTING_AGENT, ("Abilify",)),
    OtherAgent("brexpiprazole", reasons.AUGMENTING_AGENT, ("Rexulti",)),
    OtherAgent("cariprazine", reasons.AUGMENTING_AGENT, ("Vraylar",)),
    OtherAgent("quetiapine", reasons.AUGMENTING_AGENT, ("Seroquel",)),
    OtherAgent("olanzapine", reasons.AUGMENTING_AGENT, ("Zyprexa",)),
    OtherAgent("lithium", reasons.AUGMENTING_AGENT, ("Lithobid",), ("lithium carbonate",)),
    OtherAgent("liothyronine", reasons.AUGMENTING_AGENT, ("Cytomel",), ("T3",)),
    # Issue 15 asks for sources for any augmenter beyond the seven above. Risperidone is a
    # second-line adjunct in the CANMAT 2016 guideline (Kennedy et al., Can J Psychiatry 2016,
    # pharmacological treatments, adjunctive agents). ⚠ Medical director to confirm it counts
    # for payers' "augmentation trial".
    OtherAgent(
        "risperidone", reasons.AUGMENTING_AGENT, ("Risperdal",),
        note="CANMAT 2016 second-line adjunct (⚠ to confirm)",
    ),
)

# Known medicines that share a name with an antidepressant but are never a trial of one.
NON_ANTIDEPRESSANTS: Final[tuple[OtherAgent, ...]] = (
    OtherAgent(
        # Silenor is doxepin 3-6 mg for insomnia, far below the 150 mg antidepressant minimum;
        # clinical-reference.md §2 says it is never an antidepressant trial.
        "doxepin", reasons.SLEEP_PRODUCT, ("Silenor",), generic_is_alias=False,
        note="Low-dose doxepin sleep product",
    ),
    # Issue 15: medicines patients list beside their antidepressants that are never a trial of
    # one. Recognising them keeps them out of "unrecognised, a clinician must identify it" and
    # tells staff what they are.
    OtherAgent("esketamine", reasons.KETAMINE_OR_ESKETAMINE, ("Spravato",)),
    OtherAgent("ketamine", reasons.KETAMINE_OR_ESKETAMINE, ("Ketalar",)),
    OtherAgent("alprazolam", reasons.ANXIETY_OR_SLEEP_MEDICINE, ("Xanax",), note="Benzodiazepine"),
    OtherAgent("lorazepam", reasons.ANXIETY_OR_SLEEP_MEDICINE, ("Ativan",), note="Benzodiazepine"),
    OtherAgent(
        "clonazepam", reasons.ANXIETY_OR_SLEEP_MEDICINE, ("Klonopin",), note="Benzodiazepine"
    ),
    OtherAgent("diazepam", reasons.ANXIETY_OR_SLEEP_MEDICINE, ("Valium",), note="Benzodiazepine"),
    OtherAgent("zolpidem", reasons.ANXIETY_OR_SLEEP_MEDICINE, ("Ambien",), note="Z-drug"),
    OtherAgent("eszopiclone", reasons.ANXIETY_OR_SLEEP_MEDICINE, ("Lunesta",), note="Z-drug"),
    OtherAgent("buspirone", reasons.ANXIETY_OR_SLEEP_MEDICINE, ("Buspar",)),
    OtherAgent("hydroxyzine", reasons.ANXIETY_OR_SLEEP_MEDICINE, ("Vistaril", "Atarax")),
    OtherAgent("melatonin", reasons.ANXIETY_OR_SLEEP_MEDICINE),
    OtherAgent("methylphenidate", reasons.STIMULANT, ("Ritalin", "Concerta")),
    OtherAgent(
        "amphetamine salts", reasons.STIMULANT, ("Adderall",),
        ("amphetamine", "mixed amphetamine salts", "dextroamphetamine-amphetamine"),
    ),
    OtherAgent("lisdexamfetamine", reasons.STIMULANT, ("Vyvanse",)),
    OtherAgent("modafinil", reasons.STIMULANT, ("Provigil",)),
    OtherAgent("gabapentin", reasons.ANTICONVULSANT, ("Neurontin",)),
    OtherAgent("pregabalin", reasons.ANTICONVULSANT, ("Lyrica",)),
    OtherAgent("lamotrigine", reasons.ANTICONVULSANT, ("Lamictal",)),
)
# fmt: on

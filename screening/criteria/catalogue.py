"""The medication catalogue: antidepressants with class and minimum adequate dose, and the
augmenting agents and other medicines that are known but never count as antidepressant trials.

Source of every number (unless a line says otherwise): clinical-reference.md §2, the MGH-ATRQ
"minimum dose" column as transcribed from a trial's ATRQ form -- grade C, to be confirmed by the
clinic's medical director before it decides anything. Doses are mg/day unless ``unit`` says
otherwise. Change a dose here and nowhere else.

Lookup tolerates what patients type: case, surrounding spaces, hyphens and punctuation, a dose
("Zoloft 100 mg"), release suffixes ("Effexor XR", "Wellbutrin-XL") and a brand next to its generic
("Zoloft (sertraline)").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
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
    }
)
CLASS_CODES: Final = tuple(CLASS_LABELS)

MG_PER_DAY: Final = "mg/day"
MG_PER_24_H: Final = "mg/24 h"


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

    def names(self) -> tuple[str, ...]:
        return (self.generic, *self.brands, *self.aliases)


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
    OtherAgent("liothyronine", reasons.AUGMENTING_AGENT, ("Cytomel",)),
)

# Known medicines that share a name with an antidepressant but are never a trial of one.
NON_ANTIDEPRESSANTS: Final[tuple[OtherAgent, ...]] = (
    OtherAgent(
        # Silenor is doxepin 3-6 mg for insomnia, far below the 150 mg antidepressant minimum;
        # clinical-reference.md §2 says it is never an antidepressant trial.
        "doxepin", reasons.SLEEP_PRODUCT, ("Silenor",), generic_is_alias=False,
        note="Low-dose doxepin sleep product",
    ),
)
# fmt: on

CatalogueEntry = Medication | OtherAgent

_WORD = re.compile(r"[a-z0-9]+")
# "150", "150mg", "12.5 mg" (split into "12" and "5mg"): a dose typed into the name field.
_DOSE_WORD = re.compile(r"\d+(?:mg|mcg|g|ml)?")
_NOISE_WORDS: Final = frozenset(
    {"mg", "mcg", "milligrams", "tablet", "tablets", "tab", "tabs", "capsule", "capsules", "cap"}
    | {"caps", "hcl", "hydrochloride", "per", "day", "daily", "oral", "generic", "brand"}
)
# "extended release" and friends, spelled out, become the suffix patients also type.
_RELEASE_PHRASES: Final = MappingProxyType(
    {"extended": "xr", "controlled": "cr", "sustained": "sr", "delayed": "dr", "immediate": "ir"}
)
# Formulation suffixes that do not change the drug or its minimum dose (paroxetine CR, whose
# minimum differs, is matched by its own aliases before any suffix is dropped).
_FORM_SUFFIXES: Final = frozenset(
    {"xr", "xl", "sr", "cr", "er", "ir", "la", "dr", "cd", "mr", "ec", "odt", "pm"}
    | {"soltab", "solution", "liquid"}
)


def _words(text: str) -> list[str]:
    words = [
        word
        for word in _WORD.findall(text.lower())
        if word not in _NOISE_WORDS and not _DOSE_WORD.fullmatch(word)
    ]
    cleaned: list[str] = []
    for word in words:
        if word == "release" and cleaned and cleaned[-1] in _RELEASE_PHRASES:
            cleaned[-1] = _RELEASE_PHRASES[cleaned[-1]]
        else:
            cleaned.append(word)
    return cleaned


def _build_index(entries: Iterable[CatalogueEntry]) -> dict[str, CatalogueEntry]:
    entries = tuple(entries)
    index: dict[str, CatalogueEntry] = {}
    for entry in entries:
        for name in entry.names():
            key = " ".join(_words(name))
            if index.get(key, entry) is not entry:
                raise ValueError(f"catalogue: {name!r} names two entries")
            index[key] = entry
    # "Forfivo" for "Forfivo XL": a name without its suffix finds the entry too, unless the
    # shorter name already means something else ("Paxil" is not "Paxil CR").
    for entry in entries:
        for name in entry.names():
            words = _words(name)
            while len(words) > 1 and words[-1] in _FORM_SUFFIXES:
                words.pop()
                index.setdefault(" ".join(words), entry)
    return index


_INDEX: Final = _build_index((*MEDICATIONS, *AUGMENTERS, *NON_ANTIDEPRESSANTS))


def lookup(text: str | None) -> CatalogueEntry | None:
    """The catalogue entry ``text`` names (antidepressant or other), or None if unrecognised."""
    if not text:
        return None
    # Most input is a name picked from the suggestions, so try the cheap spelling first.
    entry = _INDEX.get(text.strip().lower())
    if entry is not None:
        return entry
    return _lookup_spelling(text)


# The catalogue never changes while the process runs, so what a spelling resolves to never does
# either; patients type the same few names, so remembering the answer for recent spellings
# saves the word splitting. Bounded, so odd input cannot grow it without limit.
@functools.lru_cache(maxsize=2048)
def _lookup_spelling(text: str) -> CatalogueEntry | None:
    words = _words(text)
    while words:
        entry = _INDEX.get(" ".join(words))
        if entry is not None:
            return entry
        if len(words) == 1 or words[-1] not in _FORM_SUFFIXES:
            break
        words.pop()
    return _single_entry_among(words)


def _single_entry_among(words: list[str]) -> CatalogueEntry | None:
    """The one entry all ``words`` name, so "Zoloft sertraline" is sertraline; words naming two
    drugs ("Prozac Wellbutrin") or an unknown word leave the text unrecognised."""
    if len(words) < 2:
        return None
    found: set[CatalogueEntry] = set()
    for word in words:
        if word in _FORM_SUFFIXES:
            continue
        entry = _INDEX.get(word)
        if entry is None:
            return None
        found.add(entry)
    return found.pop() if len(found) == 1 else None


def resolve_medication(text: str | None) -> Medication | None:
    """The antidepressant ``text`` names, or None (unrecognised, augmenter or other medicine)."""
    entry = lookup(text)
    return entry if isinstance(entry, Medication) else None


def is_augmenter(text: str | None) -> bool:
    """Whether ``text`` names an augmenting agent (aripiprazole, lithium, ...)."""
    entry = lookup(text)
    return isinstance(entry, OtherAgent) and entry.is_augmenter


def suggestion_names(*, include_augmenters: bool = False) -> list[str]:
    """Generic and brand names for the intake's autocomplete, sorted as a person reads them.

    Only names that resolve to an antidepressant (and, if asked, an augmenter) are offered;
    Silenor is left out so nobody is nudged into listing a sleep product as a trial.
    """
    entries: tuple[CatalogueEntry, ...] = MEDICATIONS
    if include_augmenters:
        entries = (*MEDICATIONS, *AUGMENTERS)
    names = {name for entry in entries for name in (entry.generic, *entry.brands)}
    return sorted(names, key=lambda name: (name.casefold(), name))

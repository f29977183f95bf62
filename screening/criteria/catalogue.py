"""The medication catalogue: finding what a patient typed among the medicines in medicines.py
(antidepressants, augmenting agents, and other medicines that are never antidepressant trials).

Lookup tolerates what patients type: case, surrounding spaces, hyphens and punctuation, a dose
("Zoloft 100 mg"), release suffixes ("Effexor XR", "Wellbutrin-XL") and a brand next to its generic
("Zoloft (sertraline)").
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable
from types import MappingProxyType
from typing import Final

from .medicines import (
    AUGMENTERS,
    CLASS_CODES,
    CLASS_LABELS,
    MEDICATIONS,
    NON_ANTIDEPRESSANTS,
    Medication,
    OtherAgent,
)

__all__ = [
    "AUGMENTERS",
    "CLASS_CODES",
    "CLASS_LABELS",
    "MEDICATIONS",
    "NON_ANTIDEPRESSANTS",
    "CatalogueEntry",
    "Medication",
    "OtherAgent",
    "augmenter_named",
    "is_augmenter",
    "lookup",
    "resolve_medication",
    "suggest",
    "suggestion_names",
]

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


def augmenter_named(text: str | None) -> OtherAgent | None:
    """The catalogued augmenting agent ``text`` names, or None (unknown text, "none", melatonin)."""
    entry = lookup(text)
    return entry if isinstance(entry, OtherAgent) and entry.is_augmenter else None


def is_augmenter(text: str | None) -> bool:
    """Whether ``text`` names an augmenting agent (aripiprazole, lithium, ...)."""
    return augmenter_named(text) is not None


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


# Every name the catalogue knows, by its looked-up spelling, for "did you mean".
_ALL_ENTRIES: Final[tuple[CatalogueEntry, ...]] = (*MEDICATIONS, *AUGMENTERS, *NON_ANTIDEPRESSANTS)
_DISPLAY_NAMES: Final = MappingProxyType(
    {" ".join(_words(name)): name for entry in _ALL_ENTRIES for name in entry.names()}
)
# How alike a spelling and a name must be (difflib's ratio, 0-1) to be offered: "trazadone",
# "setraline" and "welbutrin" score about 0.9 against the names they miss.
SUGGESTION_CUTOFF: Final = 0.8
SUGGESTIONS_MAX: Final = 3


def suggest(text: str | None) -> list[str]:
    """Catalogue names close to ``text``, best first, for the intake to offer as "did you mean".

    Empty when ``text`` is recognised, blank, or near nothing. Never used by the rules: a
    misspelling stays unrecognised in the verdict (``medication_unrecognized``) until the patient
    or a clinician picks the name.
    """
    if not text or lookup(text) is not None:
        return []
    spelling = " ".join(_words(text))
    if not spelling:
        return []
    close = difflib.get_close_matches(
        spelling, _DISPLAY_NAMES.keys(), n=4 * SUGGESTIONS_MAX, cutoff=SUGGESTION_CUTOFF
    )
    # One name per medicine: "welbutrin" is near Wellbutrin, Wellbutrin SR and Wellbutrin XL,
    # which are one suggestion.
    offered: dict[CatalogueEntry, str] = {}
    for key in close:
        offered.setdefault(_INDEX[key], _DISPLAY_NAMES[key])
    return list(offered.values())[:SUGGESTIONS_MAX]

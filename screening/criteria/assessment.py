"""What one trial amounts to, as the staff pages read it: the catalogue's view of its medicine
(``TrialMedicine``, the same under every profile) and the profile's judgement of it
(``TrialAssessment``). trials.py holds the rules that make the judgement.
"""

from __future__ import annotations

import functools
from typing import Final, NamedTuple

from .catalogue import CatalogueEntry, Medication, augmenter_named
from .facts import TrialFacts


class TrialMedicine(NamedTuple):
    """What the catalogue makes of one trial's medicine, the same under every profile.

    ``medication`` is the catalogue's generic name, or the text as typed when unrecognised;
    ``drug_class``, ``molecule``, ``min_dose_mg`` and ``dose_unit`` are None unless it is a known
    antidepressant. ``augmenters`` are the catalogued augmenting agents of the trial (generic
    names, sorted; Symbyax's olanzapine included); ``augmentation_not_counted`` is what the
    patient typed as augmentation that names no catalogued augmenter ("none", "melatonin", a
    misspelling), kept for staff to read. A named tuple: built once per trial, shared by every
    profile's assessment.
    """

    medication: str | None
    drug_class: str | None
    molecule: str | None
    min_dose_mg: float | None
    dose_unit: str | None
    augmenters: tuple[str, ...]
    augmentation_not_counted: tuple[str, ...]


def trial_medicine(trial: TrialFacts, entry: CatalogueEntry | None) -> TrialMedicine:
    """The catalogue's view of ``trial``, whose medication was looked up as ``entry``."""
    return _medicine(trial.medication, trial.augmented_with, entry)


# The catalogue never changes while the process runs, and patients type the same few names, so
# the view of a (name, augmentation) pair is remembered; bounded, as catalogue.lookup is.
@functools.lru_cache(maxsize=2048)
def _medicine(
    typed: str | None, augmented_with: tuple[str, ...], entry: CatalogueEntry | None
) -> TrialMedicine:
    medication = entry if isinstance(entry, Medication) else None
    augmenters, not_counted = _augmentation(augmented_with, medication)
    if medication is None:
        name = typed if entry is None else entry.generic
        return TrialMedicine(name, None, None, None, None, augmenters, not_counted)
    return TrialMedicine(
        medication=medication.generic,
        drug_class=medication.drug_class,
        molecule=medication.molecule_name,
        min_dose_mg=medication.min_dose_mg,
        dose_unit=medication.unit,
        augmenters=augmenters,
        augmentation_not_counted=not_counted,
    )


class TrialAssessment(NamedTuple):
    """What one trial amounts to under a profile, with the facts staff need to see why.

    ``status`` and ``reasons`` (sorted codes from reasons.py) are the profile's judgement; the
    medicine's catalogue facts and the trial's own facts are read through the properties
    (``medication``, ``drug_class``, ``molecule``, ``dose_mg``, ``weeks``, ...), kept in two
    objects shared by every profile so that judging under many profiles stays cheap (and a named
    tuple for the same reason: one is made per trial per profile).
    """

    medicine: TrialMedicine
    facts: TrialFacts
    status: str
    reasons: tuple[str, ...]

    @property
    def medication(self) -> str | None:
        return self.medicine.medication

    @property
    def drug_class(self) -> str | None:
        return self.medicine.drug_class

    @property
    def molecule(self) -> str | None:
        return self.medicine.molecule

    @property
    def min_dose_mg(self) -> float | None:
        return self.medicine.min_dose_mg

    @property
    def dose_unit(self) -> str | None:
        return self.medicine.dose_unit

    @property
    def augmenters(self) -> tuple[str, ...]:
        return self.medicine.augmenters

    @property
    def augmentation_not_counted(self) -> tuple[str, ...]:
        return self.medicine.augmentation_not_counted

    @property
    def augmented(self) -> bool:
        return bool(self.medicine.augmenters)

    @property
    def dose_mg(self) -> float | None:
        return self.facts.dose_mg

    @property
    def weeks(self) -> float | None:
        return self.facts.weeks

    @property
    def total_weeks(self) -> float | None:
        return self.facts.total_weeks

    @property
    def adherence(self) -> str | None:
        return self.facts.adherence

    @property
    def improvement(self) -> str | None:
        return self.facts.improvement

    @property
    def augmented_with(self) -> tuple[str, ...]:
        return self.facts.augmented_with

    def to_json(self) -> dict[str, object]:
        """The trial as the output contract of ``evaluate_history`` has it."""
        return {
            "medication": self.medicine.medication,
            "class": self.medicine.drug_class,
            "status": self.status,
            "reasons": list(self.reasons),
        }


_NO_AUGMENTATION: Final[tuple[tuple[str, ...], tuple[str, ...]]] = ((), ())


def augmentation(
    trial: TrialFacts, medication: Medication | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The catalogued augmenters of a trial (sorted generics) and the augmentation text that
    names none (as typed). Only a catalogued augmenter is augmentation, for every rule."""
    return _augmentation(trial.augmented_with, medication)


def _augmentation(
    augmented_with: tuple[str, ...], medication: Medication | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not augmented_with and (medication is None or medication.built_in_augmenter is None):
        return _NO_AUGMENTATION  # most trials: nothing to look up
    found = set()
    if medication is not None and medication.built_in_augmenter is not None:
        found.add(medication.built_in_augmenter)
    not_counted = []
    for text in augmented_with:
        agent = augmenter_named(text)
        if agent is None:
            not_counted.append(text)
        else:
            found.add(agent.generic)
    return tuple(sorted(found)), tuple(not_counted)

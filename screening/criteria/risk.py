"""Risk factors and per-treatment safety flags, for staff (issue 3, "Also computed").

Neither changes the verdict. A flag means "a clinician looks at this before this treatment",
never "this treatment is ruled out".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from .facts import Episode
from .vocabulary import MEDICAL_COMORBIDITIES, PSYCHIATRIC_COMORBIDITIES, SAFETY_KEYS

# Risk factors named in the article the clinic published (issue 3).
EARLY_ONSET_BEFORE_AGE: Final = 18  # first episode before 18
MULTIPLE_EPISODES_FROM: Final = 2  # 2 or more previous episodes

# Which safety answers each treatment needs a clinician to look at, from clinical-reference.md
# §5 (Spravato label contraindications and REMS; APA task force on IV ketamine, Sanacora et al.
# 2017; NeuroStar 510(k) K083538/K133408 for TMS).
TREATMENT_SAFETY_KEYS: Final = MappingProxyType(
    {
        "spravato": (
            "aneurysm_or_avm",  # contraindicated: aneurysmal vascular disease or AVM
            "intracerebral_hemorrhage",  # contraindicated: history of intracerebral hemorrhage
            "ketamine_hypersensitivity",  # contraindicated: esketamine/ketamine hypersensitivity
            # Not a contraindication: the label has blood pressure checked before and after
            # each dose and dosing delayed above 140/90, so a clinician plans for it.
            "uncontrolled_hypertension",
        ),
        "ketamine": (
            "uncontrolled_hypertension",  # with serious cardiovascular disease, see below
            "psychosis_history",
            "pregnant_or_breastfeeding",
            "ketamine_hypersensitivity",
        ),
        "tms": (
            "metal_in_head",  # non-removable metal in or near the head
            "implanted_device",  # stimulators and devices driven by physiological signals
            "seizure_history",  # case by case
        ),
    }
)
# The IV ketamine screen also asks about active substance use disorder and serious
# cardiovascular disease; the intake records those as substance use and comorbidities, not as
# safety answers. Any substance use reported, or cardiovascular disease, flags IV ketamine under
# these names: the intake cannot tell use from a disorder, so a clinician decides.
KETAMINE_SUBSTANCE_USE_FLAG: Final = "substance_use"
KETAMINE_CARDIOVASCULAR_FLAG: Final = "cardiovascular_disease"
# Spravato in older patients (clinical-reference.md §5; issue 15): the trials in patients 65 and
# older showed a smaller effect and the EU label starts them at 28 mg, while the US label's first
# dose is 56 mg for all adults -- a flag for the clinician, never an exclusion.
SPRAVATO_AGE_FLAG: Final = "age_65_or_over"
SPRAVATO_OLDER_FROM_AGE: Final = 65


@dataclass(frozen=True, slots=True)
class TreatmentFlags:
    """Per treatment, the sorted answers that need a clinician's look."""

    spravato: tuple[str, ...]
    ketamine: tuple[str, ...]
    tms: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "spravato": list(self.spravato),
            "ketamine": list(self.ketamine),
            "tms": list(self.tms),
        }


def risk_factors(
    episode: Episode | None,
    comorbidities: tuple[str, ...] | None,
    substance_use: tuple[str, ...] | None,
    social_support: str | None,
) -> tuple[str, ...]:
    """The risk factors present, sorted. A missing answer adds nothing (it is not a risk)."""
    found = []
    if episode is not None:
        if episode.onset_age is not None and episode.onset_age < EARLY_ONSET_BEFORE_AGE:
            found.append("early_onset")
        if episode.prior_episodes is not None and episode.prior_episodes >= MULTIPLE_EPISODES_FROM:
            found.append("multiple_episodes")
    if comorbidities:
        if not PSYCHIATRIC_COMORBIDITIES.isdisjoint(comorbidities):
            found.append("psychiatric_comorbidity")
        if not MEDICAL_COMORBIDITIES.isdisjoint(comorbidities):
            found.append("medical_comorbidity")
    if substance_use:
        found.append("substance_use")
    if social_support == "limited":
        found.append("limited_social_support")
    return tuple(sorted(found))


def treatment_flags(
    safety: Mapping[str, bool | None] | None,
    comorbidities: tuple[str, ...] | None,
    substance_use: tuple[str, ...] | None,
    age: int | None = None,
) -> TreatmentFlags | None:
    """The flags per treatment, or None when the safety questions were not answered at all
    (staff then have the whole screen to do; ``unanswered_safety`` lists partial gaps). Flags
    that are not None promise the safety questions were asked, which the next steps rely on, so
    an age of 65 or more is flagged for Spravato only beside answered safety questions."""
    if safety is None:
        return None
    older = age is not None and age >= SPRAVATO_OLDER_FROM_AGE
    ketamine_extra = []
    if substance_use:
        ketamine_extra.append(KETAMINE_SUBSTANCE_USE_FLAG)
    if comorbidities and "cardiovascular_disease" in comorbidities:
        ketamine_extra.append(KETAMINE_CARDIOVASCULAR_FLAG)
    # Most people answer no to every question: then no treatment has a safety flag.
    answered_yes = frozenset(key for key, answer in safety.items() if answer is True)
    spravato = _flags("spravato", answered_yes)
    ketamine = _flags("ketamine", answered_yes)
    return TreatmentFlags(
        spravato=tuple(sorted((*spravato, SPRAVATO_AGE_FLAG))) if older else spravato,
        ketamine=tuple(sorted((*ketamine, *ketamine_extra))) if ketamine_extra else ketamine,
        tms=_flags("tms", answered_yes),
    )


_SORTED_KEYS: Final = {
    treatment: tuple(sorted(keys)) for treatment, keys in TREATMENT_SAFETY_KEYS.items()
}


def _flags(treatment: str, answered_yes: frozenset[str]) -> tuple[str, ...]:
    if not answered_yes:
        return ()
    return tuple(key for key in _SORTED_KEYS[treatment] if key in answered_yes)


def unanswered_safety(safety: Mapping[str, bool | None] | None) -> tuple[str, ...]:
    """Safety questions left blank (all of them when the section is missing), in asking order."""
    if safety is None:
        return SAFETY_KEYS
    return tuple(key for key in SAFETY_KEYS if safety.get(key) is None)

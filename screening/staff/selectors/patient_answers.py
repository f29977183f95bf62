"""The patient's psychotherapy and current medicines, read from `Submission.answers`.

The intake (issue 16) keeps them as its steps' cleaned data; this is the one place on the staff
side that knows the keys, so the clinician's verification and the packet read them here:

- psychotherapy: the treatments step, ``answers["treatments"]`` (``psychotherapy``,
  ``psychotherapy_kind``, ``psychotherapy_weeks``, ``psychotherapy_current_episode``), turned into
  the engine's facts by the intake's own mapping (``screening.intake.facts``), so staff and the
  stored determination never read them differently;
- current medicines: ``answers["medicines_now"] = {"kinds": [codes], "other": text}``, the codes
  those of ``screening.intake.forms`` (``sleep_medicine`` for sleep medicines, ``none``).

Anything of another shape reads as not answered, never as an error.
"""

from dataclasses import dataclass
from typing import Any

from screening.intake.facts import psychotherapy_facts
from screening.models import Submission

# What the Spravato REMS patient enrollment form asks about current medicines (issue 17).
CURRENT_MEDICINE_KINDS = {
    "benzodiazepine": "Benzodiazepines",
    "stimulant": "Psychostimulants",
    "maoi": "Monoamine oxidase inhibitors (MAOIs)",
    "sleep_medicine": "Sedative hypnotics (sleep medicines)",
    "opioid": "Opioids",
}


@dataclass(frozen=True)
class CurrentMedicines:
    kinds: tuple[str, ...]
    other: str


def patient_psychotherapy(submission: Submission) -> dict[str, Any] | None:
    """The patient's psychotherapy as the engine's ``psychotherapy`` facts, or None."""
    treatments = (submission.answers or {}).get("treatments")
    return psychotherapy_facts(treatments) if isinstance(treatments, dict) else None


def patient_current_medicines(submission: Submission) -> CurrentMedicines | None:
    """What the patient said they take now (for the REMS form), or None when not asked."""
    raw = (submission.answers or {}).get("medicines_now")
    if not isinstance(raw, dict):
        return None
    kinds = raw.get("kinds") if isinstance(raw.get("kinds"), list) else []
    other = raw.get("other") if isinstance(raw.get("other"), str) else ""
    return CurrentMedicines(
        kinds=tuple(code for code in CURRENT_MEDICINE_KINDS if code in kinds), other=other[:200]
    )

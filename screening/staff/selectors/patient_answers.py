"""The patient's psychotherapy and current medicines, read from `Submission.answers`.

Issue 16 (intake v2) asks the patient for both and stores them as JSON in `Submission.answers`;
until that intake is merged the keys are absent and both readers return None / nothing. This is
the ONE place that knows the keys, so the intake and the clinician's side meet here:

- ``answers["psychotherapy"] = {"kind": <code in criteria.PSYCHOTHERAPY_KINDS or "">,
  "weeks": <int or None>, "current_episode": <"yes" | "no" | "unsure" or bool or None>}``
- ``answers["current_medicines"] = {"kinds": [codes among CURRENT_MEDICINE_KINDS],
  "other": <free text>}``

Anything of another shape reads as not answered, never as an error.
"""

from dataclasses import dataclass
from typing import Any

from screening import criteria
from screening.models import Submission

# What the Spravato REMS patient enrollment form asks about current medicines (issue 17).
CURRENT_MEDICINE_KINDS = {
    "benzodiazepine": "Benzodiazepines",
    "stimulant": "Psychostimulants",
    "maoi": "Monoamine oxidase inhibitors (MAOIs)",
    "sleep": "Sedative hypnotics (sleep medicines)",
    "opioid": "Opioids",
}


@dataclass(frozen=True)
class CurrentMedicines:
    kinds: tuple[str, ...]
    other: str


def _yes_no(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    return {"yes": True, "no": False}.get(value) if isinstance(value, str) else None


def patient_psychotherapy(submission: Submission) -> dict[str, Any] | None:
    """The patient's psychotherapy as the engine's ``psychotherapy`` facts, or None."""
    raw = (submission.answers or {}).get("psychotherapy")
    if not isinstance(raw, dict):
        return None
    kind = raw.get("kind")
    weeks = raw.get("weeks")
    return {
        "kind": kind if kind in criteria.PSYCHOTHERAPY_KINDS else None,
        "weeks": weeks if isinstance(weeks, int) and 0 <= weeks <= 520 else None,
        "current_episode": _yes_no(raw.get("current_episode")),
    }


def patient_current_medicines(submission: Submission) -> CurrentMedicines | None:
    """What the patient said they take now (for the REMS form), or None when not asked."""
    raw = (submission.answers or {}).get("current_medicines")
    if not isinstance(raw, dict):
        return None
    kinds = raw.get("kinds") if isinstance(raw.get("kinds"), list) else []
    other = raw.get("other") if isinstance(raw.get("other"), str) else ""
    return CurrentMedicines(
        kinds=tuple(code for code in CURRENT_MEDICINE_KINDS if code in kinds), other=other[:200]
    )

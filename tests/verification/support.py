"""A case for issue 17: it needs review under BCBS MA's Spravato policy until a clinician
confirms one trial's weeks and enters a MADRS; it never meets the Blue TMS policy (no
psychotherapy), so the matrix shows one payer met and another not."""

from copy import deepcopy
from typing import Any

from screening.demo.cases import MEETS, NO_SAFETY_ISSUES
from tests.staff.support import make_case


def _trial(medication: str, dose: float | None, weeks: int | None, **more: Any) -> dict[str, Any]:
    return {
        "medication": medication,
        "dose_mg": dose,
        "weeks": weeks,
        "adherence": "most",
        "improvement": "none",
        "stopped_for_side_effects": False,
        "current_episode": True,
        "augmented_with": more.get("augmented_with"),
    }


BCBS_CASE: dict[str, Any] = {
    **deepcopy(MEETS),
    "trials": [
        _trial("Zoloft", 150, 8),
        _trial("Lexapro", 20, 10, augmented_with="Abilify"),
        _trial("Effexor XR", 225, 8),
        # The weeks nobody remembers: the clinician finds 8 in the pharmacy records.
        _trial("Cymbalta", 60, None),
    ],
    "comorbidities": [],
    "substance_use": [],
    "safety": NO_SAFETY_ISSUES,
}
VERIFIED_TRIAL = {
    "trial": "4",
    "medication": "Cymbalta",
    "dose_mg": "60",
    "total_weeks": "10",
    "weeks": "8",
    "adherence": "most",
    "improvement": "none",
    "stopped_for_side_effects": "no",
    "current_episode": "yes",
    "augmented_with": "",
    "source": "pharmacy",
    "reason": "Pharmacy fill history 2025",
}
MADRS = {
    "diagnosis": "F33.2 Major depressive disorder, recurrent, severe",
    "psychotherapy_kind": "",
    "psychotherapy_weeks": "",
    "psychotherapy_current_episode": "",
    "madrs": "32",
    "madrs_rated_on": "2026-11-20",
    "hamd17": "",
    "hamd17_rated_on": "",
    "reason": "Rated at the consultation",
}


def bcbs_case(**person: Any):
    case = make_case(facts=BCBS_CASE, **person)
    case.insurer = "bcbsma"
    case.plan_type = "ppo"
    case.member_id = "XYZ123456789"
    case.save(update_fields=["insurer", "plan_type", "member_id"])
    return case

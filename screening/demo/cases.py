"""Example histories for demo data, tests and benchmarks: one per queue situation.

Each is an engine history (the `evaluate_history` schema) that `seed.submission_from_facts`
turns into a real submitted case through the intake services. People are invented.
"""

from copy import deepcopy
from typing import Any

from screening import criteria

NO_SAFETY_ISSUES = dict.fromkeys(criteria.SAFETY_KEYS, False)


def _trial(medication: str, dose_mg: float | None, weeks: int | None, **more: Any) -> dict:
    return {
        "medication": medication,
        "dose_mg": dose_mg,
        "weeks": weeks,
        "adherence": more.get("adherence", "most"),
        "improvement": more.get("improvement", "none"),
        "stopped_for_side_effects": more.get("stopped_for_side_effects", False),
        "current_episode": more.get("current_episode", True),
        "augmented_with": more.get("augmented_with"),
    }


# Two adequate failed trials from two classes: meets the clinic's default profile.
MEETS: dict[str, Any] = {
    "episode": {"months": 14, "onset_age": 16, "prior_episodes": 2, "psychotic_features": False},
    "trials": [
        _trial("Zoloft", 100, 8, improvement="partial"),
        _trial("Effexor XR", 225, 10, adherence="all"),
    ],
    "ect": False,
    "phq9": [2, 2, 2, 2, 1, 2, 1, 1, 0],
    "gad7": [1, 1, 2, 1, 0, 0, 1],
    "comorbidities": ["hypothyroidism", "generalized_anxiety"],
    "substance_use": ["alcohol"],
    "social_support": "limited",
    "safety": {**NO_SAFETY_ISSUES, "seizure_history": True},
}

# One failed trial and one whose dose nobody remembers: a clinician has to look.
NEEDS_REVIEW: dict[str, Any] = {
    **deepcopy(MEETS),
    "trials": [
        _trial("Lexapro", 20, 12),
        _trial("Wellbutrin XL", None, 9),
    ],
    "phq9": [3, 2, 2, 2, 2, 1, 1, 0, 0],
    "safety": NO_SAFETY_ISSUES,
}

# One trial that helped: does not meet any profile.
DOES_NOT_MEET: dict[str, Any] = {
    **deepcopy(MEETS),
    "trials": [_trial("Prozac", 20, 10, improvement="response")],
    "phq9": [1, 1, 1, 1, 0, 1, 0, 0, 0],
    "comorbidities": [],
    "substance_use": [],
    "social_support": "adequate",
    "safety": NO_SAFETY_ISSUES,
}

# Meets, and PHQ-9 item 9 above zero: urgent, a same-day call.
URGENT: dict[str, Any] = {
    **deepcopy(MEETS),
    "phq9": [3, 3, 2, 2, 2, 2, 2, 1, 1],
}

DEMO_CASES: tuple[dict[str, Any], ...] = (
    {"facts": URGENT, "first_name": "Sam", "last_name": "Urgent-Demo", "location": "Woburn"},
    {"facts": MEETS, "first_name": "Jordan", "last_name": "Meets-Demo", "location": "Danvers"},
    {"facts": NEEDS_REVIEW, "first_name": "Riley", "last_name": "Review-Demo", "location": None},
    {
        "facts": DOES_NOT_MEET,
        "first_name": "Casey",
        "last_name": "NotMet-Demo",
        "location": "Woburn",
    },
    {"facts": MEETS, "first_name": "Morgan", "last_name": "Second-Demo", "location": "Woburn"},
)

"""The TRD criteria engine: pure Python, no Django (a test proves it).

``evaluate(parse_facts(data), get_profile(name))`` decides whether a medication history meets a
profile's definition of treatment-resistant depression, with a reason for every trial and for the
verdict. The intake and the staff pages import from here only.
"""

from __future__ import annotations

from .batch import evaluate_input, loads_input
from .catalogue import (
    AUGMENTERS,
    CLASS_CODES,
    CLASS_LABELS,
    MEDICATIONS,
    NON_ANTIDEPRESSANTS,
    Medication,
    OtherAgent,
    is_augmenter,
    lookup,
    resolve_medication,
    suggestion_names,
)
from .engine import Determination, evaluate
from .errors import InvalidFacts, UnknownProfile
from .facts import Episode, HistoryFacts, TrialFacts, parse_facts
from .profiles import DEFAULT_PROFILE_NAME, PROFILES, Profile, get_profile
from .reasons import REASON_TEXT
from .risk import TREATMENT_SAFETY_KEYS, TreatmentFlags
from .scales import Gad7Result, Phq9Result
from .staging import MsmResult
from .trials import TrialAssessment
from .vocabulary import (
    ADHERENCE,
    ADHERENCE_LABELS,
    COMORBIDITIES,
    IMPROVEMENT,
    IMPROVEMENT_LABELS,
    RISK_FACTORS,
    SAFETY_KEYS,
    SOCIAL_SUPPORT,
    SUBSTANCES,
    TREATMENTS,
    TRIAL_STATUSES,
    VERDICTS,
)

__all__ = [
    "ADHERENCE",
    "ADHERENCE_LABELS",
    "AUGMENTERS",
    "CLASS_CODES",
    "CLASS_LABELS",
    "COMORBIDITIES",
    "DEFAULT_PROFILE_NAME",
    "IMPROVEMENT",
    "IMPROVEMENT_LABELS",
    "MEDICATIONS",
    "NON_ANTIDEPRESSANTS",
    "PROFILES",
    "REASON_TEXT",
    "RISK_FACTORS",
    "SAFETY_KEYS",
    "SOCIAL_SUPPORT",
    "SUBSTANCES",
    "TREATMENTS",
    "TREATMENT_SAFETY_KEYS",
    "TRIAL_STATUSES",
    "VERDICTS",
    "Determination",
    "Episode",
    "Gad7Result",
    "HistoryFacts",
    "InvalidFacts",
    "Medication",
    "MsmResult",
    "OtherAgent",
    "Phq9Result",
    "Profile",
    "TreatmentFlags",
    "TrialAssessment",
    "TrialFacts",
    "UnknownProfile",
    "evaluate",
    "evaluate_input",
    "get_profile",
    "is_augmenter",
    "loads_input",
    "lookup",
    "parse_facts",
    "resolve_medication",
    "suggestion_names",
]

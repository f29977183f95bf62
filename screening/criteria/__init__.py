"""The TRD criteria engine: pure Python, no Django (a test proves it).

``evaluate(parse_facts(data), get_profile(name))`` decides whether a medication history meets a
profile's definition of treatment-resistant depression, with a reason for every trial and for the
verdict, why it needs review and what evidence is missing; ``evaluate_all(facts)`` does so under
every shipped profile. The intake and the staff pages import from here only.
"""

from __future__ import annotations

from .assessment import TrialAssessment, TrialMedicine
from .batch import evaluate_input, loads_input
from .catalogue import (
    AUGMENTERS,
    CLASS_CODES,
    CLASS_LABELS,
    MEDICATIONS,
    NON_ANTIDEPRESSANTS,
    Medication,
    OtherAgent,
    augmenter_named,
    is_augmenter,
    lookup,
    resolve_medication,
    suggest,
    suggestion_names,
)
from .engine import Determination, evaluate, evaluate_all
from .errors import InvalidFacts, UnknownProfile
from .evidence import evidence_text
from .facts import (
    ClinicianScales,
    Episode,
    HistoryFacts,
    Patient,
    Psychotherapy,
    TrialFacts,
    parse_facts,
)
from .profiles import CLINICIAN_SCALES, DEFAULT_PROFILE_NAME, PROFILES, Profile, get_profile
from .reasons import REASON_TEXT
from .risk import TREATMENT_SAFETY_KEYS, TreatmentFlags
from .scales import Gad7Result, Phq9Result
from .staging import MsmResult
from .vocabulary import (
    ADHERENCE,
    ADHERENCE_LABELS,
    COMORBIDITIES,
    IMPROVEMENT,
    IMPROVEMENT_LABELS,
    NON_RESPONSE_MAX_PERCENT,
    PSYCHOTHERAPY_KINDS,
    RESPONSE_MIN_PERCENT,
    RISK_FACTORS,
    SAFETY_KEYS,
    SOCIAL_SUPPORT,
    SUBSTANCES,
    TREATMENTS,
    TRIAL_STATUSES,
    VERDICTS,
    improvement_band,
)

__all__ = [
    "ADHERENCE",
    "ADHERENCE_LABELS",
    "AUGMENTERS",
    "CLASS_CODES",
    "CLASS_LABELS",
    "CLINICIAN_SCALES",
    "COMORBIDITIES",
    "DEFAULT_PROFILE_NAME",
    "IMPROVEMENT",
    "IMPROVEMENT_LABELS",
    "MEDICATIONS",
    "NON_ANTIDEPRESSANTS",
    "NON_RESPONSE_MAX_PERCENT",
    "PROFILES",
    "PSYCHOTHERAPY_KINDS",
    "REASON_TEXT",
    "RESPONSE_MIN_PERCENT",
    "RISK_FACTORS",
    "SAFETY_KEYS",
    "SOCIAL_SUPPORT",
    "SUBSTANCES",
    "TREATMENTS",
    "TREATMENT_SAFETY_KEYS",
    "TRIAL_STATUSES",
    "VERDICTS",
    "ClinicianScales",
    "Determination",
    "Episode",
    "Gad7Result",
    "HistoryFacts",
    "InvalidFacts",
    "Medication",
    "MsmResult",
    "OtherAgent",
    "Patient",
    "Phq9Result",
    "Profile",
    "Psychotherapy",
    "TreatmentFlags",
    "TrialAssessment",
    "TrialFacts",
    "TrialMedicine",
    "UnknownProfile",
    "augmenter_named",
    "evaluate",
    "evaluate_all",
    "evaluate_input",
    "evidence_text",
    "get_profile",
    "improvement_band",
    "is_augmenter",
    "loads_input",
    "lookup",
    "parse_facts",
    "resolve_medication",
    "suggest",
    "suggestion_names",
]

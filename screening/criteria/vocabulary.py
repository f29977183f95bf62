"""The words the engine understands, as tuples of codes the intake uses for its choices.

Codes are the contract: they appear in the JSON input and output of ``evaluate_history`` and in
stored determinations, so a code is never renamed, only added.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

# How regularly the medication was taken. "all" and "most" mean at least 80 % of doses, the
# adherence threshold payers use (clinical-reference.md §7, Triple-S) and the ATRQ's notion of
# an adequately taken trial.
ADHERENCE: Final = ("all", "most", "some", "rarely")
ADEQUATE_ADHERENCE: Final = frozenset({"all", "most"})
ADHERENCE_LABELS: Final = MappingProxyType(
    {
        "all": "Every dose or nearly every dose",
        "most": "Most doses (at least 8 in 10)",
        "some": "Some doses (fewer than 8 in 10)",
        "rarely": "Rarely",
    }
)

# How much better the patient felt on the medication: the ATRQ outcome words (Desseilles et al.
# 2011, clinical-reference.md §1), ordered from least to most improvement.
IMPROVEMENT: Final = ("none", "partial", "response", "remission")
IMPROVEMENT_LABELS: Final = MappingProxyType(
    {
        "none": "Little or no improvement (less than 25 % better)",
        "partial": "Some improvement (25 to 49 % better)",
        "response": "Much better (50 % or more) but not back to normal",
        "remission": "Back to normal",
    }
)

COMORBIDITIES: Final = (
    "cardiovascular_disease",
    "hypothyroidism",
    "autoimmune_disorder",
    "chronic_pain",
    "generalized_anxiety",
    "ptsd",
    "bipolar",
)
# The split the clinic's article uses for its risk factors (issue 3, "Risk factors").
PSYCHIATRIC_COMORBIDITIES: Final = frozenset({"generalized_anxiety", "ptsd", "bipolar"})
MEDICAL_COMORBIDITIES: Final = frozenset(
    {"cardiovascular_disease", "hypothyroidism", "autoimmune_disorder", "chronic_pain"}
)

SUBSTANCES: Final = ("alcohol", "opioids", "cannabis", "stimulants", "other")

SOCIAL_SUPPORT: Final = ("adequate", "some", "limited")

# The safety questions each treatment needs (clinical-reference.md §5); risk.py maps them to
# treatments.
SAFETY_KEYS: Final = (
    "aneurysm_or_avm",
    "intracerebral_hemorrhage",
    "ketamine_hypersensitivity",
    "uncontrolled_hypertension",
    "psychosis_history",
    "pregnant_or_breastfeeding",
    "metal_in_head",
    "implanted_device",
    "seizure_history",
)

TREATMENTS: Final = ("spravato", "ketamine", "tms")

RISK_FACTORS: Final = (
    "early_onset",
    "multiple_episodes",
    "psychiatric_comorbidity",
    "substance_use",
    "limited_social_support",
    "medical_comorbidity",
)

# Verdicts, from worst to best for the patient's access to treatment.
VERDICTS: Final = ("does_not_meet", "needs_review", "meets")
MEETS: Final = "meets"
NEEDS_REVIEW: Final = "needs_review"
DOES_NOT_MEET: Final = "does_not_meet"

# What one medication trial amounts to.
FAILED: Final = "failed"
RESPONDED: Final = "responded"
INADEQUATE: Final = "inadequate"
UNKNOWN: Final = "unknown"
EXCLUDED: Final = "excluded"
NOT_ANTIDEPRESSANT: Final = "not_antidepressant"
TRIAL_STATUSES: Final = (FAILED, RESPONDED, INADEQUATE, UNKNOWN, EXCLUDED, NOT_ANTIDEPRESSANT)

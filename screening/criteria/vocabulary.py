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


def gettext_noop(message: str) -> str:
    """Mark a patient-facing string for translation without importing Django.

    ``makemessages`` finds these strings by this function's name; the intake translates them when
    it shows them (``gettext_lazy(label)``). The engine itself only ever uses the English text.
    """
    return message


# How much better the patient felt on the medication: the ATRQ outcome words (Desseilles et al.
# 2011, clinical-reference.md §1), ordered from least to most improvement.
IMPROVEMENT: Final = ("none", "partial", "response", "remission")
# The one stated boundary between the words (issue 15, defect 4). Exactly 25 % better is
# non-response: the MGH-ATRQ as used to screen the esketamine trials says "<= 25 % improvement =
# non-response" (PMID 37025256), and so does the Cigna/eviCore Spravato policy
# (clinical-reference.md §1 and §7). Response starts at exactly 50 % (Rybak et al. 2021). The
# patient-facing labels below and the reason texts in reasons.py are written from these two
# numbers, and a test holds them to it.
NON_RESPONSE_MAX_PERCENT: Final = 25  # this much better or less: "none"
RESPONSE_MIN_PERCENT: Final = 50  # this much better or more: "response" (or "remission")
IMPROVEMENT_LABELS: Final = MappingProxyType(
    {
        "none": gettext_noop("Little or no improvement (25 % better or less)"),
        "partial": gettext_noop("Some improvement (more than 25 % but less than 50 % better)"),
        "response": gettext_noop("Much better (50 % or more) but not back to normal"),
        "remission": gettext_noop("Back to normal"),
    }
)


def improvement_band(percent_better: float) -> str:
    """The improvement word for a percentage improvement, at the stated boundaries.

    "remission" is never returned: being back to normal is a state, not a percentage.
    """
    if percent_better <= NON_RESPONSE_MAX_PERCENT:
        return "none"
    if percent_better < RESPONSE_MIN_PERCENT:
        return "partial"
    return "response"


# The kinds of psychotherapy the intake can record (issue 15, "Psychotherapy").
PSYCHOTHERAPY_KINDS: Final = ("cbt", "ipt", "behavioral_activation", "psychodynamic", "other")

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

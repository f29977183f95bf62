"""The words staff pages use for the engine's codes, in one place.

The criteria engine speaks in codes (its contract); clinicians read sentences. Reason texts come
from the engine itself (``criteria.REASON_TEXT``); everything else a staff page names is here.
An unknown code is shown as itself rather than hidden, so a new engine code is never lost.
"""

from collections.abc import Mapping
from typing import Final

from screening import criteria
from screening.criteria import reasons

VERDICT_LABELS: Final = {
    "meets": "Meets the criteria",
    "needs_review": "Needs a clinician's review",
    "does_not_meet": "Does not meet the criteria",
}

TRIAL_STATUS_LABELS: Final = {
    "failed": "Failed adequate trial (counts)",
    "responded": "Responded (does not count)",
    "inadequate": "Not an adequate trial",
    "unknown": "Not enough information",
    "excluded": "Not counted (earlier episode)",
    "not_antidepressant": "Not an antidepressant trial",
}

PHQ9_SEVERITY_LABELS: Final = {
    "minimal": "Minimal",
    "mild": "Mild",
    "moderate": "Moderate",
    "moderately_severe": "Moderately severe",
    "severe": "Severe",
}
GAD7_SEVERITY_LABELS: Final = {
    "minimal": "Minimal",
    "mild": "Mild",
    "moderate": "Moderate",
    "severe": "Severe",
}
MSM_BAND_LABELS: Final = {"mild": "Mild", "moderate": "Moderate", "severe": "Severe"}
# The Maudsley Staging Method's dimensions (clinical-reference.md §3), in the order it lists them.
MSM_DIMENSIONS: Final = (
    ("duration", "Duration of current episode", "1-3"),
    ("severity", "Severity (from the PHQ-9; 5 with psychosis)", "1-5"),
    ("failures", "Failed antidepressant trials", "0-5"),
    ("augmentation", "Augmentation used", "0-1"),
    ("ect", "ECT used", "0-1"),
)

# The answer scale shared by the PHQ-9 and GAD-7 (clinical-reference.md §4).
SCALE_ANSWER_LABELS: Final = {
    0: "Not at all",
    1: "Several days",
    2: "More than half the days",
    3: "Nearly every day",
}
# Short item names clinicians use; the full wording is in clinical-reference.md §4.
PHQ9_ITEM_LABELS: Final = (
    "1. Little interest or pleasure in doing things",
    "2. Feeling down, depressed, or hopeless",
    "3. Sleep: trouble falling or staying asleep, or sleeping too much",
    "4. Feeling tired or having little energy",
    "5. Poor appetite or overeating",
    "6. Feeling bad about oneself, a failure",
    "7. Trouble concentrating",
    "8. Moving or speaking slowly, or being fidgety or restless",
    "9. Thoughts of being better off dead or of self-harm",
)
GAD7_ITEM_LABELS: Final = (
    "1. Feeling nervous, anxious, or on edge",
    "2. Not being able to stop or control worrying",
    "3. Worrying too much about different things",
    "4. Trouble relaxing",
    "5. So restless that it is hard to sit still",
    "6. Easily annoyed or irritable",
    "7. Feeling afraid, as if something awful might happen",
)
PHQ9_FUNCTIONAL_LABELS: Final = {
    "not_difficult": "Not difficult at all",
    "somewhat": "Somewhat difficult",
    "very": "Very difficult",
    "extremely": "Extremely difficult",
}

RISK_FACTOR_LABELS: Final = {
    "early_onset": "First episode before age 18",
    "multiple_episodes": "Two or more previous episodes",
    "psychiatric_comorbidity": "Psychiatric comorbidity (anxiety, PTSD or bipolar disorder)",
    "substance_use": "Substance use reported",
    "limited_social_support": "Limited social support",
    "medical_comorbidity": "Medical comorbidity (heart, thyroid, autoimmune or chronic pain)",
}

TREATMENT_LABELS: Final = {
    "spravato": "Spravato (esketamine)",
    "ketamine": "IV ketamine",
    "tms": "TMS",
}
# The safety questions (clinical-reference.md §5), as a clinician reads them.
SAFETY_LABELS: Final = {
    "aneurysm_or_avm": "Aneurysm or arteriovenous malformation",
    "intracerebral_hemorrhage": "History of bleeding in the brain",
    "ketamine_hypersensitivity": "Allergy or hypersensitivity to ketamine or esketamine",
    "uncontrolled_hypertension": "High blood pressure that is not under control",
    "psychosis_history": "History of psychosis or schizophrenia",
    "pregnant_or_breastfeeding": "Pregnant or breastfeeding",
    "metal_in_head": "Metal in or near the head (not dental)",
    "implanted_device": "Implanted device (pacemaker, stimulator, ...)",
    "seizure_history": "History of seizures",
    # Flags the engine adds for IV ketamine from other answers (criteria.risk).
    "substance_use": "Substance use reported (health history)",
    "cardiovascular_disease": "Heart or blood vessel disease (health history)",
    # Spravato (criteria.risk, issue 15): smaller effect in trials of older patients; the EU
    # label starts them at 28 mg. A flag for the clinician, never an exclusion.
    "age_65_or_over": "Age 65 or over (Spravato: EU label starts at 28 mg)",
}
ANSWER_LABELS: Final = {True: "Yes", False: "No", None: "Not answered / not sure"}

COMORBIDITY_LABELS: Final = {
    "cardiovascular_disease": "Heart or blood vessel disease",
    "hypothyroidism": "Underactive thyroid",
    "autoimmune_disorder": "Autoimmune disorder",
    "chronic_pain": "Chronic pain",
    "generalized_anxiety": "Generalized anxiety",
    "ptsd": "PTSD",
    "bipolar": "Bipolar disorder",
}
SUBSTANCE_LABELS: Final = {
    "alcohol": "Alcohol",
    "opioids": "Opioids",
    "cannabis": "Cannabis",
    "stimulants": "Stimulants",
    "other": "Other",
}
SOCIAL_SUPPORT_LABELS: Final = {"adequate": "Adequate", "some": "Some", "limited": "Limited"}

# Medical causes staff rule out before treatment (clinical-reference.md §5, last paragraph).
RULE_OUT_ITEMS: Final = (
    ("thyroid", "Thyroid function checked"),
    ("vitamins", "Vitamin B12, folate and vitamin D checked"),
    ("neurological", "Neurological conditions considered"),
    ("interacting_medicines", "Interacting medicines reviewed"),
)

# The contact page's "when is a good time to call" codes (CallbackRequest.preferred_time).
CALLBACK_TIME_LABELS: Final = {"any": "Any time", "morning": "Morning", "afternoon": "Afternoon"}

CLOSE_REASON_HELP: Final = "Required when closing a case."

# Why a case is in the queue, in the queue's own short words (issue 18). Clinicians read the
# verdict; a case that needs review says which missing answer would settle it.
QUEUE_WHY_VERDICT: Final = {
    "meets": "Meets clinic criteria",
    "needs_review": "Needs a clinician's review",
    "does_not_meet": "Does not meet clinic criteria",
}
# A trial's "cannot be judged" reason -> what the coordinator's call needs to find out.
QUEUE_WHY_NEEDS: Final = {
    reasons.DOSE_UNKNOWN: "a dose",
    reasons.WEEKS_UNKNOWN: "how long a medicine was taken",
    reasons.ADHERENCE_UNKNOWN: "how regularly a medicine was taken",
    reasons.IMPROVEMENT_UNKNOWN: "how much a medicine helped",
    reasons.STOP_REASON_UNKNOWN: "why a medicine was stopped",
    reasons.MEDICATION_UNRECOGNIZED: "a medicine identified",
    reasons.MEDICATION_MISSING: "a medicine's name",
}
QUEUE_WHY_SELF_HARM: Final = "Thoughts of self-harm"
# Coordinators never see clinical answers (security.md item 1): the flag, not the answer.
QUEUE_WHY_URGENT_COORDINATOR: Final = "Urgent flag: call today"
QUEUE_WHY_NEW: Final = "New case: first contact due"


def label(labels: Mapping[str, str], code: str | None) -> str:
    """The label for `code`; the code itself when there is none; a dash for no value."""
    if code is None or code == "":
        return "—"
    return labels.get(code, str(code))


def class_label(code: str | None) -> str:
    return label(criteria.CLASS_LABELS, code)


def reason_texts(codes: list[str] | tuple[str, ...]) -> list[str]:
    return [label(criteria.REASON_TEXT, code) for code in codes]

"""Reason codes and the sentence a clinician reads for each on the case page.

A reason code is part of the output contract and of stored determinations: never rename one. Each
rule in trials.py and verdict.py returns these codes; ``REASON_TEXT`` turns them into prose.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from .vocabulary import NON_RESPONSE_MAX_PERCENT as _NONE_MAX
from .vocabulary import RESPONSE_MIN_PERCENT as _RESPONSE_MIN

# Rule 1: the trial belongs to an earlier episode.
NOT_CURRENT_EPISODE: Final = "not_current_episode"
# Rule 2: a known medicine that is not an antidepressant trial.
AUGMENTING_AGENT: Final = "augmenting_agent"
SLEEP_PRODUCT: Final = "sleep_product"
KETAMINE_OR_ESKETAMINE: Final = "ketamine_or_esketamine"
ANXIETY_OR_SLEEP_MEDICINE: Final = "anxiety_or_sleep_medicine"
STIMULANT: Final = "stimulant"
ANTICONVULSANT: Final = "anticonvulsant"
# Rule 3: the medicine is not in the catalogue.
MEDICATION_UNRECOGNIZED: Final = "medication_unrecognized"
MEDICATION_MISSING: Final = "medication_missing"
# Rule 4: stopped early for side effects.
STOPPED_FOR_SIDE_EFFECTS: Final = "stopped_for_side_effects"
INTOLERANCE_COUNTED: Final = "intolerance_counted"
STOP_REASON_UNKNOWN: Final = "stop_reason_unknown"
# Rule 5: a known fact makes the trial inadequate.
DOSE_BELOW_MINIMUM: Final = "dose_below_minimum"
TOO_SHORT: Final = "too_short"
POOR_ADHERENCE: Final = "poor_adherence"
# Rule 6: a fact needed to judge adequacy is missing.
DOSE_UNKNOWN: Final = "dose_unknown"
WEEKS_UNKNOWN: Final = "weeks_unknown"
# Issue 15, titration: fewer weeks at the highest dose than an adequate trial, but enough weeks
# on the medicine in all, so the lower doses may have been an adequate trial too.
WEEKS_AT_DOSE_UNCLEAR: Final = "weeks_at_dose_unclear"
ADHERENCE_UNKNOWN: Final = "adherence_unknown"
# Rule 7: an adequate trial, judged by how much it helped.
IMPROVEMENT_UNKNOWN: Final = "improvement_unknown"
IMPROVEMENT_NONE: Final = "improvement_none"
IMPROVEMENT_PARTIAL: Final = "improvement_partial"
IMPROVEMENT_RESPONSE: Final = "improvement_response"
IMPROVEMENT_REMISSION: Final = "improvement_remission"
# Issue 15: a failed trial of a medicine (molecule) that an earlier failed trial already counted.
REPEAT_OF_EARLIER_TRIAL: Final = "repeat_of_earlier_trial"
# The verdict over all trials.
CRITERIA_MET: Final = "criteria_met"
TOO_FEW_FAILED_TRIALS: Final = "too_few_failed_trials"
TOO_FEW_CLASSES: Final = "too_few_classes"
TOTAL_WEEKS_TOO_SHORT: Final = "total_weeks_too_short"
UNKNOWNS_COULD_MEET: Final = "unknowns_could_meet"
# Issue 15: the profile's further requirements, and what stops an automatic "meets".
TOO_FEW_AUGMENTED_TRIALS: Final = "too_few_augmented_trials"
PSYCHOTHERAPY_TOO_SHORT: Final = "psychotherapy_too_short"
PSYCHOTHERAPY_UNKNOWN: Final = "psychotherapy_unknown"
CLINICIAN_SEVERITY_BELOW_THRESHOLD: Final = "clinician_severity_below_threshold"
CLINICIAN_SEVERITY_MISSING: Final = "clinician_severity_missing"
BIPOLAR_DISORDER_REPORTED: Final = "bipolar_disorder_reported"
PSYCHOTIC_FEATURES_REPORTED: Final = "psychotic_features_reported"

REASON_TEXT: Final = MappingProxyType(
    {
        NOT_CURRENT_EPISODE: "Taken in an earlier episode, so it does not count for this one",
        AUGMENTING_AGENT: (
            "An augmenting medicine, recorded as augmentation rather than as an antidepressant"
            " trial"
        ),
        SLEEP_PRODUCT: (
            "A low-dose sleep product (Silenor, doxepin 3-6 mg), not an antidepressant trial"
        ),
        KETAMINE_OR_ESKETAMINE: (
            "Ketamine or esketamine: a treatment the clinic offers, not an oral antidepressant"
            " trial"
        ),
        ANXIETY_OR_SLEEP_MEDICINE: (
            "An anxiety or sleep medicine, recorded but not an antidepressant trial"
        ),
        STIMULANT: "A stimulant or wakefulness medicine, recorded but not an antidepressant trial",
        ANTICONVULSANT: (
            "An anticonvulsant or nerve-pain medicine, recorded but not an antidepressant trial"
        ),
        MEDICATION_UNRECOGNIZED: (
            "Medication name not recognised; a clinician needs to identify it"
        ),
        MEDICATION_MISSING: "No medication name was given for this trial",
        STOPPED_FOR_SIDE_EFFECTS: (
            "Stopped for side effects before an adequate trial length, so it is not counted"
            " as a failed trial"
        ),
        INTOLERANCE_COUNTED: (
            "Stopped early for side effects, which this rule set counts as a failed trial"
        ),
        STOP_REASON_UNKNOWN: (
            "Shorter than an adequate trial and it is not known whether side effects ended it"
        ),
        DOSE_BELOW_MINIMUM: "Highest dose was below the minimum adequate dose",
        TOO_SHORT: "Taken for fewer weeks than an adequate trial requires",
        POOR_ADHERENCE: (
            "Taken less regularly than an adequate trial requires (under 8 in 10 doses)"
        ),
        DOSE_UNKNOWN: "Dose not given, so adequacy cannot be judged",
        WEEKS_UNKNOWN: "Length of the trial not given, so adequacy cannot be judged",
        WEEKS_AT_DOSE_UNCLEAR: (
            "Too few weeks at the highest dose, but long enough in all: the lower doses may count"
        ),
        ADHERENCE_UNKNOWN: "How regularly it was taken is not known, so adequacy cannot be judged",
        IMPROVEMENT_UNKNOWN: "How much it helped is not known",
        IMPROVEMENT_NONE: f"Adequate trial with {_NONE_MAX} % improvement or less",
        IMPROVEMENT_PARTIAL: (
            f"Adequate trial with partial improvement (more than {_NONE_MAX} %,"
            f" less than {_RESPONSE_MIN} %)"
        ),
        IMPROVEMENT_RESPONSE: f"Adequate trial with a response ({_RESPONSE_MIN} % or more better)",
        IMPROVEMENT_REMISSION: "Adequate trial after which symptoms went back to normal",
        REPEAT_OF_EARLIER_TRIAL: (
            "Failed, but the same medicine as an earlier failed trial, so it is counted once"
        ),
        CRITERIA_MET: "Enough adequate failed trials, from enough classes, under this rule set",
        TOO_FEW_FAILED_TRIALS: "Fewer adequate failed trials than this rule set requires",
        TOO_FEW_CLASSES: (
            "The adequate failed trials span fewer medication classes than this rule set requires"
        ),
        TOTAL_WEEKS_TOO_SHORT: (
            "The adequate failed trials add up to fewer weeks than this rule set requires"
        ),
        UNKNOWNS_COULD_MEET: (
            "Missing or unrecognised details could change the result; a clinician should review"
        ),
        TOO_FEW_AUGMENTED_TRIALS: (
            "Fewer failed trials with a recognised augmenting medicine than this rule set requires"
        ),
        PSYCHOTHERAPY_TOO_SHORT: (
            "Fewer weeks of psychotherapy in this episode than this rule set requires"
        ),
        PSYCHOTHERAPY_UNKNOWN: "Psychotherapy in this episode is not known, and this rule set asks",
        CLINICIAN_SEVERITY_BELOW_THRESHOLD: (
            "The clinician-rated severity scores are below this rule set's threshold"
        ),
        CLINICIAN_SEVERITY_MISSING: (
            "No clinician-rated severity score (MADRS or HAM-D) yet, and this rule set asks for one"
        ),
        BIPOLAR_DISORDER_REPORTED: (
            "Bipolar disorder reported: a psychiatrist should review before a treatment decision"
        ),
        PSYCHOTIC_FEATURES_REPORTED: (
            "Psychotic features reported: a psychiatrist should review before a treatment decision"
        ),
    }
)

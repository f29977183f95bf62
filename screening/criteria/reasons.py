"""Reason codes and the sentence a clinician reads for each on the case page.

A reason code is part of the output contract and of stored determinations: never rename one. Each
rule in trials.py and verdict.py returns these codes; ``REASON_TEXT`` turns them into prose.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

# Rule 1: the trial belongs to an earlier episode.
NOT_CURRENT_EPISODE: Final = "not_current_episode"
# Rule 2: a known medicine that is not an antidepressant trial.
AUGMENTING_AGENT: Final = "augmenting_agent"
SLEEP_PRODUCT: Final = "sleep_product"
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
ADHERENCE_UNKNOWN: Final = "adherence_unknown"
# Rule 7: an adequate trial, judged by how much it helped.
IMPROVEMENT_UNKNOWN: Final = "improvement_unknown"
IMPROVEMENT_NONE: Final = "improvement_none"
IMPROVEMENT_PARTIAL: Final = "improvement_partial"
IMPROVEMENT_RESPONSE: Final = "improvement_response"
IMPROVEMENT_REMISSION: Final = "improvement_remission"
# The verdict over all trials.
CRITERIA_MET: Final = "criteria_met"
TOO_FEW_FAILED_TRIALS: Final = "too_few_failed_trials"
TOO_FEW_CLASSES: Final = "too_few_classes"
TOTAL_WEEKS_TOO_SHORT: Final = "total_weeks_too_short"
UNKNOWNS_COULD_MEET: Final = "unknowns_could_meet"

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
        ADHERENCE_UNKNOWN: "How regularly it was taken is not known, so adequacy cannot be judged",
        IMPROVEMENT_UNKNOWN: "How much it helped is not known",
        IMPROVEMENT_NONE: "Adequate trial with less than 25 % improvement",
        IMPROVEMENT_PARTIAL: "Adequate trial with partial improvement (25 to 49 %)",
        IMPROVEMENT_RESPONSE: "Adequate trial with a response (50 % or more better)",
        IMPROVEMENT_REMISSION: "Adequate trial after which symptoms went back to normal",
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
    }
)

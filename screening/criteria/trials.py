"""One medication trial -> failed / responded / inadequate / unknown / excluded /
not_antidepressant, with reasons (issue 3, "Rules").

The rules run in the issue's order and the first that applies decides; each is a small pure
function returning ``(status, reasons)`` or None to pass the trial on. Order matters where facts
are missing: a known inadequacy (rule 5) settles a trial even when another fact is missing, so a
dose below the minimum with the weeks unknown is ``inadequate``, not ``unknown``.
"""

from __future__ import annotations

import math
from typing import Final

from . import reasons as r
from .assessment import TrialAssessment, TrialMedicine, trial_medicine
from .catalogue import CatalogueEntry, Medication, OtherAgent, lookup
from .facts import TrialFacts
from .profiles import Profile
from .vocabulary import (
    ADEQUATE_ADHERENCE,
    EXCLUDED,
    FAILED,
    INADEQUATE,
    NOT_ANTIDEPRESSANT,
    RESPONDED,
    UNKNOWN,
)

Outcome = tuple[str, tuple[str, ...]]

# Improvement words in order; a trial failed when its word ranks below the profile's
# ``failure_below`` word (issue 3: "response" -> none and partial fail; "partial" -> only none).
IMPROVEMENT_RANK: Final = {"none": 0, "partial": 1, "response": 2, "remission": 3}
_IMPROVEMENT_REASON: Final = {
    "none": r.IMPROVEMENT_NONE,
    "partial": r.IMPROVEMENT_PARTIAL,
    "response": r.IMPROVEMENT_RESPONSE,
    "remission": r.IMPROVEMENT_REMISSION,
}


def rule_current_episode(trial: TrialFacts) -> Outcome | None:
    """Rule 1: only the current episode counts; a missing answer means the current one."""
    if trial.current_episode is False:
        return EXCLUDED, (r.NOT_CURRENT_EPISODE,)
    return None


def rule_antidepressant(entry: CatalogueEntry | None) -> Outcome | None:
    """Rule 2: an augmenter or another known non-antidepressant is not a trial."""
    if isinstance(entry, OtherAgent):
        return NOT_ANTIDEPRESSANT, (entry.reason,)
    return None


def rule_recognised(trial: TrialFacts, entry: CatalogueEntry | None) -> Outcome | None:
    """Rule 3: a medication the catalogue does not know needs a clinician to identify it."""
    if entry is None:
        reason = r.MEDICATION_MISSING if trial.medication is None else r.MEDICATION_UNRECOGNIZED
        return UNKNOWN, (reason,)
    return None


def weeks_on_medicine(trial: TrialFacts) -> float | None:
    """All the weeks the trial lasted: ``total_weeks`` when given, else the weeks at the dose."""
    return trial.total_weeks if trial.total_weeks is not None else trial.weeks


def stopped_early(trial: TrialFacts, min_weeks: float) -> bool | None:
    """Whether side effects ended the trial before ``min_weeks`` on the medicine (titration
    included); None when that is unknown."""
    if trial.stopped_for_side_effects is False:
        return False
    weeks = trial.total_weeks if trial.total_weeks is not None else trial.weeks
    if weeks is not None and weeks >= min_weeks:
        return False
    if trial.stopped_for_side_effects is True and weeks is not None:
        return True
    return None


def failed_weeks(trial: TrialFacts) -> float:
    """The weeks a failed trial adds to the total: at the dose, or in all when only that is known
    (a trial counted failed for intolerance). Rules 4-6 leave no failure without either."""
    weeks = trial.weeks if trial.weeks is not None else trial.total_weeks
    assert weeks is not None
    return weeks


def titration_unclear(trial: TrialFacts, min_weeks: float) -> bool:
    """Too few weeks at the highest dose but enough on the medicine in all (issue 15): the lower
    doses may have been adequate too, so the shortness is not a known inadequacy."""
    return (
        trial.weeks is not None
        and trial.weeks < min_weeks
        and trial.total_weeks is not None
        and trial.total_weeks >= min_weeks
    )


def known_too_short(trial: TrialFacts, min_weeks: float) -> bool:
    """Shorter than ``min_weeks`` for certain: at the dose (and in all, when that is given), or
    in all when the weeks at the dose are missing, since they cannot be more."""
    if trial.weeks is not None:
        return trial.weeks < min_weeks and not titration_unclear(trial, min_weeks)
    return trial.total_weeks is not None and trial.total_weeks < min_weeks


def rule_side_effects(trial: TrialFacts, profile: Profile) -> Outcome | None:
    """Rule 4: a trial stopped early for side effects.

    Not counted (``inadequate``) unless the profile counts intolerance, in which case it is a
    failed trial. Under such a profile a trial that *may* have been stopped early is ``unknown``,
    because the answer could turn it into a failure.
    """
    early = stopped_early(trial, profile.min_weeks)
    if early is False:
        return None
    if not profile.count_intolerance:
        return (INADEQUATE, (r.STOPPED_FOR_SIDE_EFFECTS,)) if early else None
    if early:
        return FAILED, (r.INTOLERANCE_COUNTED,)
    missing = []
    if weeks_on_medicine(trial) is None:
        missing.append(r.WEEKS_UNKNOWN)
    if trial.stopped_for_side_effects is None:
        missing.append(r.STOP_REASON_UNKNOWN)
    return UNKNOWN, tuple(sorted(missing))


def inadequacies(trial: TrialFacts, min_dose_mg: float | None, min_weeks: float) -> list[str]:
    """The known facts that make a trial inadequate. Boundaries are adequate: exactly the
    minimum dose and exactly ``min_weeks`` pass. A ``min_dose_mg`` of None skips the dose.
    Titration makes short weeks at the dose no known inadequacy (``known_too_short``)."""
    found = []
    if trial.dose_mg is not None and min_dose_mg is not None and trial.dose_mg < min_dose_mg:
        found.append(r.DOSE_BELOW_MINIMUM)
    # known_too_short, written out: this runs for every trial under every profile.
    weeks, total_weeks = trial.weeks, trial.total_weeks
    if weeks is not None:
        if weeks < min_weeks and (total_weeks is None or total_weeks < min_weeks):
            found.append(r.TOO_SHORT)
    elif total_weeks is not None and total_weeks < min_weeks:
        found.append(r.TOO_SHORT)
    if trial.adherence is not None and trial.adherence not in ADEQUATE_ADHERENCE:
        found.append(r.POOR_ADHERENCE)
    return found


def rule_adequacy(trial: TrialFacts, medication: Medication, profile: Profile) -> Outcome | None:
    """Rule 5: one reason per known condition that fails (dose, weeks, adherence)."""
    found = inadequacies(trial, medication.min_dose_mg, profile.min_weeks)
    return (INADEQUATE, tuple(sorted(found))) if found else None


def rule_missing_facts(trial: TrialFacts, profile: Profile) -> Outcome | None:
    """Rule 6: adequacy cannot be judged while dose, weeks or adherence is missing, or while
    titration leaves unclear how many weeks were at an adequate dose."""
    missing = []
    if trial.dose_mg is None:
        missing.append(r.DOSE_UNKNOWN)
    if trial.weeks is None:
        missing.append(r.WEEKS_UNKNOWN)
    elif trial.total_weeks is not None and titration_unclear(trial, profile.min_weeks):
        missing.append(r.WEEKS_AT_DOSE_UNCLEAR)
    if trial.adherence is None:
        missing.append(r.ADHERENCE_UNKNOWN)
    if not missing:
        return None
    if trial.improvement is None:
        missing.append(r.IMPROVEMENT_UNKNOWN)
    return UNKNOWN, tuple(sorted(missing))


def improvement_failed(improvement: str, profile: Profile) -> bool:
    """Whether this improvement word is below the profile's failure line."""
    return IMPROVEMENT_RANK[improvement] < IMPROVEMENT_RANK[profile.failure_below]


def rule_improvement(trial: TrialFacts, profile: Profile) -> Outcome:
    """Rule 7: an adequate trial failed or responded by how much it helped."""
    if trial.improvement is None:
        return UNKNOWN, (r.IMPROVEMENT_UNKNOWN,)
    status = FAILED if improvement_failed(trial.improvement, profile) else RESPONDED
    return status, (_IMPROVEMENT_REASON[trial.improvement],)


def judge(trial: TrialFacts, entry: CatalogueEntry | None, profile: Profile) -> Outcome:
    """Rules 1-7 in order for a trial whose medication has been looked up as ``entry``."""
    outcome = (
        rule_current_episode(trial)
        or rule_antidepressant(entry)
        or rule_recognised(trial, entry)
        or rule_side_effects(trial, profile)
    )
    if outcome is not None:
        return outcome
    assert isinstance(entry, Medication)  # rules 2 and 3 passed only antidepressants on
    return (
        rule_adequacy(trial, entry, profile)
        or rule_missing_facts(trial, profile)
        or rule_improvement(trial, profile)
    )


def assess_trial(trial: TrialFacts, profile: Profile) -> TrialAssessment:
    """Judge one trial under ``profile``."""
    return assess_entry(trial, lookup(trial.medication), profile)


def assess_entry(
    trial: TrialFacts,
    entry: CatalogueEntry | None,
    profile: Profile,
    medicine: TrialMedicine | None = None,
) -> TrialAssessment:
    """Judge one trial whose medication the caller has already looked up as ``entry`` (and
    whose ``trial_medicine`` it may have worked out too)."""
    status, reasons = judge(trial, entry, profile)
    return TrialAssessment(
        medicine if medicine is not None else trial_medicine(trial, entry),
        trial,
        status,
        reasons,
    )


def favourable_weeks(
    trial: TrialFacts, entry: CatalogueEntry | None, profile: Profile
) -> float | None:
    """The weeks a trial adds as a failed adequate trial once its unknowns are resolved in the
    patient's favour, or None if it cannot count whatever the missing facts are.

    Resolving in the patient's favour (issue 3, needs_review): missing dose, weeks and adherence
    are adequate; missing improvement is "none"; an unknown stop reason is "side effects" when
    the profile counts intolerance; an unrecognised medication has an adequate dose. Known facts
    still count against the trial: an unrecognised medication taken for two weeks or rarely, or
    one that brought a response, cannot count. A missing week count is long enough for any total
    (issue 15, defect 1: infinite, or the weeks on the medicine when those are known), and a
    trial whose titration leaves the weeks at dose unclear adds its weeks on the medicine. For a
    trial that
    ``judge`` calls failed this returns its weeks, and for one it calls inadequate, responded,
    excluded or not_antidepressant it returns None, so the favourable run never undoes the real
    one.
    """
    if trial.current_episode is False or isinstance(entry, OtherAgent):
        return None
    weeks = weeks_on_medicine(trial)
    if weeks is None:
        weeks = math.inf
    elif trial.weeks is not None and not titration_unclear(trial, profile.min_weeks):
        weeks = trial.weeks
    early = stopped_early(trial, profile.min_weeks)
    if early is not False:
        if profile.count_intolerance:
            return weeks
        if early:
            return None
    min_dose_mg = entry.min_dose_mg if entry is not None else None
    if inadequacies(trial, min_dose_mg, profile.min_weeks):
        return None
    if trial.improvement is not None and not improvement_failed(trial.improvement, profile):
        return None
    return weeks

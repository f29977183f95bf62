"""``evaluate``: one patient's facts under one profile -> a ``Determination``.

Pure and deterministic: no I/O, no clock, no randomness, so the same facts and profile always
give the same determination and a stored one can be reproduced from its profile parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import CatalogueEntry, Medication, OtherAgent, lookup
from .facts import HistoryFacts
from .profiles import Profile
from .risk import TreatmentFlags, risk_factors, treatment_flags, unanswered_safety
from .scales import Gad7Result, Phq9Result, score_gad7, score_phq9
from .staging import MsmResult, stage_msm
from .trials import TrialAssessment, assess_entry, favourable_weeks
from .verdict import CountedTrial, decide, verdict
from .vocabulary import EXCLUDED, FAILED, UNKNOWN

# Unrecognised medications each stand in for a class of their own in the favourable run.
_UNRECOGNISED_CLASS = "unrecognised#{}"


@dataclass(frozen=True, slots=True)
class Determination:
    """The engine's answer, field for field the output of ``evaluate_history``.

    The fields after ``urgent`` are for the staff page and storage and are not in the JSON
    contract: the verdict's reasons, the weeks the failed trials add up to, and the safety
    questions left unanswered.
    """

    profile: str
    profile_version: int
    verdict: str
    adequate_failed_trials: int
    failed_classes: tuple[str, ...]  # sorted class codes of the failed trials
    trials: tuple[TrialAssessment, ...]  # in input order
    phq9: Phq9Result | None
    gad7: Gad7Result | None
    msm: MsmResult | None
    risk_factors: tuple[str, ...]  # sorted
    treatment_flags: TreatmentFlags | None
    urgent: bool  # PHQ-9 item 9 above zero: same-day human follow-up
    verdict_reasons: tuple[str, ...]
    failed_weeks_total: float
    unanswered_safety: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        """Exactly the output contract of issue 3: these keys, lists sorted, trials in order."""
        return {
            "profile": self.profile,
            "profile_version": self.profile_version,
            "verdict": self.verdict,
            "adequate_failed_trials": self.adequate_failed_trials,
            "failed_classes": list(self.failed_classes),
            "trials": [trial.to_json() for trial in self.trials],
            "phq9": self.phq9.to_json() if self.phq9 is not None else None,
            "gad7": self.gad7.to_json() if self.gad7 is not None else None,
            "msm": self.msm.to_json() if self.msm is not None else None,
            "risk_factors": list(self.risk_factors),
            "treatment_flags": (
                self.treatment_flags.to_json() if self.treatment_flags is not None else None
            ),
            "urgent": self.urgent,
        }


def evaluate(facts: HistoryFacts, profile: Profile) -> Determination:
    """Judge every trial, decide the verdict, and score the scales, stage and flags.

    ``facts.profile`` (what the input asked for) is ignored: the caller chooses ``profile``.
    """
    entries: list[CatalogueEntry | None] = []
    assessments: list[TrialAssessment] = []
    counted: list[CountedTrial] = []
    any_unknown = False
    augmented = False
    for trial in facts.trials:
        entry = lookup(trial.medication)
        assessment = assess_entry(trial, entry, profile)
        entries.append(entry)
        assessments.append(assessment)
        status = assessment.status
        if status == FAILED:
            assert assessment.drug_class is not None
            # A failed trial always has its weeks: rules 4-6 leave no failure without them.
            weeks = trial.weeks if trial.weeks is not None else float(profile.min_weeks)
            counted.append((assessment.drug_class, weeks))
        elif status == UNKNOWN:
            any_unknown = True
        if status != EXCLUDED and (
            trial.augmented_with or (isinstance(entry, OtherAgent) and entry.is_augmenter)
        ):
            augmented = True

    actual = decide(counted, profile)
    favourable = None
    if any_unknown and not actual.met:
        # The re-run for needs_review: the failures that count already, plus every unknown trial
        # that could be a failure once its unknowns are resolved in the patient's favour.
        favourable = list(counted)
        for index, assessment in enumerate(assessments):
            if assessment.status != UNKNOWN:
                continue
            trial, entry = facts.trials[index], entries[index]
            could_count = favourable_weeks(trial, entry, profile)
            if could_count is not None:
                drug_class = (
                    entry.drug_class
                    if isinstance(entry, Medication)
                    else _UNRECOGNISED_CLASS.format(index)
                )
                favourable.append((drug_class, could_count))
    outcome, verdict_reasons = verdict(actual, favourable, profile)

    phq9 = score_phq9(facts.phq9)
    episode = facts.episode
    return Determination(
        profile=profile.name,
        profile_version=profile.version,
        verdict=outcome,
        adequate_failed_trials=actual.failed_trials,
        failed_classes=tuple(sorted(actual.classes)),
        trials=tuple(assessments),
        phq9=phq9,
        gad7=score_gad7(facts.gad7),
        msm=stage_msm(
            episode_months=episode.months if episode is not None else None,
            phq9_total=phq9.total if phq9 is not None else None,
            psychotic_features=episode.psychotic_features if episode is not None else None,
            failed_trials=actual.failed_trials,
            augmented=augmented,
            ect=facts.ect,
        ),
        risk_factors=risk_factors(
            episode, facts.comorbidities, facts.substance_use, facts.social_support
        ),
        treatment_flags=treatment_flags(facts.safety, facts.comorbidities, facts.substance_use),
        urgent=phq9 is not None and phq9.item9_positive is True,
        verdict_reasons=verdict_reasons,
        failed_weeks_total=actual.total_weeks,
        unanswered_safety=unanswered_safety(facts.safety),
    )

"""``evaluate``: one patient's facts under one profile -> a ``Determination``; ``evaluate_all``:
under every shipped profile at once, for the staff page.

Pure and deterministic: no I/O, no clock, no randomness, so the same facts and profile always
give the same determination and a stored one can be reproduced from its profile parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, NamedTuple

from . import evidence
from . import reasons as r
from .assessment import TrialAssessment, TrialMedicine, trial_medicine
from .catalogue import CatalogueEntry, OtherAgent, lookup
from .facts import HistoryFacts
from .profiles import PROFILES, Profile
from .risk import TreatmentFlags, risk_factors, treatment_flags, unanswered_safety
from .scales import Gad7Result, Phq9Result, score_gad7, score_phq9
from .staging import MsmResult, stage_msm
from .trials import assess_entry, failed_weeks, favourable_weeks
from .verdict import CountedTrial, Tally, decide, shortfalls, tally, verdict
from .vocabulary import FAILED, MEETS, NEEDS_REVIEW, UNKNOWN

# Unrecognised medications each stand in for a molecule and a class of their own in the
# favourable run.
_UNRECOGNISED: Final = "unrecognised#{}"


@dataclass(frozen=True, slots=True)
class Determination:
    """The engine's answer, field for field the output of ``evaluate_history``.

    The fields after ``urgent`` are for the staff page and storage and are not in the JSON
    contract: the verdict's reasons, the weeks the failed trials add up to, and the safety
    questions left unanswered. ``review_reasons`` and ``missing_evidence`` (issue 15) are in it.
    """

    profile: str
    profile_version: int
    verdict: str
    adequate_failed_trials: int  # distinct molecules among the failed trials
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
    review_reasons: tuple[str, ...] = ()  # sorted; empty unless needs_review
    missing_evidence: tuple[str, ...] = ()  # sorted; empty for meets
    augmented_failed_trials: int = 0

    def to_json(self) -> dict[str, object]:
        """The output contract: issue 3's keys, then issue 15's; lists sorted, trials in order."""
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
            "review_reasons": list(self.review_reasons),
            "missing_evidence": list(self.missing_evidence),
        }


class _Judged(NamedTuple):
    """The trials judged under one set of trial rules (min_weeks, failure line, intolerance),
    which several profiles share."""

    assessments: tuple[TrialAssessment, ...]
    counted: tuple[CountedTrial, ...]  # the failed trials
    could_count: tuple[CountedTrial, ...]  # unknown trials resolved in the patient's favour
    unknown_reasons: tuple[tuple[int, tuple[str, ...]], ...]  # (index, reasons) of those
    actual: Tally  # what ``counted`` adds up to
    favourable: Tally  # what ``counted`` and ``could_count`` add up to


class _Evaluation:
    """One history's facts, with what does not depend on the profile worked out once."""

    __slots__ = (
        "_judged",
        "_msm",
        "augmented",
        "entries",
        "exclusions",
        "facts",
        "gad7",
        "medicines",
        "phq9",
        "risk_factors",
        "treatment_flags",
        "unanswered_safety",
    )

    def __init__(self, facts: HistoryFacts) -> None:
        self.facts = facts
        self.entries: list[CatalogueEntry | None] = []
        self.medicines: list[TrialMedicine] = []
        # MSM's augmentation: a catalogued augmenter with a current-episode trial, or one
        # listed as a trial of its own.
        self.augmented = False
        for trial in facts.trials:
            entry = lookup(trial.medication)
            medicine = trial_medicine(trial, entry)
            self.entries.append(entry)
            self.medicines.append(medicine)
            if trial.current_episode is not False and (
                medicine.augmenters or (isinstance(entry, OtherAgent) and entry.is_augmenter)
            ):
                self.augmented = True
        self.phq9 = score_phq9(facts.phq9)
        self.gad7 = score_gad7(facts.gad7)
        episode = facts.episode
        self.risk_factors = risk_factors(
            episode, facts.comorbidities, facts.substance_use, facts.social_support
        )
        self.treatment_flags = treatment_flags(
            facts.safety,
            facts.comorbidities,
            facts.substance_use,
            facts.patient.age if facts.patient is not None else None,
        )
        self.unanswered_safety = unanswered_safety(facts.safety)
        self.exclusions = evidence.exclusions(facts.comorbidities, episode)
        self._judged: dict[tuple[int, str, bool], _Judged] = {}
        self._msm: dict[int, MsmResult | None] = {}

    def msm(self, failed_trials: int) -> MsmResult | None:
        """The Maudsley stage, which depends on the profile only through the failed count."""
        if failed_trials not in self._msm:
            episode = self.facts.episode
            self._msm[failed_trials] = stage_msm(
                episode_months=episode.months if episode is not None else None,
                phq9_total=self.phq9.total if self.phq9 is not None else None,
                psychotic_features=episode.psychotic_features if episode is not None else None,
                failed_trials=failed_trials,
                augmented=self.augmented,
                ect=self.facts.ect,
            )
        return self._msm[failed_trials]

    def judged(self, profile: Profile) -> _Judged:
        key = (profile.min_weeks, profile.failure_below, profile.count_intolerance)
        judged = self._judged.get(key)
        if judged is None:
            judged = self._judged[key] = self._judge(profile)
        return judged

    def _judge(self, profile: Profile) -> _Judged:
        assessments: list[TrialAssessment] = []
        counted: list[CountedTrial] = []
        could_count: list[CountedTrial] = []
        unknown_reasons: list[tuple[int, tuple[str, ...]]] = []
        seen: set[str] = set()
        for index, trial in enumerate(self.facts.trials):
            entry, medicine = self.entries[index], self.medicines[index]
            assessment = assess_entry(trial, entry, profile, medicine)
            status = assessment.status
            if status == FAILED:
                molecule, drug_class = medicine.molecule, medicine.drug_class
                assert molecule is not None and drug_class is not None
                if molecule in seen:
                    # Issue 15: the label speaks of two *different* antidepressants.
                    assessment = assessment._replace(
                        reasons=tuple(sorted((*assessment.reasons, r.REPEAT_OF_EARLIER_TRIAL)))
                    )
                seen.add(molecule)
                counted.append(
                    CountedTrial(
                        molecule, drug_class, failed_weeks(trial), bool(medicine.augmenters)
                    )
                )
            elif status == UNKNOWN:
                weeks = favourable_weeks(trial, entry, profile)
                if weeks is not None:
                    stand_in = "" if entry is not None else _UNRECOGNISED.format(index)
                    could_count.append(
                        CountedTrial(
                            medicine.molecule or stand_in,
                            medicine.drug_class or stand_in,
                            weeks,
                            # In the patient's favour, an unrecognised product could have its
                            # augmenter built in, as Symbyax does.
                            bool(medicine.augmenters) or entry is None,
                        )
                    )
                    unknown_reasons.append((index, assessment.reasons))
            assessments.append(assessment)
        actual = tally(counted)
        return _Judged(
            assessments=tuple(assessments),
            counted=tuple(counted),
            could_count=tuple(could_count),
            unknown_reasons=tuple(unknown_reasons),
            actual=actual,
            favourable=tally((*counted, *could_count)) if could_count else actual,
        )

    def under(self, profile: Profile) -> Determination:
        facts = self.facts
        judged = self.judged(profile)
        psychotherapy = evidence.psychotherapy_met(facts.psychotherapy, profile)
        severity = evidence.clinician_severity_met(facts.clinician_scales, profile)
        actual = decide(judged.actual, profile, psychotherapy, severity)
        favourable = None
        if not actual.met and (judged.could_count or psychotherapy is None or severity is None):
            # The re-run for needs_review: the failures that count already, plus every unknown
            # resolved in the patient's favour.
            favourable = not shortfalls(
                judged.favourable,
                profile,
                True if psychotherapy is None else psychotherapy,
                True if severity is None else severity,
            )
        outcome, verdict_reasons = verdict(actual, favourable, self.exclusions)
        return Determination(
            profile=profile.name,
            profile_version=profile.version,
            verdict=outcome,
            adequate_failed_trials=actual.failed_trials,
            failed_classes=tuple(sorted(actual.classes)),
            trials=judged.assessments,
            phq9=self.phq9,
            gad7=self.gad7,
            msm=self.msm(actual.failed_trials),
            risk_factors=self.risk_factors,
            treatment_flags=self.treatment_flags,
            urgent=self.phq9 is not None and self.phq9.item9_positive is True,
            verdict_reasons=verdict_reasons,
            failed_weeks_total=actual.total_weeks,
            unanswered_safety=self.unanswered_safety,
            review_reasons=(
                evidence.review_reasons(
                    judged.unknown_reasons if not actual.met else (), actual, self.exclusions
                )
                if outcome == NEEDS_REVIEW
                else ()
            ),
            missing_evidence=(
                evidence.missing_evidence(actual, profile, facts.psychotherapy)
                if outcome != MEETS
                else ()
            ),
            augmented_failed_trials=actual.augmented_trials,
        )


def evaluate(facts: HistoryFacts, profile: Profile) -> Determination:
    """Judge every trial, decide the verdict, and score the scales, stage and flags.

    ``facts.profile`` (what the input asked for) is ignored: the caller chooses ``profile``.
    """
    return _Evaluation(facts).under(profile)


def evaluate_all(facts: HistoryFacts) -> dict[str, Determination]:
    """The determination under every shipped profile, in ``PROFILES`` order, for the staff page.

    The same as calling ``evaluate`` once per profile, but the catalogue look-ups, scales, flags
    and the trial judgements that profiles share are worked out once.
    """
    evaluation = _Evaluation(facts)
    return {name: evaluation.under(profile) for name, profile in PROFILES.items()}

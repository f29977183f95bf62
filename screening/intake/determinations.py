"""Run the criteria engine on a submission and keep what it decided."""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from screening import criteria
from screening.intake.facts import facts_from_submission
from screening.models import ClinicSettings, Determination, Submission


def active_profile() -> criteria.Profile:
    return criteria.get_profile(ClinicSettings.load().active_profile_name)


def explanation_of(result: criteria.Determination) -> dict[str, object]:
    """The parts of the engine's answer that the contract leaves out but staff need to read."""
    return {
        "verdict_reasons": list(result.verdict_reasons),
        "failed_weeks_total": result.failed_weeks_total,
        "unanswered_safety": list(result.unanswered_safety),
        "trials": [
            {
                "dose_mg": trial.dose_mg,
                "min_dose_mg": trial.min_dose_mg,
                "dose_unit": trial.dose_unit,
                "weeks": trial.weeks,
                "adherence": trial.adherence,
                "improvement": trial.improvement,
                "augmented_with": list(trial.augmented_with),
            }
            for trial in result.trials
        ],
    }


def determination_record(
    *,
    submission: Submission,
    profile: criteria.Profile,
    now: datetime,
    requested_by: User | None = None,
) -> Determination:
    """Evaluate the submission's facts under `profile` and store the result beside any others.

    The caller holds the transaction; this never edits an earlier determination.
    """
    facts_json = facts_from_submission(submission, timezone.localdate(now))
    determination = determination_of(
        submission=submission, profile=profile, facts=facts_json, now=now, requested_by=requested_by
    )
    determination.save()
    return determination


def determination_of(
    *,
    submission: Submission,
    profile: criteria.Profile,
    facts: dict[str, Any],
    now: datetime,
    requested_by: User | None = None,
    **links: Any,
) -> Determination:
    """The engine's answer for these facts under `profile`, as a row not yet saved: the one
    place that says how a determination is kept (the intake's and staff's alike; `links` are
    the staff side's verified history and re-evaluation job)."""
    result = criteria.evaluate(criteria.parse_facts(facts), profile)
    return Determination(
        submission=submission,
        created_at=now,
        requested_by=requested_by,
        profile_name=profile.name,
        profile_version=profile.version,
        profile_parameters=profile.parameters(),
        facts=facts,
        result=result.to_json(),
        explanation=explanation_of(result),
        verdict=result.verdict,
        urgent=result.urgent,
        phq9_severity=(result.phq9.severity or "") if result.phq9 else "",
        msm_band=(result.msm.band or "") if result.msm else "",
        **links,
    )

"""Determinations made by staff: a case evaluated again on the facts `facts_for` chooses (the
clinician's latest verified history when there is one), under one profile."""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from screening import criteria
from screening.intake.determinations import determination_of
from screening.models import Determination, ReEvaluationJob, Submission, VerifiedHistory
from screening.staff.selectors.verification import facts_for


def determination_build(
    *,
    submission: Submission,
    profile: criteria.Profile,
    facts: dict[str, Any],
    history: VerifiedHistory | None,
    now: datetime,
    requested_by: AbstractBaseUser | None = None,
    job: ReEvaluationJob | None = None,
) -> Determination:
    """The determination of these facts under `profile`, not yet saved (the job saves many at
    once), marked with the clinician's version it was made on and the job that made it."""
    return determination_of(
        submission=submission,
        profile=profile,
        facts=facts,
        now=now,
        requested_by=requested_by,
        verified_history=history,
        re_evaluation_job=job,
    )


def determination_evaluate(
    *,
    submission: Submission,
    profile: criteria.Profile,
    now: datetime,
    requested_by: AbstractBaseUser | None = None,
) -> Determination:
    """Evaluate the case under `profile` on its current facts and store the determination
    beside the others. The caller holds the transaction and makes it current."""
    facts, history = facts_for(submission)
    determination = determination_build(
        submission=submission,
        profile=profile,
        facts=facts,
        history=history,
        now=now,
        requested_by=requested_by,
    )
    determination.save()
    return determination

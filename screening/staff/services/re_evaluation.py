"""Re-evaluating every open case under one profile (issue 17), as a Celery job in slices.

Admins start a job when the clinic changes its active profile or a profile's version. A run of
the task claims the job (a lease with a random token), then works slice by slice: each slice is
one transaction that evaluates the next `RE_EVALUATION_BATCH` open cases after the cursor (on
the clinician's latest verified history where there is one), stores their determinations, makes
them current, records a case event for each, and moves the cursor and the count. A worker killed
mid-slice loses only that slice (rolled back with its connection); the lease runs out, beat's
`jobs_resume_stalled` hands the job to a new run, which starts after the cursor. A database
constraint (one determination per job and case) backs "each case once".
"""

import secrets
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import Max, QuerySet

from screening import criteria
from screening.audit.services import audit_record
from screening.models import CaseEvent, Determination, ReEvaluationJob, Submission
from screening.staff.selectors.verification import facts_for_cases
from screening.staff.services.evaluation import determination_build

Status = ReEvaluationJob.Status
NO_LEASE = ""  # the lease token of a job no run holds


def open_cases() -> QuerySet[Submission]:
    """The cases a re-evaluation covers: submitted and not closed."""
    return Submission.objects.filter(state=Submission.State.SUBMITTED).exclude(
        case_status=Submission.CaseStatus.CLOSED
    )


def _audit(
    job: ReEvaluationJob,
    action: str,
    *,
    by: AbstractBaseUser | None = None,
    ip: str | None = None,
    now: datetime,
) -> None:
    audit_record(
        action=action,
        user=by,
        object_type="re_evaluation_job",
        object_id=job.public_id,
        ip=ip,
        at=now,
    )


def _enqueue(job_id: int) -> None:
    from screening.staff.tasks import run_re_evaluation

    transaction.on_commit(lambda: run_re_evaluation.delay(job_id))


def job_start(
    *, profile_name: str, by: AbstractBaseUser, ip: str | None, now: datetime
) -> ReEvaluationJob:
    """A job over every case open now, under `profile_name`; its first run is enqueued."""
    profile = criteria.get_profile(profile_name)
    with transaction.atomic():
        last = open_cases().aggregate(last=Max("id"))["last"] or 0
        job = ReEvaluationJob.objects.create(
            profile_name=profile.name,
            profile_version=profile.version,
            total=open_cases().filter(id__lte=last).count(),
            last_case_id=last,
            created_at=now,
            created_by=by,
        )
        _audit(job, "re_evaluation_started", by=by, ip=ip, now=now)
        _enqueue(job.pk)
    return job


def job_claim(*, job_id: int, now: datetime) -> str | None:
    """Take the job for this run: a token, or None when it is done or another run holds it."""
    with transaction.atomic():
        job = ReEvaluationJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status == Status.DONE:
            return None
        if job.lease_token and job.lease_until and job.lease_until > now:
            return None
        job.lease_token = secrets.token_hex(16)
        job.lease_until = now + timedelta(seconds=settings.RE_EVALUATION_LEASE_SECONDS)
        job.runs += 1
        resumed = job.status == Status.RUNNING
        job.status = Status.RUNNING
        job.save(update_fields=["lease_token", "lease_until", "runs", "status"])
        if resumed:
            _audit(job, "re_evaluation_resumed", now=now)
        return job.lease_token


def job_release(*, job_id: int, token: str) -> None:
    """Give the job back so the next run may take it at once (not after the lease)."""
    ReEvaluationJob.objects.filter(pk=job_id, lease_token=token).update(
        lease_token=NO_LEASE, lease_until=None
    )


def job_run_slice(*, job_id: int, token: str, now: datetime) -> bool:
    """Evaluate the next slice; True while there is more to do (and this run still holds it)."""
    with transaction.atomic():
        job = ReEvaluationJob.objects.select_for_update().get(pk=job_id)
        if job.status == Status.DONE or job.lease_token != token:
            return False
        profile = criteria.get_profile(job.profile_name)
        cases = list(
            open_cases()
            .filter(id__gt=job.cursor, id__lte=job.last_case_id)
            .select_related("current_determination")
            # Locked so a clinician's save on one of these cases waits for the slice (and the
            # slice never overwrites a determination made meanwhile).
            .select_for_update(of=("self",))
            .only(
                "id",
                "answers",
                "date_of_birth",
                "submitted_at",
                "current_determination__verdict",
            )
            .order_by("id")[: settings.RE_EVALUATION_BATCH]
        )
        if cases:
            _evaluate_slice(job, profile, cases, now=now)
            job.cursor = cases[-1].pk
            job.done += len(cases)
        job.lease_until = now + timedelta(seconds=settings.RE_EVALUATION_LEASE_SECONDS)
        more = len(cases) == settings.RE_EVALUATION_BATCH
        if not more:
            job.status = Status.DONE
            job.finished_at = now
            job.lease_token = NO_LEASE
            job.lease_until = None
            _audit(job, "re_evaluation_finished", now=now)
        job.save(
            update_fields=["cursor", "done", "status", "finished_at", "lease_token", "lease_until"]
        )
        return more


def _evaluate_slice(
    job: ReEvaluationJob, profile: criteria.Profile, cases: list[Submission], *, now: datetime
) -> None:
    made = []
    befores = {}
    for case, facts, history in facts_for_cases(cases):
        befores[case.pk] = (
            case.current_determination.verdict if case.current_determination else None
        )
        made.append(
            determination_build(
                submission=case, profile=profile, facts=facts, history=history, now=now, job=job
            )
        )
    Determination.objects.bulk_create(made, batch_size=500)
    _make_current(cases, made, now=now)
    CaseEvent.objects.bulk_create(
        (
            CaseEvent(
                submission=case,
                kind=CaseEvent.Kind.RE_EVALUATED,
                actor=job.created_by,
                at=now,
                detail={
                    "profile": profile.name,
                    "profile_version": profile.version,
                    "from_verdict": befores[case.pk],
                    "to_verdict": determination.verdict,
                    "clinician_verified": determination.verified_history_id is not None,
                    "job": job.public_id,
                },
            )
            for case, determination in zip(cases, made, strict=True)
        ),
        batch_size=1000,
    )


def _make_current(cases: list[Submission], made: list[Determination], *, now: datetime) -> None:
    """Point each case at its new determination: one UPDATE from two arrays on PostgreSQL
    (Django's bulk_update writes a CASE per row, most of a slice's time); row by row through
    bulk_update elsewhere (SQLite, `make run`)."""
    if connection.vendor != "postgresql":
        for case, determination in zip(cases, made, strict=True):
            case.current_determination = determination
            case.updated_at = now
        Submission.objects.bulk_update(cases, ["current_determination", "updated_at"])
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE screening_submission AS s"
            " SET current_determination_id = v.determination_id, updated_at = %s"
            " FROM unnest(%s::bigint[], %s::bigint[]) AS v(submission_id, determination_id)"
            " WHERE s.id = v.submission_id",
            [now, [c.pk for c in cases], [d.pk for d in made]],
        )


def job_run(
    *,
    job_id: int,
    now_fn: Callable[[], datetime],
    clock: Callable[[], float] = time.monotonic,
) -> None:
    """One task's worth: claim, run slices for RE_EVALUATION_RUN_SECONDS, then hand the job
    to a fresh task if it is not done. `now_fn` gives the time for each slice (the task's
    clock: a run lasts seconds, and each slice's rows carry their own time)."""
    now = now_fn
    token = job_claim(job_id=job_id, now=now())
    if token is None:
        return
    started = clock()
    more = True
    while more and clock() - started < settings.RE_EVALUATION_RUN_SECONDS:
        more = job_run_slice(job_id=job_id, token=token, now=now())
    if more:
        job_release(job_id=job_id, token=token)
        with transaction.atomic():
            _enqueue(job_id)


def jobs_resume_stalled(*, now: datetime, job_id: int | None = None) -> list[int]:
    """Beat, every minute (or an admin, for one job): jobs not done whose run stopped (lease
    over, or never taken) get a new run. The dead run's lease is cleared here, under the row
    lock."""
    resumed = []
    jobs = ReEvaluationJob.objects.select_for_update(skip_locked=True).exclude(status=Status.DONE)
    if job_id is not None:
        jobs = jobs.filter(pk=job_id)
    with transaction.atomic():
        for job in jobs:
            if job.lease_until is not None and job.lease_until > now:
                continue
            if (
                job.lease_until is None
                and job.status == Status.QUEUED
                and job.created_at > now - timedelta(seconds=settings.RE_EVALUATION_LEASE_SECONDS)
            ):
                continue  # just started: its first run is on its way
            job.lease_token = NO_LEASE
            job.lease_until = None
            job.save(update_fields=["lease_token", "lease_until"])
            _enqueue(job.pk)
            resumed.append(job.pk)
    return resumed

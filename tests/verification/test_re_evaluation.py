"""Issue 17, re-evaluating every open case as a Celery job: progress, audited, idempotent per
case, resumable after a crash. The crash is real: a Celery worker killed with SIGKILL mid-run,
then a new worker started; the job finishes with every open case evaluated exactly once."""

import signal
import time
from datetime import timedelta

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from screening.models import AuditEvent, CaseEvent, Determination, ReEvaluationJob, Submission
from screening.staff.roles import ADMIN, CLINICIAN, COORDINATOR
from screening.staff.services import re_evaluation
from tests.conftest import start_celery_worker
from tests.staff.support import clone_cases, make_case, make_staff

from .support import MADRS, VERIFIED_TRIAL, bcbs_case


def _cases(count: int) -> list[Submission]:
    template = make_case("needs_review")
    clone_cases(template, count - 1)
    closed = make_case("meets")
    closed.case_status = Submission.CaseStatus.CLOSED
    closed.close_reason = Submission.CloseReason.values[0]
    closed.save(update_fields=["case_status", "close_reason"])
    return list(re_evaluation.open_cases())


def _run_inline(job: ReEvaluationJob) -> None:
    """What the task does, in this process (the worker tests below use a real worker)."""
    re_evaluation.job_run(job_id=job.pk, now_fn=timezone.now)


def once_each(job: ReEvaluationJob) -> dict[int, int]:
    rows = (
        Determination.objects.filter(re_evaluation_job=job)
        .values("submission_id")
        .annotate(n=Count("id"))
    )
    return {row["submission_id"]: row["n"] for row in rows}


@pytest.mark.django_db
def test_a_job_evaluates_every_open_case_once_in_slices_and_is_audited(
    settings, django_capture_on_commit_callbacks
):
    settings.RE_EVALUATION_BATCH = 7
    open_now = _cases(30)
    admin = make_staff("ada", ADMIN)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = re_evaluation.job_start(
            profile_name="fda-2019", by=admin, ip="127.0.0.1", now=timezone.now()
        )
    assert len(queued) == 1  # the first run, enqueued after commit
    assert job.total == len(open_now) == 30
    _run_inline(job)
    job.refresh_from_db()
    assert job.status == "done" and job.done == 30 and job.finished_at
    assert once_each(job) == {case.pk: 1 for case in open_now}
    for case in Submission.objects.filter(pk__in=[c.pk for c in open_now]):
        assert case.current_determination.re_evaluation_job_id == job.pk
        assert case.current_determination.profile_name == "fda-2019"
    closed = Submission.objects.get(case_status="closed")
    assert closed.current_determination.re_evaluation_job_id is None
    events = CaseEvent.objects.filter(kind=CaseEvent.Kind.RE_EVALUATED, detail__job=job.public_id)
    assert events.count() == 30
    actions = list(
        AuditEvent.objects.filter(object_id=job.public_id)
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions == ["re_evaluation_started", "re_evaluation_finished"]
    # Running it again changes nothing: the job is done.
    _run_inline(job)
    assert Determination.objects.filter(re_evaluation_job=job).count() == 30


@pytest.mark.django_db
def test_the_job_uses_the_clinician_s_verified_history(staff_client, settings):
    client = staff_client(CLINICIAN)
    case = bcbs_case()
    client.post(reverse("staff_case_verify_trial", args=[case.public_id]), VERIFIED_TRIAL)
    client.post(reverse("staff_case_verify_clinical", args=[case.public_id]), MADRS)
    job = re_evaluation.job_start(
        profile_name="bcbsma-spravato", by=client.user, ip=None, now=timezone.now()
    )
    _run_inline(job)
    case.refresh_from_db()
    assert case.current_determination.re_evaluation_job_id == job.pk
    assert case.current_determination.verdict == "meets"
    assert case.current_determination.verified_history.version == 2


@pytest.mark.django_db
def test_a_second_run_never_works_on_a_job_another_run_holds(settings):
    settings.RE_EVALUATION_BATCH = 5
    _cases(12)
    job = re_evaluation.job_start(
        profile_name="fda-2019", by=make_staff("ada", ADMIN), ip=None, now=timezone.now()
    )
    now = timezone.now()
    token = re_evaluation.job_claim(job_id=job.pk, now=now)
    assert token
    assert re_evaluation.job_claim(job_id=job.pk, now=now) is None
    assert re_evaluation.job_run_slice(job_id=job.pk, token="someone-else", now=now) is False
    assert re_evaluation.job_run_slice(job_id=job.pk, token=token, now=now) is True
    # The holder dies; until its lease ends nobody else takes the job, then beat hands it on.
    assert re_evaluation.jobs_resume_stalled(now=now) == []
    later = now + timedelta(seconds=settings.RE_EVALUATION_LEASE_SECONDS + 1)
    assert re_evaluation.jobs_resume_stalled(now=later) == [job.pk]
    new_token = re_evaluation.job_claim(job_id=job.pk, now=later)
    assert new_token and new_token != token
    while re_evaluation.job_run_slice(job_id=job.pk, token=new_token, now=later):
        pass
    job.refresh_from_db()
    assert job.status == "done" and job.done == 12 and job.runs == 2
    assert set(once_each(job).values()) == {1} and len(once_each(job)) == 12
    assert AuditEvent.objects.filter(action="re_evaluation_resumed", object_id=job.public_id)


def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_run_and_restarted_finishes_with_every_case_once(tmp_path, settings):
    batch = 20
    settings.RE_EVALUATION_BATCH = batch
    open_now = _cases(1500)
    env = {"RE_EVALUATION_BATCH": str(batch)}
    worker = start_celery_worker(tmp_path, extra_env=env)
    try:
        job = re_evaluation.job_start(
            profile_name="atrq-strict", by=make_staff("ada", ADMIN), ip=None, now=timezone.now()
        )

        def part_done() -> bool:
            job.refresh_from_db()
            return job.done >= 3 * batch

        assert _wait(part_done, 60), worker.log()
        worker.stop(signal.SIGKILL)  # the whole worker, mid-run: no warm shutdown, no ack
        job.refresh_from_db()
        assert job.status == "running" and 0 < job.done < job.total, "killed too late"
        stopped_at = job.done
        # Only whole slices were kept: every case up to the cursor, none after it.
        done_ids = set(once_each(job))
        assert len(done_ids) == job.done and max(done_ids) == job.cursor
    finally:
        worker.stop(signal.SIGKILL)

    worker = start_celery_worker(tmp_path, extra_env=env)
    try:
        # Beat's every-minute check, once the dead run's lease is over.
        later = timezone.now() + timedelta(seconds=settings.RE_EVALUATION_LEASE_SECONDS + 1)
        assert re_evaluation.jobs_resume_stalled(now=later) == [job.pk]

        def finished() -> bool:
            job.refresh_from_db()
            return job.status == "done"

        assert _wait(finished, 120), worker.log()
    finally:
        worker.stop()
    assert job.done == job.total == len(open_now) and job.done > stopped_at
    assert job.runs >= 2
    assert once_each(job) == {case.pk: 1 for case in open_now}  # every case, exactly once
    assert CaseEvent.objects.filter(detail__job=job.public_id).count() == len(open_now)
    actions = set(
        AuditEvent.objects.filter(object_id=job.public_id)
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions == {"re_evaluation_started", "re_evaluation_resumed", "re_evaluation_finished"}


# --- The admin page ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [COORDINATOR, CLINICIAN, ADMIN])
def test_only_admins_open_start_and_resume_re_evaluations(
    staff_client, role, django_capture_on_commit_callbacks
):
    client = staff_client(role)
    make_case("meets")
    allowed = role == ADMIN
    page = client.get(reverse("staff_re_evaluation"))
    assert page.status_code == (200 if allowed else 404)
    assert "no-store" in page["Cache-Control"]
    with django_capture_on_commit_callbacks(execute=False):
        started = client.post(reverse("staff_re_evaluation"), {"profile": "fda-2019"})
    assert started.status_code == (302 if allowed else 404)
    assert ReEvaluationJob.objects.exists() is allowed
    job = ReEvaluationJob.objects.first() or ReEvaluationJob.objects.create(
        profile_name="fda-2019", profile_version=2, created_at=timezone.now()
    )
    resumed = client.post(reverse("staff_re_evaluation_resume", args=[job.public_id]))
    assert resumed.status_code == (302 if allowed else 404)
    if allowed:
        html = client.get(reverse("staff_re_evaluation")).content.decode()
        assert "fda-2019 v2" in html and "0 of 1" in html
    else:
        assert AuditEvent.objects.filter(outcome="denied", username=client.user.username)


@pytest.mark.django_db
def test_a_bad_profile_is_answered_beside_the_field(staff_client):
    client = staff_client(ADMIN)
    response = client.post(reverse("staff_re_evaluation"), {"profile": "no-such"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not ReEvaluationJob.objects.exists()

"""How fast does the admins' job re-evaluate every open case? Target (issue 17): 100,000 open
cases under a new profile, end to end through the job, in 90 s or less.

Creates a scratch PostgreSQL database (dropped afterwards), migrates it, and bulk-inserts N open
submitted cases (default 100,000; `BENCH_RE_EVALUATION_N` or the first argument), each with a
real intake's answers, its two or three medication trials and its PHQ-9 and GAD-7 rows copied
from cases made through the intake services, and a current determination; 1 % of them carry a
clinician's verified history. Then one real `celery worker` (one process: a job is worked by
one run at a time) is started on a queue of its own, the job is started through the service
the admin page calls, and the clock runs until the job is done. Afterwards every open case is
checked to have exactly one determination from the job. Run with `make bench-re-evaluation`.
"""

import os
import platform
import random
import secrets
import subprocess
import sys
import time
from pathlib import Path

import scratch_db

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SCRATCH_DB = os.environ.get("BENCH_RE_EVALUATION_DB", "trd_bench_re_evaluation")
TARGET_SECONDS = 90.0
BATCH = 5000
OPEN_STATUSES = ("new", "in_review", "contacted", "scheduled")
VERIFIED_SHARE = 0.01


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line for line in cpuinfo.read_text().splitlines() if line.startswith("model name")]
        cpu = names[0].split(":", 1)[1].strip() if names else cpu
    return f"{cpu} cpus={os.cpu_count()} python={platform.python_version()}"


def configure() -> str:
    database_url = scratch_db.recreate(SCRATCH_DB)
    queue = f"bench-re-evaluation-{secrets.token_hex(4)}"
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "bench-only"),
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="trd_clinic.settings",
        CELERY_TASK_DEFAULT_QUEUE=queue,
        LOG_LEVEL="WARNING",
    )
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    return queue


def generate(count: int) -> None:
    """`count` open cases in bulk, copied from real ones: answers, trials, scales, determination."""
    from django.db import connection
    from django.utils import timezone

    from screening.demo import cases as demo_cases
    from screening.demo.seed import submission_from_facts
    from screening.models import (
        Determination,
        MedicationTrial,
        ScaleResponse,
        Submission,
        VerifiedHistory,
        VerifiedTrial,
    )

    rng = random.Random(17)
    now = timezone.now()
    templates = [
        submission_from_facts(facts=facts, now=now)
        for facts in (demo_cases.MEETS, demo_cases.NEEDS_REVIEW, demo_cases.DOES_NOT_MEET)
    ]
    kept = {t.pk for t in templates}
    parts = {
        t.pk: (
            list(t.trials.all()),
            list(t.scale_responses.all()),
            t.current_determination,
        )
        for t in templates
    }
    written = 0
    while written < count:
        size = min(BATCH, count - written)
        chosen = [rng.choice(templates) for _ in range(size)]
        cases = Submission.objects.bulk_create(
            [
                Submission(
                    state=Submission.State.SUBMITTED,
                    answers=template.answers,
                    steps_completed=template.steps_completed,
                    date_of_birth=template.date_of_birth,
                    contact_method=template.contact_method,
                    first_name=f"First{written + index}",
                    last_name=f"Last{written + index}",
                    email=f"person{written + index}@example.org",
                    submitted_at=now,
                    case_status=rng.choice(OPEN_STATUSES),
                    insurer=rng.choice(("bcbsma", "masshealth", "")),
                )
                for index, template in enumerate(chosen)
            ],
            batch_size=BATCH,
        )
        trials, scales, determinations, verified = [], [], [], []
        for case, template in zip(cases, chosen, strict=True):
            template_trials, template_scales, determination = parts[template.pk]
            for trial in template_trials:
                trials.append(MedicationTrial(**_copy(trial, submission=case)))
            for response in template_scales:
                scales.append(ScaleResponse(**_copy(response, submission=case)))
            determinations.append(Determination(**_copy(determination, submission=case)))
            if rng.random() < VERIFIED_SHARE:
                verified.append((case, template_trials))
        MedicationTrial.objects.bulk_create(trials, batch_size=BATCH)
        ScaleResponse.objects.bulk_create(scales, batch_size=BATCH)
        Determination.objects.bulk_create(determinations, batch_size=BATCH)
        histories = VerifiedHistory.objects.bulk_create(
            [
                VerifiedHistory(
                    submission=case, version=1, created_at=now, reason="bench", madrs=31,
                    madrs_rated_on=now.date(),
                )
                for case, _ in verified
            ]
        )  # fmt: skip
        VerifiedTrial.objects.bulk_create(
            [
                VerifiedTrial(
                    history=history,
                    position=trial.position,
                    patient_position=trial.position,
                    source="pharmacy",
                    **{
                        f: getattr(trial, f)
                        for f in ("medication", "dose_mg", "weeks", "total_weeks", "adherence",
                                  "improvement", "stopped_for_side_effects", "current_episode",
                                  "augmented_with")
                    },
                )
                for history, (_, template_trials) in zip(histories, verified, strict=True)
                for trial in template_trials
            ]
        )  # fmt: skip
        # Per batch: one UPDATE of every case would outlast the statement timeout.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE screening_submission s SET current_determination_id = d.id"
                " FROM screening_determination d"
                " WHERE d.submission_id = s.id AND s.id = ANY(%s)",
                [[case.pk for case in cases]],
            )
        written += size
        print(f"  {written:>7} cases written", end="\r", flush=True)
    # The three templates were made through the intake; only the copies are measured.
    Submission.objects.filter(pk__in=kept).update(case_status="closed", close_reason="duplicate")
    with connection.cursor() as cursor:
        # Setting up only: the whole database's VACUUM outlasts the app's statement timeout.
        cursor.execute("SET statement_timeout = 0")
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("RESET statement_timeout")
    print()


def _copy(row, **changes):  # type: ignore[no-untyped-def]
    values = {
        f.attname: getattr(row, f.attname)
        for f in row._meta.concrete_fields
        if not f.primary_key and f.attname != "submission_id"
    }
    values.update(changes)
    return values


def start_worker(log_path: Path) -> subprocess.Popen[bytes]:
    from tests.conftest import wait_for_ping

    queue = os.environ["CELERY_TASK_DEFAULT_QUEUE"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "trd_clinic", "worker", "--loglevel=WARNING",
             "--concurrency=1", "--pool=prefork", "-Q", queue,
             "--without-mingle", "--without-gossip"],
            cwd=REPO, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    if not wait_for_ping(30.0, queue):
        process.kill()
        sys.exit(f"the worker did not start:\n{log_path.read_text()}")
    return process


def main() -> None:
    count = (
        int(sys.argv[1])
        if len(sys.argv) > 1
        else int(os.environ.get("BENCH_RE_EVALUATION_N", 100_000))
    )
    configure()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, connections
    from django.db.models import Count
    from django.utils import timezone

    from screening.models import Determination, ReEvaluationJob
    from screening.staff.services.re_evaluation import job_start, open_cases

    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-re-evaluation-{os.getpid()}.log"
    worker = None
    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        print(f"Generating {count} open cases in {SCRATCH_DB} ...")
        generate(count)
        print(f"  generated in {time.perf_counter() - started:.0f} s")
        admin, _ = get_user_model().objects.get_or_create(username="bench-admin")
        worker = start_worker(log_path)
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            postgres = cursor.fetchone()[0].split(",")[0]
        started = time.perf_counter()
        job = job_start(profile_name="bcbsma-spravato", by=admin, ip=None, now=timezone.now())
        while True:
            job.refresh_from_db()
            if job.status == ReEvaluationJob.Status.DONE:
                break
            if worker.poll() is not None or time.perf_counter() - started > 600:
                sys.exit(f"the job did not finish:\n{log_path.read_text()}")
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        per_case = (
            Determination.objects.filter(re_evaluation_job=job)
            .values("submission_id")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .count()
        )
        made = Determination.objects.filter(re_evaluation_job=job).count()
        expected = open_cases().count()
        print(f"machine: {machine()}")
        print(f"database: {postgres}")
        print(
            f"Re-evaluated {job.done} of {job.total} open cases under {job.profile_name}"
            f" v{job.profile_version} in {elapsed:.1f} s ({job.done / elapsed:.0f} cases/s,"
            f" {job.runs} task runs)"
        )
        ok = made == expected == job.done and per_case == 0
        print(f"every open case once: {'yes' if ok else 'NO'} ({made} determinations)")
        verdict = "meets" if elapsed <= TARGET_SECONDS and ok else "MISSES"
        print(f"{elapsed:.1f} s: {verdict} the {TARGET_SECONDS:.0f} s target")
        if not ok:
            sys.exit(1)
    finally:
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, 15)
            worker.wait(timeout=30)
        connections.close_all()
        if os.environ.get("BENCH_RE_EVALUATION_KEEP") != "1":
            scratch_db.drop(SCRATCH_DB)


if __name__ == "__main__":
    main()

"""Benchmark: reminders dispatched and sent per second, one Celery worker, loopback SMTP.

    .venv/bin/python bench/bench_reminders.py [--count 1000] [--concurrency N ...]

Creates a scratch PostgreSQL database (dropped afterwards) and N drafts at step 2 through the
intake services, each with its resume-link email due now: the full patient path (row locks,
relevance, consent, the budget query, a fresh single-use token, two templates, SMTP, the commit).
Then, for each pool size asked for, it starts one `celery worker` on a queue of its own on the
real Redis (REDIS_URL), runs the dispatcher once and times until the loopback aiosmtpd server
has every message and every row says SENT. Target (issue 7): at least 100 reminders/s with one
worker at its default pool size (one process per CPU, as `celery worker` starts); a pool of one
is printed too, for comparison. Exits 1 below target for the first pool size. Run with
`make bench-reminders`.
"""

import argparse
import os
import platform
import secrets
import subprocess
import sys
import time
from pathlib import Path

import scratch_db

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SCRATCH_DB = "trd_bench_reminders"
TARGET_PER_SECOND = 100.0


def configure() -> str:
    database_url = scratch_db.recreate(SCRATCH_DB)
    queue = f"bench-reminders-{secrets.token_hex(4)}"
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "bench-only"),
        DJANGO_SETTINGS_MODULE="trd_clinic.settings",
        CELERY_TASK_DEFAULT_QUEUE=queue,
        LOG_LEVEL="WARNING",
    )
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    return queue


def make_drafts(count: int) -> float:
    from django.utils import timezone

    from screening.demo.seed import FULL_CONSENT
    from screening.intake import services as intake

    started = time.perf_counter()
    now = timezone.now()
    for n in range(count):
        draft, _ = intake.draft_start(consents=FULL_CONSENT, now=now)
        intake.draft_save_about(
            submission_id=draft.pk,
            first_name="Alex",
            last_name="Bench",
            date_of_birth=None,
            email=f"bench-{n}@example.org",
            phone="",
            preferred_location=None,
            contact_method="email",
            now=now,
        )
    return time.perf_counter() - started


def start_worker(concurrency: int, smtp_url: str, log_path: Path) -> subprocess.Popen[bytes]:
    from tests.conftest import wait_for_ping

    env = dict(os.environ, EMAIL_URL=smtp_url)
    queue = os.environ["CELERY_TASK_DEFAULT_QUEUE"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "trd_clinic", "worker", "--loglevel=WARNING",
             f"--concurrency={concurrency}", "--pool=prefork", "-Q", queue,
             "--without-mingle", "--without-gossip"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    if not wait_for_ping(30.0, queue):
        process.kill()
        sys.exit(f"the worker did not start:\n{log_path.read_text()}")
    return process


def run_once(count: int, concurrency: int, smtp, log_path: Path) -> tuple[float, float, float]:
    """(drafts set up in s, dispatched per s, dispatched and sent per s)."""
    from django.utils import timezone

    from screening.models import Reminder
    from screening.reminders.dispatch import reminders_dispatch

    setup = make_drafts(count)
    worker = start_worker(concurrency, smtp.url, log_path)
    try:
        smtp.handler.reset()
        started = time.perf_counter()
        handed = reminders_dispatch(now=timezone.now())
        dispatched = time.perf_counter()
        assert len(handed) == count, (len(handed), count)
        deadline = started + 300
        while smtp.handler.count() < count and time.perf_counter() < deadline:
            time.sleep(0.005)
        while (
            Reminder.objects.filter(pk__in=handed, status=Reminder.Status.SENT).count() < count
            and time.perf_counter() < deadline
        ):
            time.sleep(0.01)
        finished = time.perf_counter()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    sent = Reminder.objects.filter(pk__in=handed, status=Reminder.Status.SENT).count()
    if sent != count or smtp.handler.count() != count:
        sys.exit(f"only {sent} of {count} sent ({smtp.handler.count()} reached SMTP)")
    return setup, count / (dispatched - started), count / (finished - started)


def machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    import redis

    redis_version = redis.Redis.from_url(os.environ["REDIS_URL"]).info()["redis_version"]
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}; "
        f"PostgreSQL {postgres}; Redis {redis_version}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="reminders per run")
    parser.add_argument(
        "--concurrency",
        type=int,
        nargs="+",
        default=[os.cpu_count() or 1, 1],
        help="worker pool sizes to try; the first is held to the target",
    )
    args = parser.parse_args()
    queue = configure()

    import django

    django.setup()
    import redis
    from django.core.management import call_command

    from tests.reminders.smtp import SmtpServer

    call_command("migrate", verbosity=0)
    smtp = SmtpServer().start()
    print(
        f"Reminders benchmark: {args.count} resume-link emails per run, one worker, loopback SMTP"
    )
    print(f"Machine: {machine()}")
    results = []
    try:
        for concurrency in args.concurrency:
            log_path = REPO / "var" / f"bench-reminders-worker-{concurrency}.log"
            log_path.parent.mkdir(exist_ok=True)
            setup, dispatch_rate, sent_rate = run_once(args.count, concurrency, smtp, log_path)
            results.append(sent_rate)
            print(
                f"  worker --concurrency={concurrency}: dispatched {dispatch_rate:8.0f}/s, "
                f"dispatched and sent {sent_rate:6.0f}/s  (setup of {args.count} drafts "
                f"{setup:.1f} s)"
            )
    finally:
        smtp.stop()
        redis.Redis.from_url(os.environ["REDIS_URL"]).delete(queue)
        from django.db import connections

        connections.close_all()
        scratch_db.drop(SCRATCH_DB)
    verdict = "meets" if results[0] >= TARGET_PER_SECOND else "BELOW"
    print(
        f"Target: {TARGET_PER_SECOND:.0f}/s sent with one worker "
        f"(--concurrency={args.concurrency[0]}) -> {verdict}"
    )
    if results[0] < TARGET_PER_SECOND:
        sys.exit(1)


if __name__ == "__main__":
    main()

"""How fast is the staff queue with a clinic's years of cases? Target: a page of 50 in under
150 ms with 100,000 submissions in PostgreSQL (issue 6).

Creates a scratch PostgreSQL database (dropped afterwards), migrates it, and bulk-inserts N
submitted cases (default 100,000; `BENCH_QUEUE_N` or the first argument) with determinations
copied from real ones made by the engine, spread over verdicts, statuses, locations, urgent
flags and three years. Then a clinician signs in (password + a real TOTP code) and the queue's
first page is fetched through Django's test client (the whole request: middleware, session,
second factor, audit write, two queries, template), best and median of several runs.
Run with `make bench-queue`. BENCH_QUEUE_KEEP=1 keeps the database afterwards (to EXPLAIN a
query by hand); BENCH_QUEUE_REUSE=1 then times it again without generating anew.
"""

import os
import platform
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import scratch_db

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# Its own name per engineer when several share one server (BENCH_QUEUE_DB).
SCRATCH_DB = os.environ.get("BENCH_QUEUE_DB", "trd_bench_queue")
TARGET_MS = 150.0
RUNS = 15
BATCH = 5000
# A mature clinic: most cases long closed, a working queue of the recent ones.
STATUS_WEIGHTS = {"new": 8, "in_review": 4, "contacted": 4, "scheduled": 4, "closed": 80}
VERDICT_WEIGHTS = {"meets": 40, "needs_review": 30, "does_not_meet": 30}
URGENT_SHARE = 0.03


def machine() -> str:
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("\n")[0].split()[1])
        memory = f" memory={kib / 1024 / 1024:.0f} GiB"
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line for line in cpuinfo.read_text().splitlines() if line.startswith("model name")]
        cpu = names[0].split(":", 1)[1].strip() if names else cpu
    return f"{cpu} cpus={os.cpu_count()}{memory} python={platform.python_version()}"


def generate(count: int) -> None:
    """`count` submitted cases in bulk, each with a determination copied from an engine run."""
    from django.db import connection
    from django.utils import timezone

    from screening.demo import cases as demo_cases
    from screening.demo.seed import submission_from_facts
    from screening.models import Determination, Location, Submission

    rng = random.Random(6)
    now = timezone.now()
    woburn = Location.objects.get(name="Woburn")
    danvers = Location.objects.get(name="Danvers")
    locations = [woburn, danvers, None]
    templates = {}
    for facts in (demo_cases.MEETS, demo_cases.NEEDS_REVIEW, demo_cases.DOES_NOT_MEET):
        made = submission_from_facts(facts=facts, now=now)
        templates[made.current_determination.verdict] = made.current_determination
    # Every generated case carries a real intake's answers, as wide as a real row.
    answers, steps = made.answers, made.steps_completed
    statuses, status_weights = zip(*STATUS_WEIGHTS.items(), strict=True)
    verdicts, verdict_weights = zip(*VERDICT_WEIGHTS.items(), strict=True)
    three_years = 3 * 365 * 24 * 3600
    written = 0
    while written < count:
        size = min(BATCH, count - written)
        cases = []
        for index in range(written, written + size):
            received = now - timedelta(seconds=rng.randrange(three_years))
            status = rng.choices(statuses, status_weights)[0]
            urgent = rng.random() < URGENT_SHARE
            cases.append(
                Submission(
                    state=Submission.State.SUBMITTED,
                    answers=answers,
                    steps_completed=steps,
                    date_of_birth=made.date_of_birth,
                    contact_method=made.contact_method,
                    first_name=f"First{index}",
                    last_name=f"Last{index}",
                    email=f"person{index}@example.org",
                    phone=f"+1617{index:07d}",
                    preferred_location=rng.choice(locations),
                    submitted_at=received,
                    case_status=status,
                    close_reason="not_interested" if status == "closed" else "",
                    urgent=urgent,
                    # Most urgent flags were taken on long ago; the recent few are not.
                    urgent_acknowledged_at=received if urgent and rng.random() < 0.9 else None,
                )
            )
        made_cases = Submission.objects.bulk_create(cases, batch_size=BATCH)
        determinations = []
        for case in made_cases:
            template = templates[rng.choices(verdicts, verdict_weights)[0]]
            determinations.append(
                Determination(
                    submission=case,
                    created_at=case.submitted_at,
                    profile_name=template.profile_name,
                    profile_version=template.profile_version,
                    profile_parameters=template.profile_parameters,
                    facts=template.facts,
                    result=template.result,
                    explanation=template.explanation,
                    verdict=template.verdict,
                    urgent=case.urgent,
                    phq9_severity=template.phq9_severity,
                    msm_band=template.msm_band,
                )
            )
        Determination.objects.bulk_create(determinations, batch_size=BATCH)
        written += size
        print(f"  {written:>7} cases written", end="\r", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE screening_submission s SET current_determination_id = d.id"
            " FROM screening_determination d"
            " WHERE d.submission_id = s.id AND s.current_determination_id IS NULL"
        )
        cursor.execute("VACUUM ANALYZE")
    print()


def form_post(client, url: str, data: dict):
    """POST as a browser sends a form without files (the app refuses multipart bodies)."""
    return client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")


def timed(client, url: str) -> list[float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_QUEUE_N", 100_000))
    keep = os.environ.get("BENCH_QUEUE_KEEP") == "1"
    reuse = os.environ.get("BENCH_QUEUE_REUSE") == "1"
    if not reuse:
        scratch_db.recreate(SCRATCH_DB)
    os.environ["DATABASE_URL"] = f"{scratch_db.SERVER}/{SCRATCH_DB}"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ["DJANGO_SETTINGS_MODULE"] = "trd_clinic.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment
    from django.urls import reverse
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from screening.models import Submission
    from screening.staff.roles import CLINICIAN

    try:
        call_command("migrate", verbosity=0)
        if reuse:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        setup_test_environment()
        if not reuse:
            call_command("load_demo_data", verbosity=0)
            started = time.perf_counter()
            print(f"Generating {count} submitted cases in {SCRATCH_DB} ...")
            generate(count)
            print(f"  generated in {time.perf_counter() - started:.0f} s")
        password = "bench password, long enough"
        user, _ = get_user_model().objects.get_or_create(username="bench-clinician")
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=CLINICIAN))
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        with override_settings(
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
        ):
            client = Client()
            form_post(
                client, reverse("staff_login"), {"username": user.username, "password": password}
            )
            code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
            response = form_post(client, reverse("staff_verify"), {"token": code})
            assert response.status_code == 302, "the second factor was not accepted"
            submitted = Submission.objects.filter(state="submitted").count()
            open_cases = (
                Submission.objects.filter(state="submitted").exclude(case_status="closed").count()
            )
            filtered = form_post(
                client, reverse("staff_queue"), {"status": "open", "verdict": "meets"}
            )
            every_status = form_post(client, reverse("staff_queue"), {"status": "all"})
            search = form_post(
                client, reverse("staff_queue"), {"status": "open", "search": "Last4242"}
            )
            pages = [
                ("queue, first page", reverse("staff_queue")),
                ("queue, page 100", reverse("staff_queue") + "?page=100"),
                ("queue, verdict meets", filtered["Location"]),
                ("queue, closed included", every_status["Location"]),
                ("queue, name search", search["Location"]),
            ]
            with connection.cursor() as cursor:
                cursor.execute("SELECT version()")
                postgres = cursor.fetchone()[0].split(",")[0]
            print(
                f"Staff queue timings, ms ({RUNS} runs each after 2 warm-ups; {submitted}"
                f" submissions, {open_cases} open)"
            )
            print(f"machine: {machine()}")
            print(f"database: {postgres}")
            print(f"{'page':<24}{'best':>8}{'median':>9}{'worst':>8}")
            first_page_median = 0.0
            for name, url in pages:
                client.get(url)
                client.get(url)
                times = timed(client, url)
                median = statistics.median(times)
                if name == "queue, first page":
                    first_page_median = median
                print(f"{name:<24}{min(times):>8.1f}{median:>9.1f}{max(times):>8.1f}")
            verdict = "meets" if first_page_median < TARGET_MS else "MISSES"
            print(
                f"first page median {first_page_median:.1f} ms: {verdict} the"
                f" {TARGET_MS:.0f} ms target"
            )
    finally:
        connections.close_all()
        if not keep:
            scratch_db.drop(SCRATCH_DB)


if __name__ == "__main__":
    main()

"""How fast is the outcomes page with a clinic's 100,000 cases? Target: under 1 s (issue 18).

Creates a scratch PostgreSQL database (dropped afterwards), migrates it, and bulk-inserts N
submitted cases (default 100,000; `BENCH_OUTCOMES_N` or the first argument) spread over
`BENCH_OUTCOMES_YEARS` years (default 3, as bench_queue.py: a mature clinic, a third of its
cases inside the page's twelve months; 1 puts every case inside them, the worst case): each
with the answers of a real intake, its determination (copied from real ones made by the
engine), its intake PHQ-9, contact attempts for most, check-in messages sent and check-in
PHQ-9s for many; plus a third as many drafts that stopped part-way and purged-draft tallies
for every month. Then an admin signs in (password + a real
TOTP code) and the page and its CSV are fetched through Django's test client (the whole
request: middleware, session, second factor, audit write, the four queries, the charts), best
and median of several runs. Exits 1 when the page's median is over the target.
Run with `make bench-outcomes`. BENCH_OUTCOMES_KEEP=1 keeps the database afterwards;
BENCH_OUTCOMES_REUSE=1 then times it again without generating anew.
"""

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

import scratch_db
from bench_queue import form_post, machine

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SCRATCH_DB = os.environ.get("BENCH_OUTCOMES_DB", "trd_bench_outcomes")
TARGET_MS = 1000.0
RUNS = 7
BATCH = 5000
VERDICT_WEIGHTS = {"meets": 40, "needs_review": 30, "does_not_meet": 30}
CONTACTED_SHARE = 0.85
CHECKIN_SHARE = 0.6  # cases sent check-ins (two each)
ANSWERED_SHARE = 0.55  # of those, answered each one
DRAFT_SHARE = 1 / 3  # drafts that stopped part-way, per submitted case


def generate(count: int, years: int) -> None:
    """`count` submitted cases (and their rows) in bulk, spread over the last `years` years."""
    from django.db import connection
    from django.utils import timezone

    from screening.demo import cases as demo_cases
    from screening.demo.seed import submission_from_facts
    from screening.intake.steps import STEPS_TO_SUBMIT
    from screening.models import (
        CaseEvent,
        Determination,
        PurgedDraftTally,
        Reminder,
        ScaleResponse,
        Submission,
    )

    rng = random.Random(18)
    now = timezone.now()
    templates = {}
    for facts in (demo_cases.MEETS, demo_cases.NEEDS_REVIEW, demo_cases.DOES_NOT_MEET):
        made = submission_from_facts(facts=facts, now=now)
        templates[made.current_determination.verdict] = made.current_determination
    answers, steps = made.answers, made.steps_completed
    verdicts, verdict_weights = zip(*VERDICT_WEIGHTS.items(), strict=True)
    span = years * 360 * 24 * 3600
    written = 0
    while written < count:
        size = min(BATCH, count - written)
        cases = [
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
                submitted_at=now - timedelta(seconds=rng.randrange(span)),
                case_status="closed",
                close_reason="not_interested",
            )
            for index in range(written, written + size)
        ]
        cases = Submission.objects.bulk_create(cases, batch_size=BATCH)
        determinations, scales, events, reminders = [], [], [], []
        for case in cases:
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
                    phq9_severity=template.phq9_severity,
                    msm_band=template.msm_band,
                )
            )
            baseline = rng.randrange(5, 28)
            scales.append(_phq9(case, baseline, "intake", case.submitted_at))
            if rng.random() < CONTACTED_SHARE:
                first = case.submitted_at + timedelta(minutes=rng.randrange(10, 5 * 24 * 60))
                for attempt in range(rng.randrange(1, 4)):
                    events.append(
                        CaseEvent(
                            submission=case,
                            kind=CaseEvent.Kind.CONTACT_ATTEMPT,
                            at=first + timedelta(days=attempt),
                            detail={"channel": "phone", "outcome": "no_answer"},
                        )
                    )
            if rng.random() < CHECKIN_SHARE:
                for sequence, weeks in ((1, 2), (2, 4)):
                    sent = case.submitted_at + timedelta(weeks=weeks)
                    reminders.append(
                        Reminder(
                            submission=case,
                            kind=Reminder.Kind.CHECKIN,
                            sequence=sequence,
                            due_at=sent,
                            sent_at=sent,
                            status=Reminder.Status.SENT,
                        )
                    )
                    if rng.random() < ANSWERED_SHARE:
                        total = max(0, baseline - rng.randrange(0, 20))
                        scales.append(_phq9(case, total, "checkin", sent + timedelta(hours=5)))
        Determination.objects.bulk_create(determinations, batch_size=BATCH)
        ScaleResponse.objects.bulk_create(scales, batch_size=BATCH)
        CaseEvent.objects.bulk_create(events, batch_size=BATCH)
        Reminder.objects.bulk_create(reminders, batch_size=BATCH)
        # Drafts that stopped part-way, with the same width of answers.
        drafts = [
            Submission(
                answers=answers,
                steps_completed=list(STEPS_TO_SUBMIT[: rng.randrange(1, len(STEPS_TO_SUBMIT))]),
            )
            for _ in range(int(size * DRAFT_SHARE))
        ]
        Submission.objects.bulk_create(drafts, batch_size=BATCH)
        written += size
        print(f"  {written:>7} cases written", end="\r", flush=True)
    tallies = []
    for months_back in range(12 * years):
        month = (now - timedelta(days=30 * months_back)).date().replace(day=1)
        for step in ("", *STEPS_TO_SUBMIT):
            tallies.append(PurgedDraftTally(month=month, step=step, drafts=rng.randrange(50, 500)))
    PurgedDraftTally.objects.bulk_create(tallies, ignore_conflicts=True)
    with connection.cursor() as cursor:
        # created_at is auto_now_add: the cases were started a few days before submitting, the
        # drafts at random in the year.
        cursor.execute(
            "UPDATE screening_submission SET created_at = submitted_at - interval '2 days'"
            " WHERE submitted_at IS NOT NULL"
        )
        cursor.execute(
            "UPDATE screening_submission SET created_at = now() - random() * %s * interval"
            " '360 days' WHERE submitted_at IS NULL",
            [years],
        )
        cursor.execute(
            "UPDATE screening_submission s SET current_determination_id = d.id"
            " FROM screening_determination d"
            " WHERE d.submission_id = s.id AND s.current_determination_id IS NULL"
        )
        cursor.execute("VACUUM ANALYZE")
    print()


def _phq9(case, total: int, source: str, at):
    from screening.models import ScaleResponse

    return ScaleResponse(
        submission=case,
        scale="phq9",
        source=source,
        answers=[1] * 9,
        total=total,
        recorded_at=at,
    )


def timed(client, url: str) -> list[float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def main() -> int:
    count = (
        int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_OUTCOMES_N", 100_000))
    )
    years = int(os.environ.get("BENCH_OUTCOMES_YEARS", 3))
    keep = os.environ.get("BENCH_OUTCOMES_KEEP") == "1"
    reuse = os.environ.get("BENCH_OUTCOMES_REUSE") == "1"
    if not reuse:
        scratch_db.recreate(SCRATCH_DB)
    os.environ["DATABASE_URL"] = f"{scratch_db.SERVER}/{SCRATCH_DB}"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SITE_URL", "http://testserver")
    # Generating and VACUUM ANALYZE take longer than a request may: the page is timed anyway.
    os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "600000")
    os.environ["DJANGO_SETTINGS_MODULE"] = "trd_clinic.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment
    from django.urls import reverse
    from django.utils import timezone
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from screening.models import Submission
    from screening.staff.roles import ADMIN

    try:
        call_command("migrate", verbosity=0)
        if reuse:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        setup_test_environment()
        if not reuse:
            call_command("load_demo_data", verbosity=0)
            started = time.perf_counter()
            print(f"Generating {count} submitted cases over {years} years in {SCRATCH_DB} ...")
            generate(count, years)
            print(f"  generated in {time.perf_counter() - started:.0f} s")
        password = "bench password, long enough"
        user, _ = get_user_model().objects.get_or_create(username="bench-admin")
        user.set_password(password)
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=ADMIN))
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
            drafts = Submission.objects.filter(state="draft").count()
            since = timezone.now() - timedelta(days=365)
            in_window = Submission.objects.filter(submitted_at__gte=since).count()
            with connection.cursor() as cursor:
                cursor.execute("SELECT version()")
                postgres = cursor.fetchone()[0].split(",")[0]
            page = reverse("staff_outcomes")
            with CaptureQueriesContext(connection) as queries:
                client.get(page)
            print(
                f"Outcomes page timings, ms ({RUNS} runs each after 2 warm-ups; {submitted}"
                f" submitted cases, {in_window} in the last year, {drafts} drafts;"
                f" {len(queries)} queries per page)"
            )
            print(f"machine: {machine()}")
            print(f"database: {postgres}")
            print(f"{'page':<24}{'best':>8}{'median':>9}{'worst':>8}")
            page_median = 0.0
            for name, url in (
                ("outcomes page", page),
                ("outcomes CSV", reverse("staff_outcomes_csv")),
            ):
                client.get(url)
                client.get(url)
                times = timed(client, url)
                median = statistics.median(times)
                if name == "outcomes page":
                    page_median = median
                print(f"{name:<24}{min(times):>8.1f}{median:>9.1f}{max(times):>8.1f}")
            meets = page_median < TARGET_MS
            print(
                f"page median {page_median:.1f} ms: {'meets' if meets else 'MISSES'} the"
                f" {TARGET_MS:.0f} ms target"
            )
            return 0 if meets else 1
    finally:
        connections.close_all()
        if not keep:
            scratch_db.drop(SCRATCH_DB)


if __name__ == "__main__":
    sys.exit(main())

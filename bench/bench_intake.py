"""How fast does each intake step answer? Target (issue 16): a median of 30 ms a step or less.

Creates a scratch PostgreSQL database (dropped afterwards), migrates it, and times GET and
POST of every step through Django's test client (the whole request: middleware, session,
form, service, template), best and median of several runs. Run with `make bench-intake`.
"""

import os
import platform
import statistics
import sys
import time
from pathlib import Path

import scratch_db

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SCRATCH_DB = "trd_bench_intake"
TARGET_MS = 30.0  # issue 16 acceptance: the server time per step, median
RUNS = 30


def main() -> None:
    os.environ["DATABASE_URL"] = scratch_db.recreate(SCRATCH_DB)
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ["DJANGO_SETTINGS_MODULE"] = "trd_clinic.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test.utils import override_settings, setup_test_environment

    call_command("migrate", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    setup_test_environment()
    sys.path.insert(0, str(REPO / "tests"))
    from clients import FormClient  # posts forms as a browser does (no multipart)
    from intake import walk  # the same answers the tests post

    try:
        # The per-IP rate limits would (rightly) stop one client posting this often.
        with override_settings(
            RATELIMIT_INTAKE_START="1000000/h",
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ):
            client = FormClient()
            # A full draft (six medicines), so every page has data to show.
            walk.walk(client, trials=[walk.TRIAL_ZOLOFT, walk.TRIAL_EFFEXOR] * 3, submit=False)
            steps = [
                ("start", walk.reverse("intake_start"), walk.START),
                ("about", walk.step_url("about"), walk.ABOUT),
                ("episode", walk.step_url("episode"), walk.EPISODE),
                # One medicine's three pages, then the list (issue 16 item 2).
                *(
                    (f"medicine {page}", url, data)
                    for page, (url, data) in zip(
                        ("name", "dose", "outcome"),
                        walk.medicine_pages(1, walk.TRIAL_EFFEXOR),
                        strict=True,
                    )
                ),
                ("medications", walk.step_url("medications"), {}),
                ("treatments", walk.step_url("treatments"), walk.TREATMENTS),
                ("phq9", walk.step_url("phq9"), walk.scale_post([2, 2, 2, 2, 1, 2, 1, 1, 0])),
                ("gad7", walk.step_url("gad7"), walk.scale_post([1, 1, 2, 1, 0, 0, 1])),
                ("health", walk.step_url("health"), walk.HEALTH),
                ("medicines now", walk.step_url("medicines_now"), walk.MEDICINES_NOW),
                ("safety", walk.step_url("safety"), walk.SAFETY),
                ("insurance", walk.step_url("insurance"), walk.INSURANCE),
                ("review", walk.reverse("intake_review"), None),
            ]
            print(f"Intake step timings, ms ({RUNS} runs each; PostgreSQL {scratch_db.SERVER})")
            print(f"machine: {platform.machine()} {platform.processor() or ''} "
                  f"cpus={os.cpu_count()} python={platform.python_version()}")  # fmt: skip
            print(f"{'step':<16}{'GET best':>10}{'GET median':>12}{'POST best':>11}"
                  f"{'POST median':>13}")  # fmt: skip
            worst = 0.0
            for name, url, data in steps:
                gets, posts = [], []
                for _ in range(RUNS):
                    start = time.perf_counter()
                    response = client.get(url)
                    gets.append((time.perf_counter() - start) * 1000)
                    assert response.status_code == 200, (name, response.status_code)
                    if data is not None:
                        start = time.perf_counter()
                        response = client.post(url, data)
                        posts.append((time.perf_counter() - start) * 1000)
                        assert response.status_code == 302, (name, response.status_code)
                post_best = f"{min(posts):>11.1f}" if posts else f"{'-':>11}"
                post_median = f"{statistics.median(posts):>13.1f}" if posts else f"{'-':>13}"
                print(f"{name:<16}{min(gets):>10.1f}{statistics.median(gets):>12.1f}"
                      f"{post_best}{post_median}")  # fmt: skip
                worst = max(worst, statistics.median(gets), statistics.median(posts or [0]))
            verdict = "meets" if worst <= TARGET_MS else "MISSES"
            print(f"slowest median {worst:.1f} ms: {verdict} the {TARGET_MS:.0f} ms target")
    finally:
        connections.close_all()
        scratch_db.drop(SCRATCH_DB)


if __name__ == "__main__":
    main()

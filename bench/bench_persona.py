"""Issue 16: the tired persona walks the intake on a 390 x 844 phone in real Chromium; the last
line is `persona: P pages, T taps, C characters, S screens` (what is counted, and the persona's
answers: tests/browser/persona.py). Targets: at most 25 screens, 120 characters, 95 taps, and
no form page over two screens but the PHQ-9, the GAD-7 and the review.

A scratch PostgreSQL database (dropped afterwards) with the demo locations, served by Django's
live-server thread on 127.0.0.1 at a port the OS chooses. Run with `make bench-persona`.
"""

import os
import sys
from pathlib import Path

import scratch_db

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SCRATCH_DB = "trd_bench_persona"
CHROMIUM = "/usr/bin/chromium"


def main() -> int:
    os.environ["DATABASE_URL"] = scratch_db.recreate(SCRATCH_DB)
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    os.environ["DJANGO_SETTINGS_MODULE"] = "trd_clinic.settings"
    # Playwright's sync API runs an event loop in this thread; nothing here is async.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.management import call_command
    from django.db import connections
    from django.test.testcases import LiveServerThread
    from django.test.utils import override_settings
    from playwright.sync_api import sync_playwright

    from tests.browser.persona import PHONE, TARGETS, Persona

    call_command("migrate", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    server = None
    try:
        with override_settings(
            RATELIMIT_INTAKE_START="1000000/h",
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ):
            server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
            server.daemon = True
            server.start()
            server.is_ready.wait()
            if server.error:
                raise server.error
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
                )
                context = browser.new_context(
                    viewport=PHONE, is_mobile=True, has_touch=True, locale="en-US"
                )
                page = context.new_page()
                persona = Persona(page)
                persona.walk(f"http://127.0.0.1:{server.port}")
                browser.close()
    finally:
        if server is not None:
            server.terminate()
        connections.close_all()
        scratch_db.drop(SCRATCH_DB)
    print(f"page heights in screens: {persona.report()}")
    tall = persona.too_tall()
    missed = [
        name
        for name, value in (
            ("screens", persona.screens),
            ("characters", persona.characters),
            ("taps", persona.taps),
        )
        if value > TARGETS[name]
    ]
    print(f"targets: {TARGETS}; over: {missed or 'none'}")
    print(f"form pages over two screens: {tall or 'none'}")
    print(persona.line())
    return 1 if missed or tall else 0


if __name__ == "__main__":
    sys.exit(main())

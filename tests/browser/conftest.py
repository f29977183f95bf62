"""Real-browser fixtures: Debian's Chromium, one per run of this package, one fresh context per
test, pytest-django's live server on the test PostgreSQL database.

Playwright's own browser download does not work here, so the system Chromium is launched
directly through playwright.sync_api (pytest-playwright's `browser`/`page` fixtures are not used;
its plugin stays installed for its command-line options).
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Request, sync_playwright

from screening.models import Location
from tests.reminders.smtp import SmtpServer

from .tab import NewTab, Screenshots, Tab, slug

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIZES = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 800},
}
ACTION_TIMEOUT_MS = 10_000


@pytest.fixture(scope="package", autouse=True)
def allow_django_beside_playwrights_event_loop() -> Iterator[None]:
    """Playwright's sync API keeps an asyncio loop running in this thread (in a greenlet), and
    Django refuses ORM calls when it sees one (SynchronousOnlyOperation): the test's own queries
    and pytest-django's flush between tests would fail. Nothing here is async, so the check is
    switched off, for this package only; the live server runs in its own thread either way."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def chromium(allow_django_beside_playwrights_event_loop: None) -> Iterator[Browser]:
    """One browser for every test in this package; package-scoped rather than session-scoped so
    Playwright's event loop is gone before the rest of the suite runs."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (see .ci/run)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=list(SIZES))
def size(request: pytest.FixtureRequest) -> str:
    """Every flow runs twice: on a phone (390 x 844) and on a desktop (1280 x 800)."""
    return request.param


@pytest.fixture
def new_tab(
    chromium: Browser, live_server, size: str, request: pytest.FixtureRequest
) -> Iterator[NewTab]:
    """Open a page in a fresh browser context (no cookies, no history): `new_tab()`, or
    `new_tab(java_script_enabled=False)`. The test fails on a JavaScript error in any of them,
    or on a request to another origin (security.md item 13: nothing from third parties)."""
    folder = SCREENSHOTS / Path(request.node.path).stem / slug(request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    screenshots = Screenshots(folder)
    contexts: list[BrowserContext] = []
    tabs: list[Tab] = []

    def open_tab(**options: Any) -> Tab:
        options.setdefault("viewport", SIZES[size])
        if size == "phone":
            options.setdefault("is_mobile", True)
            options.setdefault("has_touch", True)
        context = chromium.new_context(
            base_url=live_server.url,
            locale="en-US",
            timezone_id="America/New_York",
            reduced_motion="reduce",
            accept_downloads=True,
            **options,
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        tab = Tab(
            page=context.new_page(),
            size=size,
            screenshots=screenshots,
            javascript=options.get("java_script_enabled", True),
        )

        def note_request(request: Request) -> None:
            if not request.url.startswith((live_server.url, "data:", "about:")):
                tab.foreign_requests.append(request.url)

        tab.page.on("pageerror", lambda error: tab.page_errors.append(str(error)))
        tab.page.on("request", note_request)
        tabs.append(tab)
        return tab

    yield open_tab
    for context in contexts:
        context.close()
    for tab in tabs:
        assert not tab.page_errors, f"JavaScript errors: {tab.page_errors}"
        assert not tab.foreign_requests, f"Requests to other origins: {tab.foreign_requests}"


@pytest.fixture
def tab(new_tab: NewTab) -> Tab:
    return new_tab()


@pytest.fixture
def clinic_locations(transactional_db) -> list[Location]:
    return [
        Location.objects.create(name="Woburn", town="Woburn", display_order=1),
        Location.objects.create(name="Danvers", town="Danvers", display_order=2),
    ]


@pytest.fixture
def inbox(settings) -> Iterator[SmtpServer]:
    """A real SMTP server on loopback (aiosmtpd) that keeps what it accepts; this process (and
    so the live server) sends to it too."""
    server = SmtpServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server
    server.stop()


@pytest.fixture
def worker_mails_to_inbox(inbox: SmtpServer, live_server, monkeypatch) -> None:
    """What a worker started after this reads from its environment: mail goes to `inbox`, and
    links in it point at the live server."""
    monkeypatch.setenv("EMAIL_URL", inbox.url)
    monkeypatch.setenv("EMAIL_TIMEOUT", "5")
    monkeypatch.setenv("SITE_URL", live_server.url)


@pytest.fixture
def mail_worker(worker_mails_to_inbox: None, celery_worker_process):
    """The real Celery worker of tests/conftest.py (the test database, this run's queue), which
    starts after its environment names the loopback SMTP server: pytest sets up a fixture's
    arguments in the order they are listed."""
    return celery_worker_process

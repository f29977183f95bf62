"""Fixtures shared by the whole suite: real services only (PostgreSQL, Redis, a Celery worker)."""

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection

from screening.ops.tasks import PING_KEY, ping_worker
from tests.audit_guard import flush_may_empty_the_audit_table
from tests.clients import FormClient

REPO = Path(__file__).resolve().parent.parent
WORKER_READY_TIMEOUT = 30.0


@dataclass
class CeleryWorkerProcess:
    """A real `celery worker` in a subprocess, consuming this test run's own queue."""

    process: subprocess.Popen[bytes]
    queue: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def wait_for_ping(timeout: float, queue: str) -> bool:
    nonce = secrets.token_urlsafe(16)
    ping_worker.apply_async(args=[nonce], queue=queue)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cache.get(PING_KEY.format(nonce=nonce)):
            return True
        time.sleep(0.1)
    return False


def wait_for_log_line(worker: CeleryWorkerProcess, text: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in worker.log():
            return True
        if worker.process.poll() is not None:
            return False
        time.sleep(0.1)
    return False


def start_celery_worker(
    tmp_path: Path, *, concurrency: int = 1, extra_env: dict[str, str] | None = None
) -> CeleryWorkerProcess:
    """Start a worker on the test database and this run's queue, and wait until it consumes.

    `extra_env` adds settings from the environment (EMAIL_URL, ...). A worker given a REDIS_URL
    of its own (another broker) cannot answer a ping through ours: it counts as ready once its
    log says so.
    """
    queue = os.environ["CELERY_TASK_DEFAULT_QUEUE"]
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="trd_clinic.settings_test",
        # The worker must see the test database pytest-django created, not the main one.
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    )
    env.update(extra_env or {})
    log_path = tmp_path / f"celery-worker-{secrets.token_hex(4)}.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "trd_clinic", "worker",
                "--loglevel=INFO", f"--concurrency={concurrency}", "--pool=prefork",
                "-Q", queue, "--without-mingle", "--without-gossip",
            ],
            cwd=REPO, env=env, stdout=log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    worker = CeleryWorkerProcess(process=process, queue=queue, log_path=log_path)
    if env["REDIS_URL"] != os.environ.get("REDIS_URL"):
        ready = wait_for_log_line(worker, " ready.", WORKER_READY_TIMEOUT)
    else:
        ready = wait_for_ping(WORKER_READY_TIMEOUT, queue)
    if not ready:
        worker.stop(signal.SIGKILL)
        pytest.fail(f"The Celery worker did not start:\n{worker.log()}")
    return worker


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path) -> Iterator[CeleryWorkerProcess]:
    worker = start_celery_worker(tmp_path)
    yield worker
    worker.stop()


@pytest.fixture
def client() -> FormClient:
    """pytest-django's `client`, posting forms as a browser does (urlencoded, never multipart,
    which the app refuses)."""
    return FormClient()


@pytest.fixture(scope="session", autouse=True)
def audit_guard_lifted_for_flushes() -> Iterator[None]:
    """The audit table refuses TRUNCATE (issue 14 item 9); the suite's flushes lift that guard
    inside their own transaction only (tests/audit_guard.py)."""
    with flush_may_empty_the_audit_table():
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Iterator[None]:
    """Every test starts under every rate limit (security.md item 15): the suite posts from one
    address far more often than a person would. Only the limiter's keys in this run's Redis
    database are removed; tests of the limits themselves count from zero."""
    from django.conf import settings
    from django.core.cache import caches

    from screening.security.cache import fallback_counts

    fallback_counts().clear()  # what a test with Redis down counted in this process
    limiter = caches[settings.RATELIMIT_USE_CACHE]
    client = getattr(limiter, "_cache", None)
    if client is not None and hasattr(client, "get_client"):
        redis_client = client.get_client(write=True)
        pattern = limiter.make_key(f"{settings.RATELIMIT_CACHE_PREFIX}*")
        for key in redis_client.scan_iter(match=pattern):
            redis_client.delete(key)
    else:
        limiter.clear()
    yield


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues() -> None:
    """The translations as `make install` builds them (issue 19: .mo files are never committed),
    compiled here when a .po is newer, so `pytest` alone sees the same Spanish and Portuguese."""
    from django.core.management import call_command

    locale = Path(__file__).resolve().parent.parent / "locale"
    stale = [
        po
        for po in locale.glob("*/LC_MESSAGES/django.po")
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        call_command("compile_catalogues", verbosity=0)


@pytest.fixture(autouse=True)
def english_until_a_request_says_otherwise() -> Iterator[None]:
    """A request in Spanish leaves Spanish active in this thread (LocaleMiddleware activates,
    nothing deactivates): every test starts, as a worker or a shell does, in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()

"""Issue 13, defect 2: the embedded default (`make run`: SQLite and the filesystem broker) takes
20 patients at once, with the Celery worker writing to the same file.

Run as `make run` runs it, in a temporary VAR_DIR: `manage.py runserver` (threaded), a Celery
worker on the filesystem broker, and the dispatcher (`send_due_reminders`) every second
handing the resume-link emails to the worker, which sends them to an SMTP server on loopback.
Before WAL, IMMEDIATE transactions and a busy timeout, most patients met "database is locked".
"""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.reminders.smtp import SmtpServer, free_port

from .http_patient import HttpPatient, Tally

pytestmark = [pytest.mark.celery_worker]

REPO = Path(__file__).resolve().parents[2]
PATIENTS = 20


def embedded_env(var_dir: Path, smtp: SmtpServer) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="trd_clinic.settings",
        DJANGO_DEBUG="True",  # as `make run`: the technical 500 page names a locked database
        VAR_DIR=str(var_dir),
        DATABASE_URL="",
        REDIS_URL="",
        EMAIL_URL=smtp.url,
        CELERY_TASK_DEFAULT_QUEUE="celery",
    )
    for folder in ("queue", "processed", "control"):
        (var_dir / "broker" / folder).mkdir(parents=True, exist_ok=True)
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip


def stop_group(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def still_sending(var_dir: Path) -> bool:
    with sqlite3.connect(var_dir / "db.sqlite3", timeout=20) as db:
        return bool(
            db.execute(
                "SELECT count(*) FROM screening_reminder WHERE status = 'sending'"
            ).fetchone()[0]
        )


def wait_for_http(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


def test_twenty_concurrent_patients_complete_on_sqlite_with_the_worker_running(tmp_path):
    smtp = SmtpServer().start()
    env = embedded_env(tmp_path, smtp)
    migrated = manage(env, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    logs = {name: (tmp_path / f"{name}.log").open("wb") for name in ("web", "worker")}
    web = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=REPO, env=env, stdout=logs["web"], stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "trd_clinic", "worker", "--loglevel=INFO",
         "--concurrency=2", "--without-mingle", "--without-gossip"],
        cwd=REPO, env=env, stdout=logs["worker"], stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    stop = threading.Event()
    dispatch_failures: list[str] = []

    def dispatcher() -> None:  # beat's every-minute run, every second here
        while not stop.is_set():
            run = manage(env, "send_due_reminders")
            if run.returncode != 0:
                dispatch_failures.append(run.stderr[-500:])
            stop.wait(1.0)

    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz", 60)
        beat = threading.Thread(target=dispatcher, daemon=True)
        beat.start()
        base = f"http://127.0.0.1:{port}"
        with ThreadPoolExecutor(max_workers=PATIENTS) as pool:
            # give_up_after=0: one try per request, no patience for errors here.
            futures = [
                pool.submit(HttpPatient(base, n, give_up_after=0).run) for n in range(PATIENTS)
            ]
            errors = []
            patients = []
            for future in futures:
                try:
                    patients.append(future.result(timeout=240))
                except Exception as error:
                    errors.append(repr(error)[:300])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and still_sending(tmp_path):
            time.sleep(0.5)
    finally:
        stop.set()
        for process in (web, worker):
            stop_group(process)
        for log in logs.values():
            log.close()
        smtp.stop()

    tally = Tally()
    for patient in patients:
        tally.add(patient.tally)
    worker_log = (tmp_path / "worker.log").read_text(errors="replace")
    web_log = (tmp_path / "web.log").read_text(errors="replace")
    assert errors == [], (errors, web_log[-3000:])
    assert tally.database_locked == 0 and tally.bare_5xx == 0 and tally.kind_5xx == 0, tally
    assert "database is locked" not in worker_log + web_log
    assert dispatch_failures == []
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        submitted = db.execute(
            "SELECT count(*) FROM screening_submission WHERE state = 'submitted'"
        ).fetchone()[0]
    assert submitted == PATIENTS
    # The worker sent resume-link emails (or cancelled those of patients who had submitted by
    # then) while the others were writing, and nothing it ran failed.
    assert " succeeded in " in worker_log and smtp.handler.count() > 0, worker_log[-3000:]
    assert "raised unexpected" not in worker_log and "OperationalError" not in worker_log
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        failed = db.execute("SELECT count(*) FROM screening_reminder WHERE status = 'failed'")
        assert failed.fetchone()[0] == 0

"""Chaos run (issue 13): 20 patients doing the whole intake at once against a real gunicorn, a
15-second database cut and a Redis kill in the middle; then count what a person would notice.

Everything runs on this machine's loopback and is this script's own: a scratch PostgreSQL
database reached through a TCP proxy that the script cuts (tests/outage/tcp_proxy.py; the shared
PostgreSQL server is never paused or stopped), a redis-server on a free port persisting
nothing, an SMTP sink, gunicorn, one Celery worker, and beat's dispatcher sped up to every two
seconds. Bounded in count (20 patients, one intake each) and time (every wait has a deadline).

Prints: requests, 5xx answers (bare vs our kind page), answers lost, duplicates. Exits 1 when
any bare 5xx, lost answer or duplicate is seen. Run with `make chaos`.
"""

import contextlib
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import requests
import scratch_db

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.outage.http_patient import HttpPatient, Tally, email_of, months_of  # noqa: E402
from tests.outage.tcp_proxy import TcpProxy  # noqa: E402
from tests.reminders.smtp import SmtpServer, free_port  # noqa: E402

PATIENTS = 20
CUT_AT_SECONDS = 4.0
CUT_FOR_SECONDS = 15.0
REDIS_KILL_AT_SECONDS = 24.0
REDIS_DOWN_SECONDS = 2.0
THINK_SECONDS = (0.3, 1.2)  # between one page and the next, like a person reading
RUN_DEADLINE_SECONDS = 240
DELIVERY_DEADLINE_SECONDS = 120
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
BIN = REPO / ".venv" / "bin"


def scratch_name() -> str:
    """A scratch database named after this developer's own (DATABASE_URL), so two people's
    runs never share one."""
    own = urlsplit(os.environ.get("DATABASE_URL", "")).path.strip("/")
    return f"{own or 'trd'}_chaos"


class ThinkingPatient(HttpPatient):
    def _request(self, method, path, data=None):
        time.sleep(random.uniform(*THINK_SECONDS))
        return super()._request(method, path, data)


def wait_for(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:
            pass
        time.sleep(0.2)
    raise SystemExit(f"chaos: {what} did not come up in {timeout:.0f} s")


def redis_up(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(16).startswith(b"+PONG")


def start_redis(port: int, directory: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(directory)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    wait_for(lambda: redis_up(port), 10, "redis-server")
    return process


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def dispatch_every(redis_url: str, queue: str, stop_event: threading.Event) -> None:
    """Beat's every-minute dispatcher, every two seconds, sent as beat sends it."""
    from celery import Celery

    app = Celery("chaos-beat", broker=redis_url, set_as_current=False)
    app.conf.task_serializer = "json"
    app.conf.broker_connection_retry = False
    while not stop_event.is_set():
        # Redis is being killed now and then: beat would miss a tick too.
        with contextlib.suppress(Exception):
            app.send_task("screening.dispatch_due_reminders", queue=queue, expires=10)
        stop_event.wait(2.0)
    app.close()


def main() -> int:
    work = Path(os.environ.get("TMPDIR", "/tmp")) / f"trd-chaos-{secrets.token_hex(4)}"
    work.mkdir(parents=True)
    database_url = scratch_db.recreate(scratch_name())
    db = urlsplit(database_url)
    proxy = TcpProxy(db.hostname or "127.0.0.1", db.port or 5432).start()
    proxied_url = f"postgres://{db.username}@127.0.0.1:{proxy.port}{db.path}"
    redis_port = free_port()
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    queue = f"chaos-{secrets.token_hex(4)}"
    smtp = SmtpServer().start()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))},
        "DJANGO_SETTINGS_MODULE": "trd_clinic.settings",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(32),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Required with DEBUG off (the links in emails are built from it); nothing here is sent
        # anywhere but the script's own SMTP sink.
        "SITE_URL": "http://127.0.0.1",
        "DATABASE_URL": proxied_url,
        "REDIS_URL": redis_url,
        "EMAIL_URL": smtp.url,
        "URGENT_ALERT_EMAILS": "oncall@clinic.test",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "VAR_DIR": str(work),
    }
    processes: list[subprocess.Popen[bytes]] = []
    stop_event = threading.Event()
    redis = start_redis(redis_port, work)
    try:
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            done = subprocess.run(
                [str(BIN / "python"), "manage.py", *command, "-v", "0"], cwd=REPO,
                env={**env, "DATABASE_URL": database_url}, capture_output=True, text=True,
                timeout=300, check=False,
            )  # fmt: skip
            if done.returncode:
                raise SystemExit(f"chaos: {command[0]} failed:\n{done.stderr[-2000:]}")
        web_port = free_port()
        base = f"http://127.0.0.1:{web_port}"
        logs = {name: (work / f"{name}.log").open("wb") for name in ("web", "worker")}
        processes.append(subprocess.Popen(
            [str(BIN / "gunicorn"), "trd_clinic.wsgi", "-b", f"127.0.0.1:{web_port}", "-w", "3",
             "--timeout", "30"],
            cwd=REPO, env=env, stdout=logs["web"], stderr=subprocess.STDOUT,
            start_new_session=True,
        ))  # fmt: skip
        processes.append(subprocess.Popen(
            [str(BIN / "celery"), "-A", "trd_clinic", "worker", "--loglevel=INFO",
             "--concurrency=2", "-Q", queue, "--without-mingle", "--without-gossip"],
            cwd=REPO, env=env, stdout=logs["worker"], stderr=subprocess.STDOUT,
            start_new_session=True,
        ))  # fmt: skip
        wait_for(lambda: requests.get(f"{base}/healthz", timeout=3).ok, 60, "gunicorn")
        beat = threading.Thread(target=dispatch_every, args=(redis_url, queue, stop_event))
        beat.start()

        probes: list[tuple[float, int]] = []
        started = time.monotonic()

        def chaos() -> None:
            nonlocal redis
            time.sleep(CUT_AT_SECONDS)
            print(
                f"  t={time.monotonic() - started:5.1f}s database cut for {CUT_FOR_SECONDS:.0f} s"
            )
            proxy.cut()
            cut_ends = time.monotonic() + CUT_FOR_SECONDS
            while time.monotonic() < cut_ends:
                t0 = time.monotonic()
                try:
                    status = requests.get(f"{base}/healthz", timeout=10).status_code
                except requests.RequestException:
                    status = 0
                probes.append((time.monotonic() - t0, status))
                time.sleep(1.0)
            proxy.restore()
            print(f"  t={time.monotonic() - started:5.1f}s database back")
            time.sleep(max(REDIS_KILL_AT_SECONDS - (time.monotonic() - started), 0))
            print(f"  t={time.monotonic() - started:5.1f}s redis killed (SIGKILL, nothing saved)")
            stop(redis, signal.SIGKILL)
            time.sleep(REDIS_DOWN_SECONDS)
            redis = start_redis(redis_port, work)
            print(f"  t={time.monotonic() - started:5.1f}s redis back, empty")

        chaos_thread = threading.Thread(target=chaos)
        chaos_thread.start()
        patients = [ThinkingPatient(base, n, give_up_after=60) for n in range(PATIENTS)]
        unfinished: list[str] = []
        with ThreadPoolExecutor(max_workers=PATIENTS) as pool:
            futures = [pool.submit(p.run) for p in patients]
            for number, future in enumerate(futures):
                try:
                    future.result(timeout=RUN_DEADLINE_SECONDS)
                except Exception as error:
                    unfinished.append(f"patient {number}: {str(error)[:200]}")
        chaos_thread.join(timeout=60)
        print(f"  t={time.monotonic() - started:5.1f}s all patients done")

        # Every email due by now is delivered once the worker and dispatcher catch up.
        check = psycopg2.connect(database_url)
        check.autocommit = True

        def outbox_settled() -> bool:
            with check.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM screening_reminder WHERE status IN ('pending', 'sending')"
                    " AND due_at <= now()"
                )
                return cursor.fetchone()[0] == 0

        wait_for(outbox_settled, DELIVERY_DEADLINE_SECONDS, "delivery of every due email")
        with check.cursor() as cursor:
            cursor.execute(
                "SELECT email, answers -> 'episode' ->> 'months', state FROM screening_submission"
            )
            rows = cursor.fetchall()
            cursor.execute("SELECT count(*) FROM screening_reminder WHERE status = 'failed'")
            failed_deliveries = cursor.fetchone()[0]
        check.close()
    finally:
        stop_event.set()
        for process in processes:
            stop(process)
        stop(redis, signal.SIGKILL)
        proxy.close()
        smtp.stop()
        scratch_db.drop(scratch_name())

    tally = Tally()
    for patient in patients:
        tally.add(patient.tally)
    lost = duplicates = 0
    for number, patient in enumerate(patients):
        mine = [r for r in rows if r[0] == email_of(number) and r[2] == "submitted"]
        if patient.submitted and not any(r[1] == str(months_of(number)) for r in mine):
            lost += 1
        duplicates += max(len(mine) - 1, 0)
    copies = Counter(received.message_id for received in smtp.handler.snapshot())
    duplicate_emails = sum(count - 1 for count in copies.values() if count > 1)
    five_xx = sum(count for status, count in tally.by_status.items() if status >= 500)
    slowest_probe = max((seconds for seconds, _ in probes), default=0.0)

    print(f"chaos: {PATIENTS} patients, full intake, gunicorn x3, database cut "
          f"{CUT_FOR_SECONDS:.0f} s, Redis killed once")  # fmt: skip
    print(f"  requests              {tally.requests}")
    print(
        f"  5xx answers           {five_xx} (bare: {tally.bare_5xx}, kind page: {tally.kind_5xx})"
    )
    print(f"  connection errors     {tally.connection_errors}")
    print(f"  patients finished     {sum(p.submitted for p in patients)} of {PATIENTS}")
    print(f"  answers lost          {lost}")
    print(f"  duplicates            {duplicates} submissions, {duplicate_emails} emails")
    print(f"  emails delivered      {sum(copies.values())} ({failed_deliveries} failed rows)")
    print(f"  /healthz in the cut   {len(probes)} probes, all 503: "
          f"{all(s == 503 for _, s in probes)}, slowest {slowest_probe:.2f} s")  # fmt: skip
    for line in unfinished:
        print(f"  unfinished: {line}")
    print(f"  logs: {work}")
    bad = tally.bare_5xx or lost or duplicates or duplicate_emails or unfinished
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

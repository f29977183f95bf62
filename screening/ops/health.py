"""Liveness probes for /healthz: can we reach the database and the broker right now?

Issue 13, defect 4: the probe must answer within 2 seconds whatever hangs. A paused PostgreSQL
once held it (and every gunicorn worker running one) for ever, a frozen Redis for 9.9 s with
"ok". So each check opens a connection of its own (never a request's, which may be stuck), with
its own connect and read deadline, and the two run side by side under one overall deadline:
whatever has not answered by then counts as unavailable.
"""

import copy
import logging
import select
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import closing

from django.conf import settings
from django.db import connections
from kombu import Connection

logger = logging.getLogger(__name__)

# Each dependency gets this long to connect and answer; the whole probe answers within
# PROBE_DEADLINE_SECONDS, under the 2 seconds a load balancer's probe is given.
PROBE_TIMEOUT_SECONDS = 1.0
PROBE_DEADLINE_SECONDS = 1.5


def _wait(pg_connection: object, deadline: float) -> None:
    """Drive an asynchronous psycopg2 connection until it is ready, or raise at `deadline`."""
    import psycopg2.extensions as ext

    while True:
        state = pg_connection.poll()  # type: ignore[attr-defined]
        if state == ext.POLL_OK:
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("database probe")
        fd = pg_connection.fileno()  # type: ignore[attr-defined]
        if state == ext.POLL_READ:
            select.select([fd], [], [], remaining)
        elif state == ext.POLL_WRITE:
            select.select([], [fd], [], remaining)


def _postgres_answers(params: dict[str, object]) -> bool:
    import psycopg2

    deadline = time.monotonic() + PROBE_TIMEOUT_SECONDS
    # Asynchronous mode: every wait is a select() with our deadline, so neither a server that
    # never answers the connect nor one that freezes mid-query can hold this thread.
    pg_connection = psycopg2.connect(**params, async_=True)
    try:
        _wait(pg_connection, deadline)
        cursor = pg_connection.cursor()
        cursor.execute("SELECT 1")
        _wait(pg_connection, deadline)
        return cursor.fetchone() == (1,)
    finally:
        pg_connection.close()


def database_ok() -> bool:
    try:
        wrapper = connections["default"]
        if wrapper.vendor == "sqlite":
            name = wrapper.settings_dict["NAME"]
            with closing(sqlite3.connect(name, timeout=PROBE_TIMEOUT_SECONDS)) as db:
                return db.execute("SELECT 1").fetchone() == (1,)
        params = copy.deepcopy(wrapper.get_connection_params())
        params.pop("cursor_factory", None)
        params.pop("context", None)
        options = f"-c statement_timeout={int(PROBE_TIMEOUT_SECONDS * 1000)}"
        params["options"] = options
        params["connect_timeout"] = 2  # libpq's least; the select() deadline is the real one
        return _postgres_answers(params)
    except Exception as exc:  # any failure means "not reachable"; never raise here
        logger.warning("healthz: database unreachable (%s)", type(exc).__name__)
        return False


def broker_ok() -> bool:
    options = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        # A frozen Redis accepts the connection and never answers: bound the reads too.
        "socket_timeout": PROBE_TIMEOUT_SECONDS,
        "socket_connect_timeout": PROBE_TIMEOUT_SECONDS,
        "max_retries": 0,
    }
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            transport_options=options,
            connect_timeout=PROBE_TIMEOUT_SECONDS,
        ) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=PROBE_TIMEOUT_SECONDS)
            # A channel makes the transport talk to the server (Redis answers a PING here).
            conn.default_channel  # noqa: B018
        return True
    except Exception as exc:  # any transport failure means "not reachable"; never raise here
        logger.warning("healthz: broker unreachable (%s)", type(exc).__name__)
        return False


def run_checks(checks: dict[str, Callable[[], bool]]) -> dict[str, bool]:
    """Run every check at once in its own thread; one not done by the deadline is False."""
    results: dict[str, bool] = {}

    def run(name: str, check: Callable[[], bool]) -> None:
        results[name] = check()

    threads = [
        threading.Thread(target=run, args=(name, check), daemon=True, name=f"healthz-{name}")
        for name, check in checks.items()
    ]
    deadline = time.monotonic() + PROBE_DEADLINE_SECONDS
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(deadline - time.monotonic(), 0))
    late = [name for name in checks if name not in results]
    if late:
        logger.warning("healthz: no answer in time from %s", ", ".join(late))
    return {name: results.get(name, False) for name in checks}

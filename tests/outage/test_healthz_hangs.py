"""Issue 13, defect 4: /healthz answers 503 within 2 seconds whatever hangs.

A paused database (connections accepted, nothing answered) through our proxy, and a Redis of
this test's own frozen with SIGSTOP: the two ways a dependency hangs instead of refusing.
"""

import os
import signal
import threading
import time

import pytest

from tests.reminders.test_chaos import RedisServer

pytestmark = pytest.mark.django_db(transaction=True)

ANSWER_WITHIN_SECONDS = 2.0


def timed_get(client, path: str, *, wait: float) -> tuple[float, object]:
    """GET in a thread, so a request that hangs fails the test instead of hanging it."""
    answer: dict[str, object] = {}

    def get() -> None:
        answer["response"] = client.get(path)

    started = time.monotonic()
    thread = threading.Thread(target=get, daemon=True)
    thread.start()
    thread.join(wait)
    return time.monotonic() - started, answer.get("response")


def timed_probe(client) -> tuple[float, object]:
    return timed_get(client, "/healthz", wait=ANSWER_WITHIN_SECONDS * 5)


def test_healthz_is_503_within_2_s_with_the_database_paused(database_proxy, client):
    database_proxy.pause()
    try:
        elapsed, response = timed_probe(client)
    finally:
        database_proxy.close()  # lets a hung probe go, if there is one
    assert response is not None, "the probe never answered"
    assert elapsed < ANSWER_WITHIN_SECONDS, elapsed
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_is_503_within_2_s_with_redis_frozen(tmp_path, client, settings):
    broker = RedisServer(tmp_path).start()
    settings.CELERY_BROKER_URL = broker.url
    assert client.get("/healthz").status_code == 200
    os.kill(broker.process.pid, signal.SIGSTOP)
    try:
        elapsed, response = timed_probe(client)
    finally:
        os.kill(broker.process.pid, signal.SIGCONT)
        broker.kill()
    assert response is not None, "the probe never answered"
    assert elapsed < ANSWER_WITHIN_SECONDS, elapsed
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "unavailable"}


def test_a_page_with_the_database_paused_answers_kindly_within_the_connect_timeout(
    database_proxy, settings
):
    """The app's own connections time out too (DATABASE_CONNECT_TIMEOUT_SECONDS), so a hung
    database costs a request seconds and the kind page, not a web worker for ever."""
    from tests.clients import FormClient

    client = FormClient(raise_request_exception=False)
    database_proxy.pause()
    try:
        elapsed, response = timed_get(client, "/locations/", wait=30)
    finally:
        database_proxy.close()
    assert response is not None, "the page never answered"
    # libpq counts connect_timeout per address tried and never less than 2 s.
    assert elapsed < settings.DATABASE_CONNECT_TIMEOUT_SECONDS * 2 + 2, elapsed
    assert response.status_code == 503
    assert "data-kind-error-page" in response.content.decode()

"""/healthz answers 200 when the database and the broker answer, 503 when either does not."""

import pytest


@pytest.mark.django_db
def test_healthz_is_ok_with_the_services_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_with_the_broker_down(client, settings):
    # Nothing listens on port 1: the same refusal a stopped Redis gives.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "unavailable"}


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_with_the_database_down(client):
    from django.db import connections

    conn = connections["default"]
    saved = conn.settings_dict["PORT"]
    conn.close()
    conn.settings_dict["PORT"] = 1
    try:
        response = client.get("/healthz")
    finally:
        conn.close()
        conn.settings_dict["PORT"] = saved
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable", "broker": "ok"}

"""One-click unsubscribe (RFC 8058): the headers' URL, POST without login, GET changes nothing,
a tampered token is refused."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from screening.models import CaseEvent, Reminder
from screening.reminders import outbox
from screening.reminders.unsubscribe import unsubscribe_link_create

from .conftest import (
    ALERT_LIST,
    a_recent_thursday_10am,
    besides_the_confirmation,
    canary_case,
    form_post,
    reminders_of,
    run_due,
)

pytestmark = pytest.mark.django_db(transaction=True)

# The clicks in these tests happen at the real time, within the links' 90 days of NOW.
NOW = a_recent_thursday_10am()


@pytest.fixture
def strict_client() -> Client:
    """CSRF checks on, as in production (the test client skips them by default)."""
    return Client(enforce_csrf_checks=True)


def unsubscribe_path_from_headers(smtp) -> str:
    received = smtp.handler.snapshot()[-1]
    header = received.message["List-Unsubscribe"].strip()
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    match = re.fullmatch(r"<http://127\.0\.0\.1:8000(/unsubscribe/[^/>]+/)>", header)
    assert match, header
    # The same link is in the body, for people whose mail app shows no button.
    assert f"http://127.0.0.1:8000{match.group(1)}" in received.text()
    return match.group(1)


def test_one_click_post_to_the_headers_url_unsubscribes_and_cancels_patient_reminders(
    smtp, strict_client
):
    case = canary_case(now=NOW)
    run_due(NOW + timedelta(days=4))  # next steps, with the headers
    path = unsubscribe_path_from_headers(smtp)
    outbox.outbox_urgent_alert(submission=case, now=NOW + timedelta(days=5))

    # What a mail client sends (RFC 8058 3.1): the List-Unsubscribe-Post pair, no cookie.
    response = form_post(strict_client, path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    case.refresh_from_db()
    assert case.unsubscribed_at is not None
    patient = Reminder.objects.filter(submission=case, kind=Reminder.Kind.CHECKIN)
    assert {(r.status, r.last_error_kind) for r in patient} == {("cancelled", "unsubscribed")}
    # Staff alerts are not the patient's to switch off.
    escalation = reminders_of(case, Reminder.Kind.URGENT_ESCALATION)[0]
    assert escalation.status == Reminder.Status.PENDING
    [event] = CaseEvent.objects.filter(submission=case, kind=CaseEvent.Kind.UNSUBSCRIBED)
    assert event.detail == {"via": "one_click", "cancelled_reminders": 2}

    # A second click is harmless and writes nothing more.
    assert form_post(strict_client, path).status_code == 200
    assert CaseEvent.objects.filter(submission=case, kind=CaseEvent.Kind.UNSUBSCRIBED).count() == 1


def test_get_shows_a_button_and_unsubscribes_nobody(smtp, client):
    draft = canary_case(now=NOW, submit=False)
    run_due(NOW)
    path = unsubscribe_path_from_headers(smtp)
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert re.search(r'<form method="post">\s*<button type="submit"', html)
    draft.refresh_from_db()
    assert draft.unsubscribed_at is None
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.UNSUBSCRIBED).exists()
    pending = reminders_of(draft, Reminder.Kind.RESUME_INTAKE)
    assert {r.status for r in pending} == {Reminder.Status.PENDING}


def _tampered(token: str) -> list[str]:
    return [
        f"{token[:-1]}{'A' if token[-1] != 'A' else 'B'}",  # one character changed
        token[:20],  # copied only in part
        signing.dumps("x" * 32, salt="screening.unsubscribe"),  # the old signed kind of link
        "not-a-token",
    ]


def test_a_tampered_token_is_refused_and_changes_nothing(strict_client):
    case = canary_case(now=NOW)
    genuine = unsubscribe_link_create(submission=case, now=timezone.now())
    for token in _tampered(genuine):
        for method in (strict_client.get, lambda path: form_post(strict_client, path)):
            response = method(f"/unsubscribe/{token}/")
            assert response.status_code == 400, token
            assert "does not work" in response.content.decode()
    case.refresh_from_db()
    assert case.unsubscribed_at is None


def test_a_genuine_link_to_a_purged_draft_still_says_done(strict_client):
    draft = canary_case(now=NOW, submit=False)
    token = unsubscribe_link_create(submission=draft, now=timezone.now())
    draft.delete()
    assert form_post(strict_client, f"/unsubscribe/{token}/").status_code == 200


def test_staff_messages_carry_no_unsubscribe_headers(smtp):
    canary_case(now=NOW, item9=1)
    run_due(NOW)
    [alert] = besides_the_confirmation(smtp.handler.snapshot())
    assert alert.message["To"] == ALERT_LIST
    assert "List-Unsubscribe" not in alert.message


def test_a_multipart_one_click_post_unsubscribes_too(strict_client):
    """RFC 8058 3.1: the POST SHOULD be multipart/form-data (refused everywhere else)."""
    case = canary_case(now=NOW)
    token = unsubscribe_link_create(submission=case, now=timezone.now())
    response = strict_client.post(f"/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.unsubscribed_at is not None

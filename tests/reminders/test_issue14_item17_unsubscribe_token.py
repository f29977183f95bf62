"""Issue 14 item 17 (security.md items 2, 10, 22): the unsubscribe link in a patient email is an
opaque random token, stored only as a hash, that expires; it carries nothing about the case
(the old signed link held the public id in base64 and never expired). An old signed link gets
the kind "does not work" page; the RFC 8058 one-click POST still unsubscribes."""

import base64
import contextlib
import hashlib
import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import signing
from django.db import connection
from django.test import Client

from screening.models import Submission

from .conftest import NEW_YORK, canary_case, form_post, run_due

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=NEW_YORK)


def token_from_email(smtp) -> str:
    received = smtp.handler.snapshot()[-1]
    header = received.message["List-Unsubscribe"].strip()
    match = re.fullmatch(r"<http://127\.0\.0\.1:8000/unsubscribe/([^/>]+)/>", header)
    assert match, header
    return match.group(1)


def decodings(token: str) -> str:
    """Everything the token could be read as: itself, and each part base64-decoded."""
    seen = [token]
    for part in re.split(r"[:.]", token):
        padded = part + "=" * (-len(part) % 4)
        with contextlib.suppress(ValueError):
            seen.append(base64.urlsafe_b64decode(padded).decode("utf-8", "replace"))
    return "\n".join(seen)


def database_text() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT token_hash, created_at, expires_at FROM screening_unsubscribelink")
        return repr(cursor.fetchall())


def test_issue14_item17_the_emailed_token_is_opaque_random_and_stored_hashed(smtp):
    case = canary_case(now=NOW)
    run_due(NOW + timedelta(days=4))  # the next-steps email, with its unsubscribe link
    token = token_from_email(smtp)
    assert len(token) >= 43  # secrets.token_urlsafe(32): 256 bits
    assert case.public_id not in decodings(token)
    with pytest.raises(signing.BadSignature):
        signing.loads(token, salt="screening.unsubscribe")
    stored = database_text()
    assert token not in stored
    assert hashlib.sha256(token.encode()).hexdigest() in stored


def test_issue14_item17_a_link_expires_after_the_named_number_of_days(smtp):
    case = canary_case(now=NOW)
    run_due(NOW + timedelta(days=4))
    token = token_from_email(smtp)
    path = f"/unsubscribe/{token}/"
    late = NOW + timedelta(days=4 + settings.UNSUBSCRIBE_LINK_VALID_DAYS, minutes=1)
    with time_machine.travel(late, tick=False):
        for response in (Client().get(path), form_post(Client(enforce_csrf_checks=True), path)):
            assert response.status_code == 410
            assert "has expired" in response.content.decode()
    case.refresh_from_db()
    assert case.unsubscribed_at is None
    # Within its life the same link unsubscribes with one click.
    inside = NOW + timedelta(days=3 + settings.UNSUBSCRIBE_LINK_VALID_DAYS)
    with time_machine.travel(inside, tick=False):
        answer = form_post(
            Client(enforce_csrf_checks=True), path, {"List-Unsubscribe": "One-Click"}
        )
    assert answer.status_code == 200
    case.refresh_from_db()
    assert case.unsubscribed_at is not None


def test_issue14_item17_an_old_signed_link_gets_the_does_not_work_page():
    case = canary_case(now=NOW)
    old_kind = signing.dumps(case.public_id, salt="screening.unsubscribe")
    for response in (
        Client().get(f"/unsubscribe/{old_kind}/"),
        form_post(Client(enforce_csrf_checks=True), f"/unsubscribe/{old_kind}/"),
    ):
        assert response.status_code == 400
        assert "does not work" in response.content.decode()
    assert not Submission.objects.filter(unsubscribed_at__isnull=False).exists()

"""Issue 14 item 13 (security.md items 4 and 12): django-axes never stores what was typed in the
username box (people type passwords there); it keeps a keyed hash, and the lockout on
username+IP, its reset on success and the admin's view of attempts still work."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.urls import reverse

from screening.staff.roles import CLINICIAN
from tests.clients import FormClient
from tests.staff.support import PASSWORD, make_staff

from .support import ensure_role_groups

pytestmark = pytest.mark.django_db

TYPED_PASSWORD = "Pa55word-typed-in-the-username-box"


@pytest.fixture(autouse=True)
def groups():
    ensure_role_groups()


def post(client: FormClient, username: str, password: str, ip: str = "198.51.100.20"):
    return client.post(
        reverse("staff_login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def stored_text() -> str:
    rows = [
        *AccessAttempt.objects.values_list("username", "get_data", "post_data"),
        *AccessFailureLog.objects.values_list("username"),
        *AccessLog.objects.values_list("username"),
    ]
    return repr(rows)


def test_issue14_item13_a_password_typed_as_username_is_not_stored():
    post(FormClient(), TYPED_PASSWORD, "anything")
    assert AccessAttempt.objects.exists()
    assert TYPED_PASSWORD not in stored_text()
    assert TYPED_PASSWORD.lower() not in stored_text().lower()


def test_issue14_item13_a_real_username_is_not_stored_either_but_the_lock_still_works():
    make_staff("nurse", CLINICIAN)
    client = FormClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post(client, "nurse", "wrong password")
    assert "nurse" not in stored_text()
    assert post(client, "nurse", PASSWORD).status_code == 429
    # Per username+IP: the same person elsewhere, and a colleague from the same address, get in.
    assert post(FormClient(), "nurse", PASSWORD, ip="203.0.113.10").status_code == 302
    make_staff("doctor", CLINICIAN)
    assert post(FormClient(), "doctor", PASSWORD).status_code == 302


def test_issue14_item13_a_success_still_resets_the_count():
    make_staff("nurse", CLINICIAN)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        post(FormClient(), "nurse", "wrong password")
    assert post(FormClient(), "nurse", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()

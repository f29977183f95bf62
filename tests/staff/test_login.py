"""Staff sign-in as a staff member meets it: the password step, enrolment, the wrong-password
message, and the demo account's DEBUG-only shortcut. The security requirements on codes, lockout
and sessions (security.md items 3-5) are tested in tests/security."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from screening.models import AuditEvent, StaffSession
from screening.staff.roles import ADMIN, CLINICIAN, COORDINATOR, DEMO_USERNAME

from .support import PASSWORD, current_code, make_staff, open_setup_link, sign_in

pytestmark = pytest.mark.django_db


def post_code(client: Client, code: str, step: str = "staff_verify"):
    return client.post(reverse(step), {"token": code})


def test_the_password_step_starts_a_new_session_and_asks_for_the_code(client):
    user = make_staff("nurse", CLINICIAN)
    client.get(reverse("staff_login"))
    client.session.save()
    before = client.session.session_key
    response = client.post(reverse("staff_login"), {"username": "nurse", "password": PASSWORD})
    assert response["Location"].startswith(reverse("staff_verify"))
    assert client.session.session_key != before
    assert StaffSession.objects.filter(user=user).count() == 1
    assert AuditEvent.objects.filter(action="login", outcome="ok", user_id=user.pk).count() == 1


def test_the_right_code_verifies_and_gives_yet_another_session_key(client):
    user = make_staff("nurse", CLINICIAN)
    sign_in(client, user, second_factor=False)
    after_password = client.session.session_key
    device = TOTPDevice.objects.get(user=user)
    response = post_code(client, current_code(device))
    assert response.status_code == 302
    assert client.session.session_key != after_password
    assert client.get(reverse("staff_queue")).status_code == 200
    assert StaffSession.objects.get(user=user).session_key == client.session.session_key
    assert AuditEvent.objects.filter(action="second_factor", outcome="ok").count() == 1


def test_first_sign_in_enrols_an_authenticator_with_an_inline_svg_qr_code(client):
    user = make_staff("new-hire", COORDINATOR, with_device=False)
    open_setup_link(client, user)
    sign_in(client, user, second_factor=False)
    response = client.get(reverse("staff_verify"), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("staff_enrol"))
    assert '<svg class="qr-code" role="img"' in html
    assert "data:" not in html and "<script" not in html and "<img" not in html
    assert "style=" not in html
    assert "no-store" in response["Cache-Control"]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    key = re.search(r'<p class="totp-key">([A-Z2-7 ]+)</p>', html).group(1)
    assert key.replace(" ", "")  # shown for typing as well as scanning
    response = post_code(
        client, "000000" if current_code(device) != "000000" else "111111", "staff_enrol"
    )
    assert response.status_code == 400
    with time_machine.travel(timezone.now() + timedelta(seconds=3), tick=False):
        assert post_code(client, current_code(device), "staff_enrol").status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("staff_queue")).status_code == 200
    assert AuditEvent.objects.filter(action="second_factor_enrolled", outcome="ok").count() == 1


def test_enrolment_is_not_offered_once_an_authenticator_exists(client):
    user = make_staff("nurse", CLINICIAN)
    sign_in(client, user, second_factor=False)
    response = client.get(reverse("staff_enrol"))
    assert response["Location"].startswith(reverse("staff_verify"))
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_a_wrong_password_is_refused_and_audited_without_the_typed_text(client):
    make_staff("nurse", CLINICIAN)
    response = client.post(reverse("staff_login"), {"username": "nurse", "password": "wrong"})
    assert response.status_code == 200
    assert "do not match a staff account" in response.content.decode()
    event = AuditEvent.objects.get(action="login")
    assert event.outcome == "failed" and event.username == "nurse"
    client.post(reverse("staff_login"), {"username": "my-password-123", "password": "x"})
    assert not AuditEvent.objects.filter(username__contains="password").exists()


def test_signing_out_is_post_only(staff_client):
    client = staff_client(CLINICIAN)
    assert client.get(reverse("staff_logout")).status_code == 405


# --- The demo account in DEBUG ----------------------------------------------------------------


def test_in_debug_the_demo_account_may_skip_the_second_factor_and_the_page_says_so(
    client, settings
):
    settings.DEBUG = True
    demo = make_staff(DEMO_USERNAME, ADMIN, with_device=False)
    sign_in(client, demo, second_factor=False)
    html = client.get(reverse("staff_enrol")).content.decode()
    assert "Skip the second factor (demo account only)" in html
    client.post(reverse("staff_demo_skip"))
    response = client.get(reverse("staff_queue"))
    assert response.status_code == 200
    assert "Demo mode:" in response.content.decode()
    assert AuditEvent.objects.filter(action="second_factor_skipped").count() == 1


def test_without_debug_the_demo_account_needs_the_code_like_anyone(client, settings):
    settings.DEBUG = False
    demo = make_staff(DEMO_USERNAME, ADMIN)
    sign_in(client, demo, second_factor=False)
    assert "Skip the second factor" not in client.get(reverse("staff_verify")).content.decode()
    client.post(reverse("staff_demo_skip"))
    assert client.get(reverse("staff_queue")).status_code == 302


def test_in_debug_other_accounts_cannot_skip(client, settings):
    settings.DEBUG = True
    user = make_staff("nurse", CLINICIAN)
    sign_in(client, user, second_factor=False)
    assert "Skip the second factor" not in client.get(reverse("staff_verify")).content.decode()
    client.post(reverse("staff_demo_skip"))
    assert client.get(reverse("staff_queue")).status_code == 302

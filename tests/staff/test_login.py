"""Staff sign-in: password, TOTP (enrolment, wrong, reused and throttled codes), lockout,
session lifetime, sign-out everywhere, and the demo account's DEBUG-only shortcut."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from screening.models import AuditEvent, StaffSession
from screening.staff.roles import ADMIN, CLINICIAN, COORDINATOR, DEMO_USERNAME

from .support import PASSWORD, FormClient, current_code, make_staff, open_setup_link, sign_in

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


def test_a_wrong_code_is_refused_then_throttled(client):
    user = make_staff("nurse", CLINICIAN)
    sign_in(client, user, second_factor=False)
    device = TOTPDevice.objects.get(user=user)
    right = current_code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = post_code(client, wrong)
    assert response.status_code == 400
    assert "not right, or it was already used" in response.content.decode()
    # Straight after a wrong code even the right one waits (django-otp's back-off).
    response = post_code(client, right)
    assert "Too many wrong codes" in response.content.decode()
    assert client.get(reverse("staff_queue")).status_code == 302
    assert AuditEvent.objects.filter(action="second_factor", outcome="failed").count() == 2
    # After the wait, the right code works.
    with time_machine.travel(timezone.now() + timedelta(seconds=3), tick=False):
        assert post_code(client, current_code(device)).status_code == 302


def test_a_code_cannot_be_used_twice(client):
    user = make_staff("nurse", CLINICIAN)
    device = TOTPDevice.objects.get(user=user)
    with time_machine.travel(timezone.now(), tick=False):
        code = current_code(device)
        sign_in(client, user, second_factor=False)
        assert post_code(client, code).status_code == 302
        other = FormClient()
        sign_in(other, user, second_factor=False)
        response = post_code(other, code)
    assert response.status_code == 400
    assert "already used" in response.content.decode()


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


def test_five_wrong_passwords_lock_the_account_until_the_cool_off(client, settings):
    make_staff("nurse", CLINICIAN)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("staff_login"), {"username": "nurse", "password": "wrong"})
    response = client.post(reverse("staff_login"), {"username": "nurse", "password": PASSWORD})
    assert response.status_code == 429
    assert "locked" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login", outcome="denied").exists()
    later = timezone.now() + timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    with time_machine.travel(later, tick=False):
        response = client.post(reverse("staff_login"), {"username": "nurse", "password": PASSWORD})
    assert response.status_code == 302


def test_a_session_ends_after_15_idle_minutes(staff_client):
    client = staff_client(CLINICIAN)
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert client.get(reverse("staff_queue")).status_code == 200
    # Sliding: 14 minutes after the last request is still fine.
    with time_machine.travel(start + timedelta(minutes=28), tick=False):
        assert client.get(reverse("staff_queue")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=44), tick=False):
        response = client.get(reverse("staff_queue"))
    assert response["Location"].startswith(reverse("staff_login"))
    assert AuditEvent.objects.filter(action="session_expired").count() == 1


def test_a_session_ends_after_12_hours_however_busy(staff_client):
    client = staff_client(CLINICIAN)
    start = timezone.now()
    for minutes in range(10, 12 * 60, 10):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("staff_callbacks")).status_code == 200
    with time_machine.travel(start + timedelta(hours=12, minutes=5), tick=False):
        response = client.get(reverse("staff_callbacks"))
    assert response["Location"].startswith(reverse("staff_login"))


def test_signing_out_ends_every_session_of_that_person(staff_client):
    user = make_staff("nurse", CLINICIAN)
    desk, phone = FormClient(), FormClient()
    sign_in(desk, user)
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=False):
        sign_in(phone, user)
    assert desk.get(reverse("staff_queue")).status_code == 200
    assert phone.get(reverse("staff_queue")).status_code == 200
    response = desk.post(reverse("staff_logout"))
    assert "every session of your account has ended" in response.content.decode().lower()
    assert desk.get(reverse("staff_queue")).status_code == 302
    assert phone.get(reverse("staff_queue")).status_code == 302
    assert not StaffSession.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="logout").count() == 1


def test_deactivating_an_account_ends_its_sessions(staff_client):
    client = staff_client(CLINICIAN)
    get_user_model().objects.filter(pk=client.user.pk).update(is_active=False)
    assert client.get(reverse("staff_queue")).status_code == 302


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

"""Issue 14 item 7 (security.md item 5): every way of signing out or changing a password ends
every session of that person: the staff sign-out, the admin site's own logout, the admin's
password change (own and someone else's) and a change made outside any page."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from screening.models import StaffSession
from screening.staff.roles import ADMIN, CLINICIAN
from tests.clients import FormClient
from tests.staff.support import PASSWORD, make_staff, sign_in

from .support import ensure_role_groups

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new long passphrase 42"


@pytest.fixture(autouse=True)
def groups():
    ensure_role_groups()


def sessions_of(user) -> list[Session]:
    return [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


def two_devices(user) -> tuple[FormClient, FormClient]:
    desk, phone = FormClient(), FormClient()
    sign_in(desk, user)
    # A TOTP code works once: the second device signs in during the next 30-second step.
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=False):
        sign_in(phone, user)
    assert len(sessions_of(user)) == 2
    return desk, phone


def signed_in(client: FormClient) -> bool:
    return client.get(reverse("staff_queue")).status_code == 200


def test_issue14_item07_the_staff_sign_out_ends_every_session():
    user = make_staff("nurse", CLINICIAN)
    desk, phone = two_devices(user)
    desk.post(reverse("staff_logout"))
    assert not signed_in(phone) and not signed_in(desk)
    assert sessions_of(user) == []


def test_issue14_item07_the_admin_sites_logout_ends_every_session():
    admin = make_staff("ada", ADMIN)
    desk, phone = two_devices(admin)
    response = desk.post(reverse("admin:logout"))
    assert response.status_code == 200
    assert "Every session of your account has ended" in response.content.decode()
    assert not signed_in(phone) and not signed_in(desk)
    assert sessions_of(admin) == []
    assert not StaffSession.objects.filter(user=admin).exists()


def test_issue14_item07_the_admins_own_password_change_ends_every_session(
    django_capture_on_commit_callbacks,
):
    admin = make_staff("ada", ADMIN)
    desk, phone = two_devices(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            reverse("admin:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
    assert response.status_code == 302
    # The session the change was made from was re-keyed by Django: it ends too.
    assert not signed_in(desk) and not signed_in(phone)
    assert sessions_of(admin) == []
    # The new password works (and the sign-in gives a fresh session).
    fresh = FormClient()
    answer = fresh.post(reverse("staff_login"), {"username": "ada", "password": NEW_PASSWORD})
    assert answer.status_code == 302


def test_issue14_item07_an_admin_changing_a_colleagues_password_ends_their_sessions(
    django_capture_on_commit_callbacks,
):
    nurse = make_staff("nurse", CLINICIAN)
    nurse_desk, nurse_phone = two_devices(nurse)
    admin_client = sign_in(FormClient(), make_staff("ada", ADMIN))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:auth_user_password_change", args=[nurse.pk]),
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sessions_of(nurse) == []
    assert not signed_in(nurse_desk) and not signed_in(nurse_phone)
    assert signed_in(admin_client)  # the admin's own session is not the nurse's


def test_issue14_item07_a_password_changed_outside_any_page_ends_every_session(
    django_capture_on_commit_callbacks, monkeypatch
):
    nurse = make_staff("nurse", CLINICIAN)
    desk, phone = two_devices(nurse)
    monkeypatch.setattr("getpass.getpass", lambda *args, **kwargs: NEW_PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("changepassword", "nurse", stdout=None)
    assert sessions_of(nurse) == []
    assert not signed_in(desk) and not signed_in(phone)


def test_issue14_item07_saving_the_same_password_hash_ends_nothing(
    django_capture_on_commit_callbacks,
):
    nurse = make_staff("nurse", CLINICIAN)
    desk = sign_in(FormClient(), nurse)
    fresh = get_user_model().objects.get(pk=nurse.pk)
    with django_capture_on_commit_callbacks(execute=True):
        fresh.save(update_fields=["password"])
        fresh.last_name = "Nightingale"
        fresh.save()
    assert signed_in(desk)

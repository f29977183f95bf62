"""security.md item 5: staff sessions (15 idle minutes, sliding; 12 hours at most; a new key at
sign-in; sign-out, deactivation and a password change end them), and patient intake sessions
that outlast a slow step, whose CSRF token never expires first, and whose late form keeps what
was typed."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from screening.intake.csrf import EXPIRED_MESSAGE
from screening.models import AuditEvent, StaffSession, Submission
from screening.staff.middleware import EXPIRY_GRACE_SECONDS
from screening.staff.roles import CLINICIAN
from tests.clients import FormClient
from tests.intake.walk import ABOUT, START
from tests.staff.support import PASSWORD, current_code, make_staff, sign_in

from .support import ensure_role_groups

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def groups():
    ensure_role_groups()


def signed_in(user=None) -> FormClient:
    client = FormClient()
    sign_in(client, user or make_staff("nurse", CLINICIAN))
    client.user = client.session and get_user_model().objects.get(username="nurse")
    return client


def queue_status(client: FormClient) -> int:
    return client.get(reverse("staff_queue")).status_code


def sessions_of(user) -> list[Session]:
    return [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


def test_item_05_a_staff_session_slides_for_15_idle_minutes_then_ends():
    client = signed_in()
    start = timezone.now()
    for minutes in (14, 28, 42):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert queue_status(client) == 200
    with time_machine.travel(start + timedelta(minutes=42 + 16), tick=False):
        response = client.get(reverse("staff_queue"))
    assert response["Location"].startswith(reverse("staff_login"))
    assert AuditEvent.objects.filter(action="session_expired").count() == 1


def test_item_05_a_busy_staff_session_still_ends_after_12_hours():
    client = signed_in()
    start = timezone.now()
    minutes = 14
    while minutes < settings.STAFF_SESSION_MAX_HOURS * 60:
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert queue_status(client) == 200, minutes
        minutes += 14
    with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
        assert queue_status(client) == 302


def test_item_05_the_session_cookie_expires_with_the_idle_limit():
    client = signed_in()
    client.get(reverse("staff_queue"))
    idle = settings.STAFF_IDLE_TIMEOUT_MINUTES * 60
    # A little longer than the idle limit, so the next request can audit the expiry.
    assert client.session.get_expiry_age() == idle + EXPIRY_GRACE_SECONDS
    assert idle >= EXPIRY_GRACE_SECONDS


def test_item_05_signing_in_gives_a_new_session_key_at_each_step():
    user = make_staff("nurse", CLINICIAN)
    client = FormClient()
    client.get(reverse("intake_start"))
    client.post(reverse("intake_start"), START)  # an anonymous session with something in it
    anonymous_key = client.session.session_key
    client.post(reverse("staff_login"), {"username": "nurse", "password": PASSWORD})
    password_key = client.session.session_key
    device = user.totpdevice_set.get()
    client.post(reverse("staff_verify"), {"token": current_code(device)})
    verified_key = client.session.session_key
    assert len({anonymous_key, password_key, verified_key}) == 3
    assert not Session.objects.filter(session_key=anonymous_key).exists()


def test_item_05_signing_out_ends_every_session_of_that_person():
    user = make_staff("nurse", CLINICIAN)
    desk, phone = FormClient(), FormClient()
    sign_in(desk, user)
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=False):
        sign_in(phone, user)
    assert queue_status(desk) == 200 and queue_status(phone) == 200
    response = desk.post(reverse("staff_logout"))
    assert "every session of your account has ended" in response.content.decode().lower()
    assert queue_status(desk) == 302 and queue_status(phone) == 302
    assert sessions_of(user) == []
    assert not StaffSession.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="logout").count() == 1


def test_item_05_deactivating_a_staff_member_deletes_all_their_sessions(
    django_capture_on_commit_callbacks,
):
    user = make_staff("nurse", CLINICIAN)
    desk, phone = FormClient(), FormClient()
    sign_in(desk, user)
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=False):
        sign_in(phone, user)
    assert len(sessions_of(user)) == 2
    user.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        user.save()  # the admin's user form saves the same way
    assert sessions_of(user) == []
    assert queue_status(desk) == 302 and queue_status(phone) == 302


def test_item_05_other_saves_of_an_active_account_end_nothing():
    user = make_staff("nurse", CLINICIAN)
    client = FormClient()
    sign_in(client, user)
    user.first_name = "Nora"
    user.save()
    assert queue_status(client) == 200


def test_item_05_a_changed_password_ends_the_other_sessions():
    user = make_staff("nurse", CLINICIAN)
    client = FormClient()
    sign_in(client, user)
    user.set_password("a different long passphrase")
    user.save()
    assert queue_status(client) == 302


# --- Patients --------------------------------------------------------------------------------


def test_item_05_the_csrf_token_outlives_every_session():
    assert settings.CSRF_USE_SESSIONS is False
    assert settings.CSRF_COOKIE_AGE >= settings.SESSION_COOKIE_AGE
    assert settings.SESSION_COOKIE_AGE >= 60 * 60 * 2  # a slow step takes well under that


def start_intake(client: FormClient) -> str:
    client.get(reverse("intake_start"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(reverse("intake_start"), {**START, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    return token


def test_item_05_a_step_sent_after_the_session_expired_is_still_saved():
    client = FormClient(enforce_csrf_checks=True)
    token = start_intake(client)
    later = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 3600)
    with time_machine.travel(later, tick=False):
        response = client.post(
            reverse("intake_step", args=["about"]), {**ABOUT, "csrfmiddlewaretoken": token}
        )
    assert response.status_code == 302, response.content.decode()[:500]
    assert Submission.objects.get().first_name == ABOUT["first_name"]


def test_item_05_a_refused_step_keeps_what_was_typed_and_explains():
    client = FormClient(enforce_csrf_checks=True)
    start_intake(client)
    typed = {**ABOUT, "first_name": "Wrenna", "csrfmiddlewaretoken": "stale-or-missing"}
    response = client.post(reverse("intake_step", args=["about"]), typed)
    assert response.status_code == 403
    page = response.content.decode()
    assert EXPIRED_MESSAGE.split(",")[0] in page
    assert 'value="Wrenna"' in page and f'value="{ABOUT["email"]}"' in page
    assert "no-store" in response["Cache-Control"]
    assert Submission.objects.get().first_name == ""  # nothing saved from the refused post
    # The page carries a working token: sending it again saves.
    fresh = client.cookies[settings.CSRF_COOKIE_NAME].value
    again = client.post(
        reverse("intake_step", args=["about"]), {**typed, "csrfmiddlewaretoken": fresh}
    )
    assert again.status_code == 302
    assert Submission.objects.get().first_name == "Wrenna"


def test_item_05_a_refused_medicine_page_keeps_what_was_typed():
    client = FormClient(enforce_csrf_checks=True)
    start_intake(client)
    data = {"medication": "Wellbutrin XL"}
    response = client.post(reverse("intake_medicine_name", args=[1]), data)
    assert response.status_code == 403
    assert 'value="Wellbutrin XL"' in response.content.decode()


def test_item_05_any_other_refused_form_gets_a_kind_page_not_a_bare_403():
    client = FormClient(enforce_csrf_checks=True)
    response = client.post(reverse("contact"), {"name": "Sam"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Please try that again" in page
    assert reverse("intake_resume_request") in page and reverse("crisis") in page

"""Issue 14 item 5 (security.md item 3): the second factor cannot be captured before enrolment.
A password alone never shows a TOTP secret; a first authenticator is set up only from a session
that opened an admin-issued, single-use, expiring setup link (opaque, stored hashed, kept out of
logs and the address bar); every view of the page makes a new secret, a person has at most one
unconfirmed device, and nobody with a confirmed authenticator can enrol another."""

import hashlib
import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from screening.staff.roles import ADMIN, CLINICIAN, COORDINATOR
from tests.clients import FormClient
from tests.staff.support import current_code, make_staff, sign_in

from .support import ensure_role_groups

pytestmark = pytest.mark.django_db

KEY = re.compile(r'<p class="totp-key">([A-Z2-7 ]+)</p>')


@pytest.fixture(autouse=True)
def groups():
    ensure_role_groups()


def issue(user, issued_by=None) -> str:
    from screening.staff.services.setup_links import staff_setup_link_issue

    return staff_setup_link_issue(user=user, issued_by=issued_by, ip=None, now=timezone.now())


def shown_key(client: FormClient) -> str | None:
    match = KEY.search(client.get(reverse("staff_enrol")).content.decode())
    return match.group(1) if match else None


def test_issue14_item05_a_password_alone_never_shows_a_secret():
    user = make_staff("new-hire", CLINICIAN, with_device=False)
    client = FormClient()
    sign_in(client, user, second_factor=False)
    response = client.get(reverse("staff_enrol"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="qr-code"' not in html and not KEY.search(html)
    assert "Ask for your setup link" in html
    assert not TOTPDevice.objects.filter(user=user).exists()
    # Posting codes at it gets nowhere either.
    client.post(reverse("staff_enrol"), {"token": "123456"})
    assert client.get(reverse("staff_queue")).status_code == 302


def test_issue14_item05_the_setup_link_leads_to_a_new_secret_on_every_view(caplog):
    user = make_staff("new-hire", COORDINATOR, with_device=False)
    client = FormClient()
    token = issue(user)
    with caplog.at_level(logging.DEBUG):
        opened = client.get(reverse("staff_setup_link", args=[token]))
    # Exchanged for the session, then away from the token URL at once.
    assert opened.status_code == 302 and token not in opened["Location"]
    sign_in(client, user, second_factor=False)
    first, second = shown_key(client), shown_key(client)
    assert first and second and first != second
    assert TOTPDevice.objects.filter(user=user, confirmed=False).count() == 1
    # Only the newest secret can be confirmed.
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    with time_machine.travel(timezone.now() + timedelta(seconds=3), tick=False):
        assert (
            client.post(reverse("staff_enrol"), {"token": current_code(device)}).status_code == 302
        )
    assert client.get(reverse("staff_queue")).status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed
    assert token not in caplog.text


def test_issue14_item05_a_setup_link_works_once_and_expires():
    user = make_staff("new-hire", CLINICIAN, with_device=False)
    token = issue(user)
    assert FormClient().get(reverse("staff_setup_link", args=[token])).status_code == 302
    again = FormClient().get(reverse("staff_setup_link", args=[token]))
    assert again.status_code == 410 and "already used" in again.content.decode()

    late = issue(user)
    after = timezone.now() + timedelta(hours=settings.STAFF_SETUP_LINK_VALID_HOURS, minutes=1)
    with time_machine.travel(after, tick=False):
        response = FormClient().get(reverse("staff_setup_link", args=[late]))
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert FormClient().get(reverse("staff_setup_link", args=["made-up"])).status_code == 404


def test_issue14_item05_the_link_is_opaque_and_only_its_hash_is_stored():
    user = make_staff("new-hire", CLINICIAN, with_device=False)
    token = issue(user)
    assert len(token) >= 43  # secrets.token_urlsafe(32): 256 random bits, naming nobody
    with connection.cursor() as cursor:
        cursor.execute("SELECT token_hash FROM screening_staffsetuplink")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]


def test_issue14_item05_a_newer_link_voids_the_older_one():
    user = make_staff("new-hire", CLINICIAN, with_device=False)
    older, newer = issue(user), issue(user)
    assert FormClient().get(reverse("staff_setup_link", args=[older])).status_code == 410
    assert FormClient().get(reverse("staff_setup_link", args=[newer])).status_code == 302


def test_issue14_item05_someone_elses_link_does_not_enrol_the_signed_in_person():
    victim = make_staff("new-hire", CLINICIAN, with_device=False)
    other = make_staff("other-hire", CLINICIAN, with_device=False)
    client = FormClient()
    sign_in(client, other, second_factor=False)
    client.get(reverse("staff_setup_link", args=[issue(victim)]))
    # Opening it signed the other person out; signing in again as them shows no secret.
    assert "_auth_user_id" not in client.session
    sign_in(client, other, second_factor=False)
    assert shown_key(client) is None


def test_issue14_item05_no_second_device_while_one_is_confirmed():
    from screening.staff.services.setup_links import AlreadyEnrolled

    user = make_staff("nurse", CLINICIAN)  # has a confirmed authenticator
    with pytest.raises(AlreadyEnrolled):
        issue(user)
    client = FormClient()
    sign_in(client, user, second_factor=False)
    response = client.get(reverse("staff_enrol"))
    assert response["Location"].startswith(reverse("staff_verify"))
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_issue14_item05_an_admin_issues_the_link_from_the_admin_site():
    admin_client = sign_in(FormClient(), make_staff("ada", ADMIN))
    new_hire = make_staff("new-hire", CLINICIAN, with_device=False)
    enrolled = make_staff("nurse", CLINICIAN)
    response = admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "issue_setup_links", "_selected_action": [new_hire.pk, enrolled.pk]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    [url] = re.findall(r"<code>(http://testserver/staff/login/setup/[^<]+/)</code>", html)
    assert "nurse already has an authenticator" in html.lower()
    assert html.count("<h1") == 1
    client = FormClient()
    assert client.get(url.removeprefix("http://testserver")).status_code == 302
    sign_in(client, new_hire, second_factor=False)
    assert shown_key(client)


def test_issue14_item05_the_first_admin_gets_a_link_from_the_command_line(capsys):
    first = make_staff("founder", ADMIN, with_device=False)
    call_command("staff_setup_link", "founder")
    out = capsys.readouterr().out
    path = re.search(r"https?://[^/\s]+(/staff/login/setup/[^/\s]+/)", out).group(1)
    client = FormClient()
    assert client.get(path).status_code == 302
    sign_in(client, first, second_factor=False)
    assert shown_key(client)

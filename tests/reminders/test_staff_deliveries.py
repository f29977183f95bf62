"""Staff "delivery problems": failed reminders, visible to every staff role, nobody else."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from screening.models import AuditEvent, Reminder
from screening.reminders.selectors import case_reminders
from screening.staff.roles import COORDINATOR
from tests.staff.support import PASSWORD, current_code, make_staff

from .conftest import CANARY, FIRST_NAME, NEW_YORK, canary_case, form_post

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=NEW_YORK)


@pytest.fixture
def failed_case():
    case = canary_case(now=NOW)
    Reminder.objects.filter(submission=case, kind=Reminder.Kind.NEXT_STEPS).update(
        status=Reminder.Status.FAILED, attempts=3, last_error_kind="smtp_550"
    )
    return case


def sign_in(client: Client, user, *, second_factor: bool = True) -> Client:
    """The real way in: password, then (unless told not to) a current TOTP code."""
    response = form_post(
        client, reverse("staff_login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    if second_factor:
        code = current_code(TOTPDevice.objects.get(user=user, confirmed=True))
        assert form_post(client, reverse("staff_verify"), {"token": code}).status_code == 302
    return client


@pytest.fixture
def roles():
    for role in (COORDINATOR,):
        Group.objects.get_or_create(name=role)


def test_staff_see_each_failed_delivery_and_no_patient_data(failed_case, roles):
    client = sign_in(Client(), make_staff("casey-coordinator", COORDINATOR))
    response = client.get(reverse("staff_deliveries"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Next steps" in html and "smtp_550" in html and "<td>3</td>" in html
    assert reverse("staff_case", args=[failed_case.public_id]) in html
    assert CANARY not in html and CANARY.lower() not in html and FIRST_NAME not in html
    assert AuditEvent.objects.filter(action="page_view", object_type="delivery_problems").exists()


def test_nobody_else_sees_the_list(failed_case, roles):
    anonymous = Client().get(reverse("staff_deliveries"))
    assert anonymous.status_code == 302 and "smtp_550" not in anonymous.content.decode()
    # Signed in with both factors but in no staff group (the login page itself refuses such an
    # account, so the session is made directly): 404, as for a page that does not exist.
    no_role_user = make_staff("not-staff", None)
    no_role = Client()
    no_role.force_login(no_role_user)
    session = no_role.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=no_role_user).persistent_id
    session.save()
    assert no_role.get(reverse("staff_deliveries")).status_code == 404
    password_only = sign_in(
        Client(), make_staff("half-signed-in", COORDINATOR), second_factor=False
    )
    response = password_only.get(reverse("staff_deliveries"))
    assert response.status_code == 302 and "smtp_550" not in response.content.decode()


def test_the_case_partial_lists_every_message_and_why_it_stopped(failed_case):
    html = render_to_string(
        "staff/_case_reminders.html", {"reminders": case_reminders(submission=failed_case)}
    )
    assert "<strong>Failed</strong>" in html and "smtp_550" in html
    assert "Symptom check-in #2" in html
    assert CANARY not in html and FIRST_NAME not in html


def test_retrying_and_failing_deliveries_show_with_a_banner_for_a_late_urgent_alert(roles):
    """Issue 13, defect 5: during an SMTP outage the page said "Nothing has failed"."""
    from django.utils import timezone

    now = timezone.now()
    case = canary_case(now=now, item9=2)
    Reminder.objects.filter(submission=case, kind=Reminder.Kind.URGENT_ALERT).update(
        status=Reminder.Status.PENDING,
        attempts=2,
        last_error_kind="smtp_421",
        retrying_since=now - timedelta(minutes=6),
        due_at=now + timedelta(seconds=60),
    )
    Reminder.objects.filter(submission=case, kind=Reminder.Kind.NEXT_STEPS).update(
        status=Reminder.Status.PENDING,
        attempts=1,
        last_error_kind="connection_refused",
        retrying_since=now - timedelta(minutes=2),
    )
    client = sign_in(Client(), make_staff("casey-coordinator", COORDINATOR))
    html = client.get(reverse("staff_deliveries")).content.decode()
    assert "Nothing has failed" not in html
    assert "<strong>Failing</strong>" in html and "<strong>Retrying</strong>" in html
    assert "smtp_421" in html and "connection_refused" in html
    assert "1 urgent alert did not get through" in html
    # The banner is on every staff page, not only this one.
    assert (
        "1 urgent alert did not get through" in client.get(reverse("staff_queue")).content.decode()
    )
    assert CANARY not in html and FIRST_NAME not in html


def test_send_again_puts_a_failed_row_back_in_the_outbox_audited_and_needs_csrf(failed_case, roles):
    row = Reminder.objects.get(submission=failed_case, kind=Reminder.Kind.NEXT_STEPS)
    staff = make_staff("casey-coordinator", COORDINATOR)
    guarded = sign_in(Client(), staff)
    guarded.handler.enforce_csrf_checks = True  # as a browser meets it, from here on
    url = reverse("staff_delivery_send_again")
    assert form_post(guarded, url, {"reminder": str(row.pk)}).status_code == 403
    row.refresh_from_db()
    assert row.status == Reminder.Status.FAILED

    page = guarded.get(reverse("staff_deliveries"))
    assert f'name="reminder" value="{row.pk}"' in page.content.decode()
    token = guarded.cookies["csrftoken"].value
    response = form_post(guarded, url, {"reminder": str(row.pk), "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response.url == reverse("staff_deliveries")
    row.refresh_from_db()
    assert (row.status, row.last_error_kind, row.lost_leases) == ("pending", "", 0)
    assert AuditEvent.objects.filter(
        action="delivery_send_again", object_type="reminder", object_id=str(row.pk), outcome="ok"
    ).exists()
    # Pressed twice (or on a row that is no longer failed): nothing changes, and that is audited.
    again = form_post(guarded, url, {"reminder": str(row.pk), "csrfmiddlewaretoken": token})
    assert again.status_code == 302
    assert AuditEvent.objects.filter(action="delivery_send_again", outcome="denied").exists()
    # Anyone not signed in as staff cannot.
    assert form_post(Client(), url, {"reminder": str(row.pk)}).status_code == 302

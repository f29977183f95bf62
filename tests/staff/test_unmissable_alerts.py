"""Issue 18, item 2: a failed or late urgent alert or escalation is on every staff page until a
staff member acknowledges it (who and when, audited), and the daily digest leads with it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from screening.models import AlertAcknowledgement, AuditEvent, Reminder
from screening.reminders.dispatch import digest_schedule, reminder_send_again
from screening.reminders.messages import reminder_message
from screening.reminders.selectors import undelivered_urgent_count
from screening.staff.roles import ADMIN, CLINICIAN, COORDINATOR

from .support import make_case

pytestmark = pytest.mark.django_db

BANNER = "urgent alert did not get through"


@pytest.fixture
def failed_alert():
    """An urgent case whose alert to the on-call list failed for good (a permanent refusal)."""
    now = timezone.now()
    case = make_case("urgent", now=now - timedelta(hours=1))
    Reminder.objects.filter(submission=case).exclude(kind=Reminder.Kind.URGENT_ALERT).update(
        status=Reminder.Status.CANCELLED
    )
    alert = Reminder.objects.get(submission=case, kind=Reminder.Kind.URGENT_ALERT)
    alert.status = Reminder.Status.FAILED
    alert.attempts = 1
    alert.last_error_kind = "smtp_550"
    alert.save()
    return alert


def staff_pages(case_id: str) -> list[str]:
    return [
        reverse("staff_queue"),
        reverse("staff_case", args=[case_id]),
        reverse("staff_callbacks"),
        reverse("staff_deliveries"),
    ]


@pytest.mark.parametrize("role", [COORDINATOR, CLINICIAN, ADMIN])
def test_the_banner_is_on_every_staff_page_for_every_role_until_acknowledged(
    staff_client, failed_alert, role
):
    client = staff_client(role)
    case_id = failed_alert.submission.public_id
    for path in staff_pages(case_id):
        html = client.get(path).content.decode()
        assert f"1 {BANNER}" in html, path
        assert f'name="reminder" value="{failed_alert.pk}"' in html, path

    response = client.post(
        reverse("staff_delivery_acknowledge"),
        {"reminder": str(failed_alert.pk), "next": reverse("staff_callbacks")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("staff_callbacks")

    ack = AlertAcknowledgement.objects.get(reminder=failed_alert)
    assert ack.acknowledged_by == client.user and ack.superseded_at is None
    assert timezone.now() - ack.acknowledged_at < timedelta(minutes=1)
    assert AuditEvent.objects.filter(
        action="urgent_alert_failure_acknowledged",
        user_id=client.user.pk,
        object_type="reminder",
        object_id=str(failed_alert.pk),
        outcome=AuditEvent.Outcome.OK,
    ).exists()
    for path in staff_pages(case_id):
        assert BANNER not in client.get(path).content.decode(), path
    deliveries = client.get(reverse("staff_deliveries")).content.decode()
    assert f"Acknowledged by {client.user.username}" in deliveries


def test_someone_else_s_acknowledgement_clears_it_for_everyone_and_a_second_is_refused(
    staff_client, failed_alert
):
    first, second = staff_client(COORDINATOR, "first"), staff_client(CLINICIAN, "second")
    first.post(reverse("staff_delivery_acknowledge"), {"reminder": str(failed_alert.pk)})
    assert BANNER not in second.get(reverse("staff_queue")).content.decode()
    response = second.post(
        reverse("staff_delivery_acknowledge"), {"reminder": str(failed_alert.pk)}, follow=True
    )
    assert "someone has already acknowledged it" in response.content.decode()
    assert AlertAcknowledgement.objects.filter(reminder=failed_alert).count() == 1
    assert AuditEvent.objects.filter(
        action="urgent_alert_failure_acknowledged", outcome=AuditEvent.Outcome.FAILED
    ).exists()


def test_an_alert_still_retrying_past_the_banner_minutes_is_shown_and_a_fresh_one_is_not(
    staff_client, failed_alert, settings
):
    now = timezone.now()
    failed_alert.status = Reminder.Status.PENDING
    failed_alert.retrying_since = now - timedelta(
        minutes=settings.URGENT_UNDELIVERED_BANNER_MINUTES - 1
    )
    failed_alert.due_at = now + timedelta(minutes=1)
    failed_alert.save()
    client = staff_client(COORDINATOR)
    assert BANNER not in client.get(reverse("staff_queue")).content.decode()
    failed_alert.retrying_since = now - timedelta(
        minutes=settings.URGENT_UNDELIVERED_BANNER_MINUTES + 1
    )
    failed_alert.save()
    html = client.get(reverse("staff_queue")).content.decode()
    assert f"1 {BANNER}" in html and "not yet delivered" in html


def test_an_escalation_counts_too_but_a_failed_patient_message_does_not(staff_client, failed_alert):
    case = failed_alert.submission
    Reminder.objects.filter(submission=case, kind=Reminder.Kind.URGENT_ESCALATION).update(
        status=Reminder.Status.FAILED, last_error_kind="smtp_550"
    )
    Reminder.objects.filter(submission=case, kind=Reminder.Kind.NEXT_STEPS).update(
        status=Reminder.Status.FAILED, last_error_kind="smtp_550"
    )
    html = staff_client(COORDINATOR).get(reverse("staff_queue")).content.decode()
    assert "2 urgent alerts did not get through" in html
    assert "Urgent escalation, failed" in html and "Next steps" not in html


def test_sending_again_needs_a_new_acknowledgement_if_it_fails_again(staff_client, failed_alert):
    client = staff_client(COORDINATOR)
    client.post(reverse("staff_delivery_acknowledge"), {"reminder": str(failed_alert.pk)})
    reminder_send_again(reminder_id=failed_alert.pk, now=timezone.now())
    ack = AlertAcknowledgement.objects.get(reminder=failed_alert)
    assert ack.superseded_at is not None  # kept, as the record of who knew and when
    Reminder.objects.filter(pk=failed_alert.pk).update(status=Reminder.Status.FAILED)
    assert f"1 {BANNER}" in client.get(reverse("staff_queue")).content.decode()
    client.post(reverse("staff_delivery_acknowledge"), {"reminder": str(failed_alert.pk)})
    assert AlertAcknowledgement.objects.filter(reminder=failed_alert).count() == 2
    assert undelivered_urgent_count(now=timezone.now()) == 0


def test_acknowledging_needs_csrf_a_staff_session_and_goes_back_only_to_a_staff_page(
    staff_client, client, failed_alert
):
    url = reverse("staff_delivery_acknowledge")
    anonymous = client.post(url, {"reminder": str(failed_alert.pk)})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("staff_login"))
    assert not AlertAcknowledgement.objects.exists()
    staff = staff_client(COORDINATOR)
    staff.handler.enforce_csrf_checks = True
    assert staff.post(url, {"reminder": str(failed_alert.pk)}).status_code == 403
    assert not AlertAcknowledgement.objects.exists()
    token = staff.cookies["csrftoken"].value
    response = staff.post(
        url,
        {
            "reminder": str(failed_alert.pk),
            "next": "https://evil.example/",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response["Location"] == reverse("staff_deliveries")
    assert AlertAcknowledgement.objects.filter(reminder=failed_alert).exists()


def test_the_banner_names_no_patient(staff_client, failed_alert):
    case = failed_alert.submission
    html = staff_client(COORDINATOR).get(reverse("staff_callbacks")).content.decode()
    banner = html[html.find("urgent-banner") : html.find("</section>", html.find("urgent-banner"))]
    assert case.public_id in banner  # the case by its opaque id, to open it
    assert case.first_name not in banner and case.last_name not in banner


def test_the_daily_digest_leads_with_unacknowledged_undelivered_urgent_alerts(
    staff_client, failed_alert
):
    now = timezone.now()
    digest = digest_schedule(now=now)
    message = reminder_message(reminder=digest, submission=None, now=now)
    first_line = message.text.strip().splitlines()[0]
    assert first_line.startswith("FIRST: 1 urgent alert did not get through")
    assert message.html.index("First: 1 urgent alert") < message.html.index("New submissions")
    assert failed_alert.submission.first_name not in message.text

    staff_client(COORDINATOR).post(
        reverse("staff_delivery_acknowledge"), {"reminder": str(failed_alert.pk)}
    )
    later = reminder_message(reminder=digest, submission=None, now=now + timedelta(minutes=1))
    text = later.text
    assert text.startswith("Every urgent alert was delivered or acknowledged")
    # The digest reports on its own window: the acknowledgement came after due_at.
    assert "acknowledged in the 24 hours" not in text


def test_the_banner_costs_the_same_queries_for_one_alert_and_for_twelve(staff_client, failed_alert):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = staff_client(COORDINATOR)
    client.get(reverse("staff_queue"))  # warm the session

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            html = client.get(reverse("staff_queue")).content.decode()
        assert "did not get through" in html
        return len(captured.captured_queries)

    one = queries()
    for _ in range(11):
        case = make_case("urgent", now=timezone.now() - timedelta(hours=1))
        Reminder.objects.filter(submission=case, kind=Reminder.Kind.URGENT_ALERT).update(
            status=Reminder.Status.FAILED
        )
    twelve = queries()
    assert one == twelve
    html = client.get(reverse("staff_queue")).content.decode()
    # Five named, each with its button; the rest counted, on the delivery problems page.
    assert html.count("I have seen this") == 5 and "12 in all" in html


def test_from_a_page_that_answered_a_post_the_banner_goes_back_to_delivery_problems(
    staff_client, failed_alert
):
    """A form shown again with its errors sits at a POST-only address: no going back there."""
    client = staff_client(COORDINATOR)
    case_id = failed_alert.submission.public_id
    response = client.post(reverse("staff_case_note", args=[case_id]), {"body": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"1 {BANNER}" in html and 'name="next" value=""' in html
    back = client.post(
        reverse("staff_delivery_acknowledge"), {"reminder": str(failed_alert.pk), "next": ""}
    )
    assert back["Location"] == reverse("staff_deliveries")

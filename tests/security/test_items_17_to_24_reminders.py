"""security.md items 17 to 24 (reminders and alerts), each held in one short in-process test
against the real database, broker and a loopback SMTP server. The reminders' own suite
(tests/reminders/) goes further: real workers killed mid-batch, a Redis restarted empty, an SMTP
server refusing for a while."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from screening.models import Reminder, Submission
from screening.reminders.dispatch import reminder_send, reminders_dispatch, retry_delay
from screening.reminders.unsubscribe import unsubscribe_link_create
from tests.clients import FormClient
from tests.staff.support import make_case

from .support import ALERT_LIST

pytestmark = pytest.mark.django_db


def claim(now) -> list[int]:
    """The dispatcher's claim, keeping the ids instead of handing them to the broker."""
    handed: list[int] = []
    # The ids are handed over on commit; the test's transaction never commits, so run them.
    with TestCase.captureOnCommitCallbacks(execute=True):
        reminders_dispatch(now=now, enqueue=handed.extend)
    return handed


def test_item_17_reminders_are_rows_made_with_the_event_and_unique_per_sequence():
    case = make_case("meets")
    rows = Reminder.objects.filter(submission=case)
    assert rows.filter(kind=Reminder.Kind.NEXT_STEPS).exists()
    assert rows.filter(kind=Reminder.Kind.CHECKIN).count() == len(
        settings.REMINDER_CHECKIN_AFTER_WEEKS
    )
    first = rows.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(
            submission=case, kind=first.kind, sequence=first.sequence, due_at=first.due_at
        )


def test_item_17_no_task_is_ever_given_a_countdown_or_eta():
    from pathlib import Path

    code = "\n".join(p.read_text() for p in Path("screening").rglob("*.py"))
    assert "countdown=" not in code and "eta=" not in code


def test_item_18_an_expired_lease_is_claimed_again_and_a_live_one_is_not():
    case = make_case("meets")
    now = timezone.now() + timedelta(weeks=10)
    claimed = claim(now)
    assert claimed and set(claimed) <= set(Reminder.objects.values_list("pk", flat=True))
    assert claim(now + timedelta(seconds=10)) == []  # leases still running
    later = now + timedelta(seconds=settings.REMINDER_LEASE_SECONDS + 1)
    assert set(claim(later)) == set(claimed)
    assert case.pk


def test_item_19_sending_the_same_reminder_twice_delivers_once(smtp):
    make_case("urgent")
    now = timezone.now()
    ids = claim(now)
    alert = Reminder.objects.get(pk__in=ids, kind=Reminder.Kind.URGENT_ALERT)
    assert reminder_send(reminder_id=alert.pk, now=now).status == "sent"
    assert reminder_send(reminder_id=alert.pk, now=now).status == "skipped"
    alert.refresh_from_db()
    assert alert.status == Reminder.Status.SENT and alert.provider_message_id
    assert smtp.handler.count() == 1


def test_item_20_workers_keep_a_task_until_it_is_done_and_speak_json_only():
    from trd_clinic.celery import app

    conf = app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_time_limit < conf.broker_transport_options["visibility_timeout"]
    assert conf.accept_content == ["json"] and conf.task_ignore_result


def test_item_21_retries_back_off_exponentially_with_jitter_a_finite_number_of_times():
    delays = [retry_delay(attempt=n).total_seconds() for n in range(1, 8)]
    assert delays[1] > delays[0] and max(delays) <= settings.REMINDER_RETRY_MAX_SECONDS * 1.5
    assert 0 < settings.REMINDER_MAX_ATTEMPTS < 20


def test_item_22_one_click_unsubscribe_posts_without_login_and_get_changes_nothing():
    case = make_case("meets")
    path = reverse(
        "unsubscribe", args=[unsubscribe_link_create(submission=case, now=timezone.now())]
    )
    patient_kinds = (Reminder.Kind.NEXT_STEPS, Reminder.Kind.CHECKIN)
    pending = Reminder.objects.filter(
        submission=case, kind__in=patient_kinds, status=Reminder.Status.PENDING
    )
    assert FormClient().get(path).status_code == 200
    assert pending.exists()
    response = FormClient(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not pending.exists()


def test_item_23_a_send_task_lost_in_the_broker_is_claimed_again_and_sent_once(smtp):
    make_case("urgent")
    now = timezone.now()
    lost = claim(now)  # handed to a broker that then lost them (Redis restarted empty)
    assert lost
    later = now + timedelta(seconds=settings.REMINDER_LEASE_SECONDS + 1)
    again = claim(later)
    assert set(again) == set(lost)
    for reminder_id in again:
        reminder_send(reminder_id=reminder_id, now=later)
        reminder_send(reminder_id=reminder_id, now=later)  # and a duplicate delivery
    urgent = smtp.handler.snapshot()
    assert len([m for m in urgent if ALERT_LIST in m.recipients]) == 1


def test_item_24_a_positive_item_9_alerts_staff_at_once_and_escalates_if_unacknowledged(smtp):
    submitted_at = timezone.now()
    case = make_case("urgent", now=submitted_at)
    assert case.urgent
    alerts = Reminder.objects.filter(submission=case)
    alert = alerts.get(kind=Reminder.Kind.URGENT_ALERT)
    assert alert.due_at <= submitted_at + timedelta(minutes=1)
    escalation = alerts.get(kind=Reminder.Kind.URGENT_ESCALATION)
    assert escalation.due_at == alert.due_at + timedelta(
        minutes=settings.URGENT_ESCALATION_AFTER_MINUTES
    )
    for reminder_id in claim(submitted_at):
        reminder_send(reminder_id=reminder_id, now=submitted_at)
    assert any(ALERT_LIST in m.recipients for m in smtp.handler.snapshot())
    assert Submission.objects.get(pk=case.pk).urgent

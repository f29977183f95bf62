"""Every row of issue 7's table, through a real Celery worker on the real Redis broker and a real
SMTP server: sent on time, once, with its own template and no patient or clinical data.

The tests move time by passing `now` to the dispatcher (beat's job); the worker sends with its
own clock. The clinic's time zone here is one where it is mid-day right now (see conftest), so
the worker's quiet-hours check never holds anything back during the run.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from screening.intake import services as intake
from screening.models import Reminder, Submission
from screening.reminders.dispatch import (
    digest_schedule,
    enqueue_send_tasks,
    reminder_send,
    reminders_dispatch,
)
from screening.reminders.messages import message_id_for
from screening.reminders.outbox import outbox_after_submit
from tests.conftest import start_celery_worker

from .conftest import (
    ALERT_LIST,
    CANARY,
    CANARY_EMAIL,
    DIGEST_LIST,
    ESCALATION_LIST,
    FIRST_NAME,
    RECEIVED_SUBJECT,
    assert_no_clinical_words,
    assert_no_patient_data,
    besides_the_confirmation,
    canary_case,
    daytime_zone,
    reminders_of,
    settled,
    subjects,
    use_smtp,
    wait_until,
    worker_env,
)
from .smtp import Received, SmtpServer

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

ZONE = daytime_zone()
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo(ZONE))  # a Thursday, 10:00 clinic time
SECOND = timedelta(seconds=1)


@pytest.fixture(scope="module")
def module_smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, tmp_path_factory, module_smtp):
    with django_db_blocker.unblock():
        process = start_celery_worker(
            tmp_path_factory.mktemp("worker"),
            # The worker sends on the real clock while these tests move the dispatcher's, so
            # every resume email here is seconds apart: lift the per-address limit (issue 14
            # item 4, tested in tests/security/test_issue14_item04_resume_mail_bombing.py).
            extra_env=worker_env(
                module_smtp,
                TIME_ZONE=ZONE,
                RESUME_EMAIL_MIN_INTERVAL_MINUTES="0",
                RESUME_EMAIL_DAILY_CAP="1000",
            ),
        )
    yield process
    process.stop()


@pytest.fixture
def smtp(module_smtp, settings):
    module_smtp.handler.reset()
    use_smtp(settings, module_smtp)
    return module_smtp


@pytest.fixture(autouse=True)
def clinic_zone(settings):
    settings.TIME_ZONE = ZONE


def dispatch(now: datetime, worker) -> list[int]:
    """Beat's job at `now`, then wait for the worker to finish what was handed to it."""
    handed = reminders_dispatch(now=now)
    assert wait_until(lambda: settled(handed)), worker.log()
    return handed


def link_in(received: Received) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/\S*)", received.text()).group(1)


def assert_patient_message(received: Received, row: Reminder, subject: str) -> None:
    assert received.recipients == [CANARY_EMAIL]
    assert received.message["Subject"] == subject
    assert received.message_id == message_id_for(row.pk)
    assert FIRST_NAME in received.text() and FIRST_NAME in received.html()
    assert_no_patient_data(received, first_name_allowed=True)
    assert_no_clinical_words(received)
    unsubscribe = received.message["List-Unsubscribe"].strip()  # long: folded onto its own line
    assert re.fullmatch(r"<http://127\.0\.0\.1:8000/unsubscribe/[^/>]+/>", unsubscribe)
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def assert_staff_message(received: Received, to: str, subject_words: str) -> None:
    assert received.recipients == [to]
    assert subject_words in received.message["Subject"]
    assert_no_patient_data(received, first_name_allowed=False)
    assert "List-Unsubscribe" not in received.message


def test_resume_intake_reminders_go_at_24_and_72_hours(worker, smtp, client):
    draft = canary_case(now=NOW, submit=False)
    [link_row] = reminders_of(draft, Reminder.Kind.RESUME_LINK)
    first, second = reminders_of(draft, Reminder.Kind.RESUME_INTAKE)
    assert dispatch(NOW, worker) == [link_row.pk]  # the link asked for at step 2 goes at once
    assert dispatch(NOW + timedelta(hours=24) - SECOND, worker) == []
    assert dispatch(NOW + timedelta(hours=24), worker) == [first.pk]
    assert dispatch(NOW + timedelta(hours=72) - SECOND, worker) == []
    assert dispatch(NOW + timedelta(hours=72), worker) == [second.pk]

    sent = smtp.handler.snapshot()
    assert len(sent) == 3
    assert_patient_message(sent[0], link_row, "Your link to continue - Emerge Wellness")
    assert_patient_message(sent[1], first, "Pick up where you left off - Emerge Wellness")
    assert_patient_message(sent[2], second, "Pick up where you left off - Emerge Wellness")
    # Each carries a fresh single-use link that opens this draft.
    paths = [link_in(received) for received in sent]
    assert len(set(paths)) == 3
    response = client.get(paths[2])
    assert response.status_code == 302 and response["Location"] == reverse("intake_continue")


def test_next_steps_go_two_business_days_after_submitting(worker, smtp):
    case = canary_case(now=NOW)
    [row] = reminders_of(case, Reminder.Kind.NEXT_STEPS)
    [confirmation_row] = reminders_of(case, Reminder.Kind.RECEIVED)
    monday = NOW + timedelta(days=4)
    assert row.due_at == monday
    assert dispatch(NOW, worker) == [confirmation_row.pk]  # "we have your answers", at once
    assert dispatch(monday - SECOND, worker) == []
    assert dispatch(monday, worker) == [row.pk]
    confirmation, received = smtp.handler.snapshot()
    assert_patient_message(confirmation, confirmation_row, RECEIVED_SUBJECT)
    assert_patient_message(received, row, "A note from Emerge Wellness")
    assert link_in(received) == reverse("landing")


def test_checkins_go_at_two_and_four_weeks_with_a_working_link(worker, smtp, client):
    case = canary_case(now=NOW)
    first, second = reminders_of(case, Reminder.Kind.CHECKIN)
    # The worker counts its budget on the real clock, where these weeks pass in seconds: the
    # "we have your answers" of the submit is put four real weeks back, out of the window.
    Reminder.objects.filter(submission=case, kind=Reminder.Kind.RECEIVED).update(
        status=Reminder.Status.SENT, sent_at=timezone.now() - timedelta(weeks=4)
    )
    dispatch(NOW + timedelta(days=4), worker)  # next steps, on the Monday
    assert dispatch(NOW + timedelta(weeks=2) - SECOND, worker) == []
    assert dispatch(NOW + timedelta(weeks=2), worker) == [first.pk]
    assert dispatch(NOW + timedelta(weeks=4) - SECOND, worker) == []
    assert dispatch(NOW + timedelta(weeks=4), worker) == [second.pk]
    assert subjects(smtp.handler.snapshot()[:1]) == ["A note from Emerge Wellness"]
    checkins = smtp.handler.snapshot()[1:]
    assert len(checkins) == 2
    for received, row in zip(checkins, (first, second), strict=True):
        assert_patient_message(received, row, "A quick question from Emerge Wellness")
    path = link_in(checkins[1])
    assert path.startswith("/checkin/")
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == reverse("checkin")
    assert client.get(reverse("checkin")).status_code == 200


def test_an_urgent_alert_goes_at_once_and_escalates_after_an_hour(worker, smtp):
    case = canary_case(now=NOW, item9=1)
    [alert] = reminders_of(case, Reminder.Kind.URGENT_ALERT)
    [escalation] = reminders_of(case, Reminder.Kind.URGENT_ESCALATION)
    [confirmation] = reminders_of(case, Reminder.Kind.RECEIVED)
    assert sorted(dispatch(NOW, worker)) == sorted([alert.pk, confirmation.pk])
    assert dispatch(NOW + timedelta(minutes=60) - SECOND, worker) == []
    assert dispatch(NOW + timedelta(minutes=60), worker) == [escalation.pk]
    sent_alert, sent_escalation = besides_the_confirmation(smtp.handler.snapshot())
    case_url = f"http://127.0.0.1:8000{reverse('staff_case', args=[case.public_id])}"
    assert_staff_message(sent_alert, ALERT_LIST, "Urgent")
    assert_staff_message(sent_escalation, ESCALATION_LIST, "Escalation")
    for received in (sent_alert, sent_escalation):
        assert case_url in received.text() and case_url in received.html()


def test_the_daily_digest_goes_at_8_with_counts_only(worker, smtp):
    case = canary_case(now=NOW)
    [confirmation] = reminders_of(case, Reminder.Kind.RECEIVED)
    assert dispatch(NOW, worker) == [confirmation.pk]  # at the submit, as it would
    eight = datetime(2026, 11, 27, 8, 0, tzinfo=ZoneInfo(ZONE))
    digest = digest_schedule(now=eight)
    assert digest_schedule(now=eight + timedelta(minutes=5)).pk == digest.pk  # once a day
    assert dispatch(eight, worker) == [digest.pk]
    [received] = besides_the_confirmation(smtp.handler.snapshot())
    assert_staff_message(received, DIGEST_LIST, "Daily summary for Friday November 27")
    assert "New submissions: 1" in received.text()
    assert "Waiting in the queue as new: 1" in received.text()
    assert case.public_id not in received.text()


def test_we_have_your_answers_goes_at_once_with_the_reference_and_no_clinical_word(worker, smtp):
    """Issue 16 item 9, through beat's dispatcher, the Celery worker and SMTP."""
    case = canary_case(now=NOW)
    [row] = reminders_of(case, Reminder.Kind.RECEIVED)
    assert row.due_at == NOW and row.channel == Reminder.Channel.EMAIL
    assert dispatch(NOW, worker) == [row.pk]
    [received] = smtp.handler.snapshot()
    assert_patient_message(received, row, RECEIVED_SUBJECT)
    reference = f"REF-{case.pk:06d}"
    assert reference in received.text() and reference in received.html()
    assert "988" in received.text() and "911" in received.text()
    assert "our team will read your answers" in received.text()
    assert link_in(received) == reverse("landing")
    # A second submit of the same case (a double tap, a retried request) writes no new row.
    intake.submission_submit(submission_id=case.pk, now=NOW + timedelta(minutes=1))
    outbox_after_submit(submission=case, now=NOW + timedelta(minutes=2))
    assert reminders_of(case, Reminder.Kind.RECEIVED) == [row]
    assert dispatch(NOW + timedelta(minutes=3), worker) == []
    # A retried send task for the row finds it sent and sends nothing.
    retried = reminder_send(reminder_id=row.pk, now=NOW + timedelta(minutes=4))
    assert (retried.status, retried.reason) == ("skipped", "sent")
    assert smtp.handler.count() == 1


def test_no_confirmation_to_a_person_who_did_not_agree_to_email(worker, smtp):
    by_text_only = intake.ConsentAnswers(
        privacy=True, adult=True, email_reminders=False, sms_reminders=True
    )
    draft = canary_case(now=NOW, consents=by_text_only, submit=False)
    Submission.objects.filter(pk=draft.pk).update(contact_method=Submission.ContactMethod.TEXT)
    case = intake.submission_submit(submission_id=draft.pk, now=NOW)
    assert case.email  # an address given, but not for this
    assert reminders_of(case, Reminder.Kind.RECEIVED) == []
    dispatch(NOW, worker)
    assert RECEIVED_SUBJECT not in subjects(smtp.handler.snapshot())


def test_a_second_task_for_the_same_id_sends_nothing(worker, smtp):
    canary_case(now=NOW, submit=False)
    finished_before = worker.log().count("screening.send_reminder[")
    [pk] = reminders_dispatch(now=NOW)
    enqueue_send_tasks([pk, pk])  # a duplicate delivery, as after a lease ran out
    assert wait_until(lambda: worker.log().count("screening.send_reminder[") >= finished_before + 6)
    assert smtp.handler.count() == 1
    assert worker.log().count("succeeded") >= 3
    assert (
        len(re.findall(r"send_reminder\[[^\]]+\] succeeded in [0-9.]+s: 'skipped'", worker.log()))
        >= 2
    )


def test_the_operators_command_hands_due_reminders_to_the_workers(worker, smtp, capsys):
    now = timezone.now()
    draft = canary_case(now=now, submit=False)
    call_command("send_due_reminders")
    assert "1 reminders handed to the workers." in capsys.readouterr().out
    [row] = reminders_of(draft, Reminder.Kind.RESUME_LINK)
    assert wait_until(lambda: settled([row.pk]))
    assert smtp.handler.count() == 1


def test_the_worker_log_holds_no_patient_data(worker):
    log = worker.log()
    assert "succeeded" in log
    for secret in (CANARY, CANARY.lower(), FIRST_NAME):
        assert secret not in log
    # The token in a link is as good as a key: none appears either.
    assert "/intake/resume/" not in log and "/checkin/" not in log

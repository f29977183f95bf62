"""Texts through the Twilio backend, Twilio's own client and HTTP stack, against a fake of the
Messages API on loopback: what is sent, to whom, from whom; how each failure is sorted; and that
texts keep quiet hours and the budget as emails do. The send path runs in this process with
explicit times (run_due), as in test_send.py and test_rules.py.
"""

import logging
from datetime import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from screening.models import Reminder, Submission
from screening.reminders.kinds import PATIENT_KINDS
from screening.reminders.messages import reminder_message
from screening.reminders.twilio_sms import TwilioSmsBackend

from .conftest import NEW_YORK, canary_case, reminders_of, run_due
from .fake_twilio import ACCOUNT_SID, FROM_NUMBER, SERVER_ERROR, TOO_MANY
from .texting import TEXTS_ONLY, assert_clean_text, new_number, texting_case, texts_of

pytestmark = pytest.mark.django_db(transaction=True)

THURSDAY_10AM = datetime(2026, 11, 26, 10, 0, tzinfo=NEW_YORK)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NEW_YORK)


def first_text(case: Submission) -> Reminder:
    """The case's first text: its next-steps message (the check-ins come weeks later)."""
    [first] = reminders_of(case, Reminder.Kind.NEXT_STEPS)
    assert first.channel == Reminder.Channel.SMS
    return first


def test_a_person_who_chose_texts_gets_next_steps_and_check_ins_by_text():
    case = texting_case(now=THURSDAY_10AM)
    by_kind = {(r.kind, r.sequence): r.channel for r in Reminder.objects.filter(submission=case)}
    assert by_kind[(Reminder.Kind.NEXT_STEPS, 1)] == Reminder.Channel.SMS
    assert by_kind[(Reminder.Kind.CHECKIN, 1)] == Reminder.Channel.SMS
    assert by_kind[(Reminder.Kind.CHECKIN, 2)] == Reminder.Channel.SMS
    # "Email me a link" is an email, and staff alerts are never texts.
    assert by_kind[(Reminder.Kind.RESUME_LINK, 1)] == Reminder.Channel.EMAIL
    emailed = canary_case(now=THURSDAY_10AM)  # chose email
    assert not texts_of(emailed)


def test_resume_reminders_follow_the_latest_way_the_person_asked_to_be_reached():
    from screening.intake import services as intake

    from .texting import TEXT_CONSENT

    draft, _key = intake.draft_start(consents=TEXT_CONSENT, now=THURSDAY_10AM)

    def about(contact_method: str) -> list[str]:
        intake.draft_save_about(
            submission_id=draft.pk,
            first_name="Robin",
            last_name="Example",
            date_of_birth=None,
            email="robin@example.org",
            phone=new_number(),
            preferred_location=None,
            contact_method=contact_method,
            now=THURSDAY_10AM,
        )
        return [r.channel for r in reminders_of(draft, Reminder.Kind.RESUME_INTAKE)]

    assert about("text") == [Reminder.Channel.SMS, Reminder.Channel.SMS]
    assert about("email") == [Reminder.Channel.EMAIL, Reminder.Channel.EMAIL]
    assert about("text") == [Reminder.Channel.SMS, Reminder.Channel.SMS]
    # The link asked for by email stays an email.
    assert {r.channel for r in reminders_of(draft, Reminder.Kind.RESUME_LINK)} == {"email"}


def test_texts_need_the_text_consent_even_when_texts_were_chosen():
    from screening.intake import services as intake

    no_texts = intake.ConsentAnswers(
        privacy=True, adult=True, email_reminders=True, sms_reminders=False
    )
    assert not texts_of(texting_case(now=THURSDAY_10AM, consents=no_texts))


def test_a_text_goes_through_twilio_with_our_number_and_keeps_twilios_id(twilio, caplog):
    caplog.set_level(logging.DEBUG)
    phone = new_number()
    case = texting_case(now=THURSDAY_10AM, phone=phone, consents=TEXTS_ONLY)
    text_row = first_text(case)
    assert run_due(text_row.due_at)[text_row.pk].status == "sent"
    [text] = twilio.state.snapshot()
    assert (text.to, text.sender) == (phone, FROM_NUMBER)
    assert "Reply STOP" in text.body and "http://127.0.0.1:8000/" in text.body
    assert_clean_text(text.body, phone=phone)
    text_row.refresh_from_db()
    assert text_row.provider_message_id == text.sid and text.sid.startswith("SM")
    # Neither the number nor the words are in any log line (ours, Twilio's, urllib3's).
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert phone not in logged and phone[2:] not in logged
    assert text.body not in logged and "Reply STOP" not in logged


def test_a_messaging_service_sends_when_one_is_set(twilio, settings):
    settings.TWILIO_MESSAGING_SERVICE_SID = "MG" + "2" * 32
    case = texting_case(now=THURSDAY_10AM, consents=TEXTS_ONLY)
    text_row = first_text(case)
    assert run_due(text_row.due_at)[text_row.pk].status == "sent"
    [text] = twilio.state.snapshot()
    assert text.sender == settings.TWILIO_MESSAGING_SERVICE_SID


@pytest.mark.parametrize(
    ("failure", "status", "kind"),
    [
        (TOO_MANY, Reminder.Status.PENDING, "sms_429"),
        (SERVER_ERROR, Reminder.Status.PENDING, "sms_500"),
        # A 21610 (the person replied STOP) is test_sms_carrier_stop.py's: consent goes too.
    ],
)
def test_twilio_failures_retry_later_or_fail_for_good(twilio, caplog, failure, status, kind):
    caplog.set_level(logging.DEBUG)
    twilio.state.failure = failure
    twilio.state.failures = 1
    phone = new_number()
    case = texting_case(now=THURSDAY_10AM, phone=phone, consents=TEXTS_ONLY)
    text_row = first_text(case)
    outcome = run_due(text_row.due_at)[text_row.pk]
    text_row.refresh_from_db()
    assert (text_row.status, text_row.last_error_kind) == (status, kind)
    assert outcome.reason == kind
    assert twilio.state.count() == 0 and twilio.state.failed == 1
    # Twilio's error message quotes the number: it goes nowhere.
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert phone not in logged and phone[2:] not in logged
    if status == Reminder.Status.PENDING:
        # Back in the outbox with a later due time, then sent once Twilio answers again.
        assert text_row.due_at > THURSDAY_10AM and text_row.retrying_since is not None
        assert run_due(text_row.due_at)[text_row.pk].status == "sent"
        assert [text.to for text in twilio.state.snapshot()] == [phone]


def test_a_slow_twilio_times_out_and_the_text_is_tried_again(twilio, settings):
    settings.TWILIO_TIMEOUT = 0.5
    twilio.state.delay = 1.5
    case = texting_case(now=THURSDAY_10AM, consents=TEXTS_ONLY)
    text_row = first_text(case)
    outcome = run_due(text_row.due_at)[text_row.pk]
    assert (outcome.status, outcome.reason) == ("retrying", "sms_connection_error")
    text_row.refresh_from_db()
    assert text_row.status == Reminder.Status.PENDING


def test_wrong_credentials_keep_the_text_waiting_instead_of_failing_it(twilio, settings):
    settings.TWILIO_AUTH_TOKEN = "not-the-token"
    case = texting_case(now=THURSDAY_10AM, consents=TEXTS_ONLY)
    text_row = first_text(case)
    assert run_due(text_row.due_at)[text_row.pk].reason == "sms_401"
    text_row.refresh_from_db()
    assert text_row.status == Reminder.Status.PENDING
    assert twilio.state.count() == 0


def test_the_backend_refuses_to_start_without_its_settings(settings):
    settings.TWILIO_ACCOUNT_SID = ""
    with pytest.raises(ImproperlyConfigured):
        TwilioSmsBackend()
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = "x"
    settings.TWILIO_FROM_NUMBER = settings.TWILIO_MESSAGING_SERVICE_SID = ""
    with pytest.raises(ImproperlyConfigured):
        TwilioSmsBackend()


@pytest.mark.parametrize("kind", PATIENT_KINDS)
def test_no_text_of_any_kind_carries_a_clinical_word_or_personal_data(kind, settings):
    settings.CLINIC_NAME = "Emerge Wellness"
    phone = new_number()
    case = texting_case(now=THURSDAY_10AM, phone=phone)
    reminder = Reminder.objects.create(
        submission=case, kind=kind, sequence=77, channel=Reminder.Channel.SMS, due_at=THURSDAY_10AM
    )
    message = reminder_message(reminder=reminder, submission=case, now=THURSDAY_10AM)
    assert message.to == (phone,) and message.subject == ""
    assert message.text.startswith("Emerge Wellness: ")
    assert_clean_text(message.text, phone=phone)


# --- Quiet hours and the budget, exactly as for emails ----------------------------------------


def test_a_text_due_in_quiet_hours_waits_until_8_then_goes(twilio):
    case = texting_case(now=at(26, 10), consents=TEXTS_ONLY)
    text_row = first_text(case)
    Reminder.objects.filter(pk=text_row.pk).update(due_at=at(30, 21, 30))
    outcome = run_due(at(30, 21, 30))[text_row.pk]
    assert (outcome.status, outcome.reason) == ("deferred", "quiet_hours")
    text_row.refresh_from_db()
    assert (text_row.status, text_row.due_at, text_row.attempts) == (
        "pending",
        at(1, 8, month=12),
        0,
    )
    assert twilio.state.count() == 0
    assert run_due(at(1, 7, 59, month=12)) == {}
    assert run_due(at(1, 8, month=12))[text_row.pk].status == "sent"
    assert twilio.state.count() == 1


def test_texts_and_emails_share_one_budget(twilio, smtp):
    case = texting_case(now=THURSDAY_10AM)
    text_row = first_text(case)
    send_at = at(10, 10, month=12)
    # Three patient messages in the seven days before: two emails and a text.
    for sequence, (kind, channel, day) in enumerate(
        [
            (Reminder.Kind.RESUME_INTAKE, Reminder.Channel.EMAIL, 4),
            (Reminder.Kind.NEXT_STEPS, Reminder.Channel.SMS, 5),
            (Reminder.Kind.CHECKIN, Reminder.Channel.EMAIL, 6),
        ],
        start=50,
    ):
        Reminder.objects.create(
            submission=case,
            kind=kind,
            sequence=sequence,
            channel=channel,
            due_at=at(day, 9, month=12),
            status=Reminder.Status.SENT,
            sent_at=at(day, 9, month=12),
        )
    Reminder.objects.filter(submission=case).exclude(pk=text_row.pk).filter(
        status=Reminder.Status.PENDING
    ).delete()
    Reminder.objects.filter(pk=text_row.pk).update(due_at=send_at)
    outcome = run_due(send_at)[text_row.pk]
    assert (outcome.status, outcome.reason) == ("deferred", "budget")
    text_row.refresh_from_db()
    freed = at(11, 9, month=12)  # seven days after the oldest of the three
    assert text_row.due_at == freed and twilio.state.count() == 0
    assert run_due(freed)[text_row.pk].status == "sent"
    assert twilio.state.count() == 1
    # ... and a sent text counts against the next email as an email would.
    email = Reminder.objects.create(
        submission=case, kind=Reminder.Kind.CHECKIN, sequence=60, due_at=freed
    )
    assert run_due(freed)[email.pk].reason == "budget"
    assert smtp.handler.count() == 0


def test_a_text_to_a_case_without_a_number_is_cancelled(twilio):
    case = texting_case(now=THURSDAY_10AM, consents=TEXTS_ONLY)
    Submission.objects.filter(pk=case.pk).update(phone="")
    text_row = first_text(case)
    assert run_due(text_row.due_at)[text_row.pk].reason == "no_address"
    assert twilio.state.count() == 0

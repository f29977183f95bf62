"""Replies to our texts: Twilio's signed webhook, STOP / START / HELP and their synonyms.

Requests are signed as Twilio signs them (HMAC-SHA1 of the URL set in its console and the
posted fields, with the Auth Token), computed here with Twilio's own RequestValidator.
"""

import logging
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from twilio.request_validator import RequestValidator

from screening.models import AuditEvent, CaseEvent, Consent, Reminder, Submission
from screening.reminders.sms_keywords import KEYWORD_CONSENT_VERSION, keyword_of
from screening.reminders.views.sms_inbound import webhook_url

from .conftest import NEW_YORK, form_post, reminders_of, run_due
from .fake_twilio import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER
from .texting import TEXTS_ONLY, assert_clean_text, new_number, texting_case, texts_of

pytestmark = pytest.mark.django_db(transaction=True)

THURSDAY_10AM = datetime(2026, 11, 26, 10, 0, tzinfo=NEW_YORK)
PATH = "/sms/inbound/"
CLINIC_PHONE = "(781) 555-0199"


@pytest.fixture(autouse=True)
def twilio_account(settings):
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.CLINIC_NAME = "Emerge Wellness"
    settings.CLINIC_PHONE = CLINIC_PHONE


def inbound(from_number: str, body: str) -> dict[str, str]:
    """The fields Twilio posts for an inbound SMS (the ones that matter, and a few that don't)."""
    return {
        "MessageSid": "SM" + "a" * 32,
        "AccountSid": ACCOUNT_SID,
        "From": from_number,
        "To": FROM_NUMBER,
        "Body": body,
        "NumMedia": "0",
        "FromCountry": "US",
    }


def post_signed(client, data: dict[str, str], *, token: str = AUTH_TOKEN, url: str = ""):
    signature = RequestValidator(token).compute_signature(url or webhook_url(), data)
    return form_post(client, PATH, data, HTTP_X_TWILIO_SIGNATURE=signature)


def text_consent(case: Submission) -> bool:
    return Submission.objects.get(pk=case.pk).has_consent(Consent.Kind.SMS_REMINDERS)


def test_the_webhook_address_names_nobody():
    assert reverse("sms_inbound") == PATH
    assert webhook_url() == "http://127.0.0.1:8000/sms/inbound/"


@pytest.mark.parametrize(
    ("headers", "token"),
    [({}, AUTH_TOKEN), ({"HTTP_X_TWILIO_SIGNATURE": "bm90IGEgc2lnbmF0dXJl"}, AUTH_TOKEN)],
)
def test_an_unsigned_or_badly_signed_post_is_refused_and_changes_nothing(client, headers, token):
    phone = new_number()
    case = texting_case(now=THURSDAY_10AM, phone=phone)
    response = form_post(client, PATH, inbound(phone, "STOP"), **headers)
    assert response.status_code == 403
    assert text_consent(case)
    refused = AuditEvent.objects.get(action="sms_webhook_refused")
    assert (refused.outcome, refused.object_id) == (AuditEvent.Outcome.DENIED, "")


def test_a_post_signed_with_another_token_or_for_another_address_is_refused(client):
    phone = new_number()
    case = texting_case(now=THURSDAY_10AM, phone=phone)
    assert post_signed(client, inbound(phone, "STOP"), token="another-token").status_code == 403
    other_url = "http://127.0.0.1:8000/sms/elsewhere/"
    assert post_signed(client, inbound(phone, "STOP"), url=other_url).status_code == 403
    # Fields changed after signing (a replay with a different number) fail too.
    data = inbound(phone, "HELP")
    signature = RequestValidator(AUTH_TOKEN).compute_signature(webhook_url(), data)
    tampered = {**data, "Body": "STOP"}
    assert form_post(client, PATH, tampered, HTTP_X_TWILIO_SIGNATURE=signature).status_code == 403
    assert text_consent(case)


def test_get_is_not_allowed(client):
    assert client.get(PATH).status_code == 405


@pytest.mark.parametrize(
    "word", ["STOP", "stop", " Stop. ", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]
)
def test_stop_and_its_synonyms_withdraw_text_consent_at_once(client, word, caplog):
    caplog.set_level(logging.DEBUG)
    phone = new_number()
    case = texting_case(now=THURSDAY_10AM, phone=phone)
    assert len(texts_of(case)) == 3  # next steps and two check-ins
    response = post_signed(client, inbound(phone, word))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    reply = response.content.decode()
    assert "<Response><Message>Emerge Wellness: You will get no more texts" in reply
    assert "Reply START" in reply
    assert not text_consent(case)
    latest = Consent.objects.filter(submission=case, kind=Consent.Kind.SMS_REMINDERS).last()
    assert latest is not None and latest.text_version == KEYWORD_CONSENT_VERSION
    # Email reminders were agreed to: the waiting texts become emails instead.
    assert not Reminder.objects.filter(
        submission=case, channel=Reminder.Channel.SMS, status=Reminder.Status.PENDING
    ).exists()
    [event] = CaseEvent.objects.filter(submission=case, kind=CaseEvent.Kind.TEXTS_STOPPED)
    assert event.detail == {
        "keyword": word.strip().strip(".").lower(),
        "moved_to_email": 3,
        "cancelled_reminders": 0,
    }
    audit = AuditEvent.objects.get(action="sms_texts_stopped")
    assert (audit.object_type, audit.object_id) == ("submission", case.public_id)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert phone not in logged and phone[2:] not in logged


def test_stop_without_email_consent_cancels_the_waiting_texts(client):
    phone = new_number()
    case = texting_case(now=THURSDAY_10AM, phone=phone, consents=TEXTS_ONLY)
    post_signed(client, inbound(phone, "STOP"))
    statuses = {(r.status, r.last_error_kind) for r in texts_of(case)}
    assert statuses == {(Reminder.Status.CANCELLED, "texts_stopped")}


def test_stop_reaches_every_case_with_the_number_and_a_second_stop_changes_nothing(client):
    phone = new_number()
    first = texting_case(now=THURSDAY_10AM, phone=phone)
    second = texting_case(now=THURSDAY_10AM + timedelta(days=1), phone=phone)
    other = texting_case(now=THURSDAY_10AM)
    post_signed(client, inbound(phone, "STOP"))
    post_signed(client, inbound(phone, "STOP"))
    assert not text_consent(first) and not text_consent(second)
    assert text_consent(other)
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.TEXTS_STOPPED).count() == 2
    assert AuditEvent.objects.filter(action="sms_texts_stopped").count() == 2


def test_a_text_already_claimed_by_a_worker_does_not_go_after_stop(client, twilio):
    phone = new_number()
    case = texting_case(now=THURSDAY_10AM, phone=phone, consents=TEXTS_ONLY)
    [next_steps] = reminders_of(case, Reminder.Kind.NEXT_STEPS)
    Reminder.objects.filter(pk=next_steps.pk).update(
        status=Reminder.Status.SENDING, lease_expires_at=next_steps.due_at
    )
    post_signed(client, inbound(phone, "STOP"))
    assert run_due(next_steps.due_at) == {}  # cancelled under the row, not sent
    assert twilio.state.count() == 0


@pytest.mark.parametrize("word", ["START", "yes", "Unstop"])
def test_start_undoes_a_stop(client, word, twilio):
    phone = new_number()
    case = texting_case(now=THURSDAY_10AM, phone=phone, consents=TEXTS_ONLY)
    post_signed(client, inbound(phone, "STOP"))
    response = post_signed(client, inbound(phone, word))
    assert "You will get our texts again" in response.content.decode()
    assert text_consent(case)
    assert CaseEvent.objects.filter(submission=case, kind=CaseEvent.Kind.TEXTS_RESTARTED).exists()
    assert AuditEvent.objects.filter(action="sms_texts_restarted").count() == 1
    # A new text goes again (the cancelled ones stay cancelled: they were about then).
    later = Reminder.objects.create(
        submission=case,
        kind=Reminder.Kind.CHECKIN,
        sequence=9,
        channel=Reminder.Channel.SMS,
        due_at=datetime(2026, 12, 14, 10, 0, tzinfo=NEW_YORK),
    )
    assert run_due(later.due_at)[later.pk].status == "sent"
    assert [text.to for text in twilio.state.snapshot()] == [phone]


def test_start_does_not_turn_an_intake_no_into_a_yes(client):
    from screening.intake import services as intake

    phone = new_number()
    said_no = intake.ConsentAnswers(
        privacy=True, adult=True, email_reminders=True, sms_reminders=False
    )
    case = texting_case(now=THURSDAY_10AM, phone=phone, consents=said_no)
    response = post_signed(client, inbound(phone, "YES"))
    assert response.status_code == 200
    assert not text_consent(case)
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.TEXTS_RESTARTED).exists()


@pytest.mark.parametrize("word", ["HELP", "info"])
def test_help_gives_the_clinic_its_phone_and_how_to_stop_and_changes_nothing(client, word):
    phone = new_number()
    case = texting_case(now=THURSDAY_10AM, phone=phone)
    reply = post_signed(client, inbound(phone, word)).content.decode()
    assert "Emerge Wellness" in reply and CLINIC_PHONE in reply and "Reply STOP" in reply
    assert "988" in reply
    assert text_consent(case)
    assert not CaseEvent.objects.filter(submission=case).exclude(kind="submitted").exists()


@pytest.mark.parametrize(
    "body", ["STOP", "START", "HELP", "I feel awful, please call me", "stop please"]
)
def test_no_reply_carries_a_clinical_word(client, body):
    phone = new_number()
    texting_case(now=THURSDAY_10AM, phone=phone)
    reply = post_signed(client, inbound(phone, body)).content.decode()
    assert reply.startswith('<?xml version="1.0" encoding="UTF-8"?><Response><Message>')
    assert_clean_text(reply, phone=phone)


def test_anything_else_is_answered_with_the_phone_and_nothing_is_kept(client, caplog):
    caplog.set_level(logging.DEBUG)
    phone = new_number()
    case = texting_case(now=THURSDAY_10AM, phone=phone)
    words = "please call me back tomorrow CANARY-inbound"
    reply = post_signed(client, inbound(phone, words)).content.decode()
    assert "cannot read replies" in reply and CLINIC_PHONE in reply and "988" in reply
    assert text_consent(case)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "CANARY-inbound" not in logged
    assert not CaseEvent.objects.filter(detail__icontains="CANARY-inbound").exists()


def test_an_unknown_or_foreign_number_gets_the_reply_and_changes_nothing(client):
    for number in (new_number(), "+447700900123", "not-a-number"):
        response = post_signed(client, inbound(number, "STOP"))
        assert response.status_code == 200
    assert not Consent.objects.filter(text_version=KEYWORD_CONSENT_VERSION).exists()


def test_the_webhook_is_rate_limited(client, settings):
    settings.RATELIMIT_SMS_WEBHOOK = "2/m"
    phone = new_number()
    assert post_signed(client, inbound(phone, "HELP")).status_code == 200
    assert post_signed(client, inbound(phone, "HELP")).status_code == 200
    assert post_signed(client, inbound(phone, "HELP")).status_code == 429


@pytest.mark.parametrize(
    ("body", "expected"),
    [("STOP", "stop"), ("stop!", "stop"), ("Stop texting me", "other"), ("", "other"),
     ("start", "start"), ("HELP", "help"), ("Info", "help"), ("yes", "start")],
)  # fmt: skip
def test_keywords_are_the_whole_message(body, expected):
    assert keyword_of(body).value == expected


def test_staff_see_which_messages_are_texts_and_why_they_stopped(client):
    from django.template.loader import render_to_string

    from screening.reminders.selectors import case_reminders
    from screening.staff.presenters.history import case_history

    phone = new_number()
    case = texting_case(now=THURSDAY_10AM, phone=phone, consents=TEXTS_ONLY)
    post_signed(client, inbound(phone, "STOP"))
    html = render_to_string(
        "staff/_case_reminders.html", {"reminders": case_reminders(submission=case)}
    )
    assert "Next steps (text)" in html and "texts_stopped" in html
    assert phone not in html
    history = case_history(list(CaseEvent.objects.filter(submission=case)), clinical=False)
    assert "Texts stopped (the person replied STOP)" in [line["what"] for line in history]

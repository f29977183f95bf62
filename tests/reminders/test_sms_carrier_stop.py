"""Twilio's error 21610 on a send: the person replied STOP to our number (perhaps to Twilio's
own opt-out, never reaching our webhook). Their "no" to texts is recorded at once, exactly as an
inbound STOP records it, not just that one text failed. Texts go to the fake Messages API on
loopback; the emails they turn into go to a real SMTP server on loopback.
"""

import logging
from datetime import datetime, timedelta

import pytest

from screening.models import AuditEvent, CaseEvent, Consent, Reminder, Submission
from screening.reminders.sms_keywords import KEYWORD_CONSENT_VERSION
from screening.staff.presenters.history import case_history

from .conftest import (
    CANARY_EMAIL,
    NEW_YORK,
    RECEIVED_SUBJECT,
    reminders_of,
    run_due,
    subjects,
)
from .fake_twilio import UNSUBSCRIBED
from .texting import TEXTS_ONLY, new_number, texting_case, texts_of

pytestmark = pytest.mark.django_db(transaction=True)

THURSDAY_10AM = datetime(2026, 11, 26, 10, 0, tzinfo=NEW_YORK)


def text_consent(case: Submission) -> bool:
    return Submission.objects.get(pk=case.pk).has_consent(Consent.Kind.SMS_REMINDERS)


def refused_after_stop(twilio) -> None:
    twilio.state.failure = UNSUBSCRIBED
    twilio.state.failures = -1  # every send to the number, as Twilio does after a STOP


def test_a_refused_text_withdraws_text_consent_on_every_case_and_moves_texts_to_email(
    twilio, smtp, caplog
):
    caplog.set_level(logging.DEBUG)
    refused_after_stop(twilio)
    phone = new_number()
    case = texting_case(now=THURSDAY_10AM, phone=phone)  # agreed to emails too
    later_case = texting_case(now=THURSDAY_10AM + timedelta(days=3), phone=phone)
    [next_steps] = reminders_of(case, Reminder.Kind.NEXT_STEPS)
    outcome = run_due(next_steps.due_at)[next_steps.pk]
    assert (outcome.status, outcome.reason) == ("moved_to_email", "sms_unsubscribed")
    assert twilio.state.failed == 1 and twilio.state.count() == 0

    # The "no" is recorded as an inbound STOP records it, on both cases with the number.
    for each in (case, later_case):
        assert not text_consent(each)
        latest = Consent.objects.filter(submission=each, kind=Consent.Kind.SMS_REMINDERS).last()
        assert latest is not None and latest.text_version == KEYWORD_CONSENT_VERSION
        assert not texts_of(each), "every waiting text became an email"
    [event] = CaseEvent.objects.filter(submission=case, kind=CaseEvent.Kind.TEXTS_STOPPED)
    assert event.detail == {"via": "carrier", "moved_to_email": 3, "cancelled_reminders": 0}
    audits = AuditEvent.objects.filter(action="sms_texts_stopped_by_carrier")
    assert sorted(audits.values_list("object_id", flat=True)) == sorted(
        [case.public_id, later_case.public_id]
    )
    assert not AuditEvent.objects.filter(action="sms_texts_stopped").exists()

    # The refused message itself goes by email at the next dispatch, and no text is tried.
    next_steps.refresh_from_db()
    assert (next_steps.channel, next_steps.status) == (
        Reminder.Channel.EMAIL,
        Reminder.Status.PENDING,
    )
    assert run_due(next_steps.due_at)[next_steps.pk].status == "sent"
    received = smtp.handler.snapshot()
    # Each of the two cases agreed to email, so each got its "we have your answers" at submit.
    assert subjects(received).count(RECEIVED_SUBJECT) == 2
    [email] = [m for m in received if m.message["Subject"] != RECEIVED_SUBJECT]
    assert email.recipients == [CANARY_EMAIL]
    assert twilio.state.failed == 1

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert phone not in logged and phone[2:] not in logged


def test_without_email_consent_the_refused_text_and_the_waiting_ones_are_cancelled(twilio):
    refused_after_stop(twilio)
    phone = new_number()
    case = texting_case(now=THURSDAY_10AM, phone=phone, consents=TEXTS_ONLY)
    [next_steps] = reminders_of(case, Reminder.Kind.NEXT_STEPS)
    outcome = run_due(next_steps.due_at)[next_steps.pk]
    assert (outcome.status, outcome.reason) == ("cancelled", "sms_unsubscribed")
    assert not text_consent(case)
    assert {(r.status, r.last_error_kind) for r in texts_of(case)} == {
        (Reminder.Status.CANCELLED, "texts_stopped")
    }
    [event] = CaseEvent.objects.filter(submission=case, kind=CaseEvent.Kind.TEXTS_STOPPED)
    assert event.detail == {"via": "carrier", "moved_to_email": 0, "cancelled_reminders": 3}
    # Nothing is left to try: the next dispatches send nothing.
    assert run_due(THURSDAY_10AM + timedelta(days=60)) == {}
    assert twilio.state.failed == 1


def test_staff_read_that_the_phone_company_reported_the_stop(twilio):
    refused_after_stop(twilio)
    case = texting_case(now=THURSDAY_10AM, consents=TEXTS_ONLY)
    [next_steps] = reminders_of(case, Reminder.Kind.NEXT_STEPS)
    run_due(next_steps.due_at)
    history = case_history(list(CaseEvent.objects.filter(submission=case)), clinical=False)
    [line] = [line for line in history if line["what"].startswith("Texts stopped")]
    assert line["who"] == "The patient (STOP reported by their phone company)"
    assert "refused" in line["what"] and "replied STOP" in line["what"]

"""START after an email one-click unsubscribe, and what staff read about the patient's choices.

The unsubscribe page promises "no more reminder emails"; it stops texts too (the side to err
on). A START texted afterwards is the person's explicit request for texts: it reopens texts and
only texts, and the reply says so only when it is true. Whichever came last wins.
"""

from datetime import timedelta

import pytest

from screening.models import AuditEvent, CaseEvent, Consent, Reminder, Submission
from screening.reminders.selectors import MessagingStatus, messaging_status
from screening.reminders.sms_keywords import KEYWORD_CONSENT_VERSION, texts_stop
from screening.reminders.unsubscribe import submission_unsubscribe
from screening.staff.presenters.history import case_history

from .conftest import a_recent_thursday_10am, run_due
from .test_sms_inbound import inbound, post_signed, twilio_account  # noqa: F401 (a fixture)
from .texting import new_number, texting_case

pytestmark = pytest.mark.django_db(transaction=True)

# The START and STOP texts in these tests arrive at the real time: after THURSDAY_10AM's
# unsubscribe, and before LATER's run (a Monday, 6 to 12 days from today).
THURSDAY_10AM = a_recent_thursday_10am()
LATER = THURSDAY_10AM + timedelta(days=18)
ON_THURSDAY = f"{THURSDAY_10AM:%b} {THURSDAY_10AM.day}, {THURSDAY_10AM.year}"  # "Nov 26, 2026"


def unsubscribed_case(phone: str) -> Submission:
    case = texting_case(now=THURSDAY_10AM, phone=phone)  # agreed to emails and texts
    assert submission_unsubscribe(public_id=case.public_id, now=THURSDAY_10AM + timedelta(hours=1))
    return case


def waiting(case: Submission, channel: str, sequence: int) -> Reminder:
    return Reminder.objects.create(
        submission=case,
        kind=Reminder.Kind.CHECKIN,
        sequence=sequence,
        channel=channel,
        due_at=LATER,
    )


def test_an_email_unsubscribe_stops_texts_too(twilio):
    phone = new_number()
    case = unsubscribed_case(phone)
    text = waiting(case, Reminder.Channel.SMS, 20)
    assert run_due(LATER)[text.pk].reason == "unsubscribed"
    assert twilio.state.count() == 0


def test_start_after_an_email_unsubscribe_brings_texts_back_and_not_emails(client, twilio, smtp):
    phone = new_number()
    case = unsubscribed_case(phone)
    reply = post_signed(client, inbound(phone, "START")).content.decode()
    assert "You will get our texts again" in reply
    latest = Consent.objects.filter(submission=case, kind=Consent.Kind.SMS_REMINDERS).last()
    assert latest is not None and latest.given and latest.text_version == KEYWORD_CONSENT_VERSION
    assert CaseEvent.objects.filter(submission=case, kind=CaseEvent.Kind.TEXTS_RESTARTED).exists()
    assert AuditEvent.objects.filter(action="sms_texts_restarted").count() == 1

    text = waiting(case, Reminder.Channel.SMS, 20)
    email = waiting(case, Reminder.Channel.EMAIL, 21)
    outcomes = run_due(LATER)
    assert outcomes[text.pk].status == "sent"
    assert outcomes[email.pk].reason == "unsubscribed"
    assert [sent.to for sent in twilio.state.snapshot()] == [phone]
    assert smtp.handler.count() == 0
    # A second START changes nothing more.
    post_signed(client, inbound(phone, "START"))
    assert AuditEvent.objects.filter(action="sms_texts_restarted").count() == 1


def test_a_later_click_on_an_old_unsubscribe_link_stops_the_restarted_texts_again(client, twilio):
    phone = new_number()
    case = unsubscribed_case(phone)
    post_signed(client, inbound(phone, "START"))
    text = waiting(case, Reminder.Channel.SMS, 20)
    assert submission_unsubscribe(public_id=case.public_id, now=LATER - timedelta(days=1))
    text.refresh_from_db()
    assert (text.status, text.last_error_kind) == (Reminder.Status.CANCELLED, "unsubscribed")
    assert CaseEvent.objects.filter(submission=case, kind=CaseEvent.Kind.UNSUBSCRIBED).count() == 2
    again = waiting(case, Reminder.Channel.SMS, 22)
    assert run_due(LATER)[again.pk].reason == "unsubscribed"
    assert twilio.state.count() == 0


def test_stop_after_the_restart_still_stops_and_leaves_emails_stopped(client):
    phone = new_number()
    case = unsubscribed_case(phone)
    assert "texts again" in post_signed(client, inbound(phone, "START")).content.decode()
    text = waiting(case, Reminder.Channel.SMS, 20)
    stopped = post_signed(client, inbound(phone, "STOP"))
    assert "no more texts" in stopped.content.decode()
    assert not Submission.objects.get(pk=case.pk).has_consent(Consent.Kind.SMS_REMINDERS)
    text.refresh_from_db()
    # Emails were unsubscribed: the text is cancelled, not moved to email.
    assert (text.channel, text.status) == (Reminder.Channel.SMS, Reminder.Status.CANCELLED)


@pytest.mark.parametrize("who", ["unknown", "said_no_at_intake"])
def test_start_promises_texts_only_when_they_will_come(client, who):
    from screening.intake import services as intake

    phone = new_number()
    if who == "said_no_at_intake":
        said_no = intake.ConsentAnswers(
            privacy=True, adult=True, email_reminders=True, sms_reminders=False
        )
        texting_case(now=THURSDAY_10AM, phone=phone, consents=said_no)
    reply = post_signed(client, inbound(phone, "START")).content.decode()
    assert "texts again" not in reply
    assert "We could not turn texts on for this number." in reply and "(781) 555-0199" in reply
    assert not Consent.objects.filter(text_version=KEYWORD_CONSENT_VERSION).exists()


def test_the_history_names_the_patient_for_their_own_choices(client):
    phone = new_number()
    case = unsubscribed_case(phone)
    post_signed(client, inbound(phone, "START"))
    post_signed(client, inbound(phone, "STOP"))
    history = case_history(
        list(CaseEvent.objects.filter(submission=case).order_by("at", "pk")), clinical=False
    )
    who = {line["what"]: line["who"] for line in history}
    assert who["Texts stopped (the person replied STOP)"] == "The patient (text reply)"
    assert who["Texts allowed again (the person replied START)"] == "The patient (text reply)"
    assert who["Unsubscribed from reminders"] == "The patient (email unsubscribe link)"
    assert "The system" not in [who[what] for what in who if "Text" in what]


def test_the_contact_panel_keeps_emails_and_texts_apart_through_unsubscribe_start_and_stop(client):
    """Staff read each channel's own state: "Unsubscribed" alone would be wrong once START has
    reopened texts, and "Reminders agreed" would be wrong once STOP has closed them."""
    phone = new_number()
    case = texting_case(now=THURSDAY_10AM, phone=phone)
    assert messaging_status(case) == MessagingStatus("Reminders agreed", "Reminders agreed")

    submission_unsubscribe(public_id=case.public_id, now=THURSDAY_10AM + timedelta(hours=1))
    case.refresh_from_db()
    assert messaging_status(case) == MessagingStatus(
        f"Stopped on {ON_THURSDAY} (unsubscribe link)",
        f"Stopped on {ON_THURSDAY} (unsubscribe link)",
    )

    post_signed(client, inbound(phone, "START"))
    case.refresh_from_db()
    status = messaging_status(case)
    assert status.emails == f"Stopped on {ON_THURSDAY} (unsubscribe link)"
    assert status.texts.startswith("Allowed again on ") and status.texts.endswith("(replied START)")

    post_signed(client, inbound(phone, "STOP"))
    case.refresh_from_db()
    status = messaging_status(case)
    assert status.texts.startswith("Stopped on ") and status.texts.endswith("(replied STOP)")
    assert status.emails.startswith(f"Stopped on {ON_THURSDAY}")


def test_a_carrier_opt_out_is_named_as_such(client):
    phone = new_number()
    case = texting_case(now=THURSDAY_10AM, phone=phone)
    texts_stop(number=phone, detail={"via": "carrier"}, now=THURSDAY_10AM + timedelta(hours=2))
    case.refresh_from_db()
    assert messaging_status(case).texts == (
        f"Stopped on {ON_THURSDAY} (the carrier reported an opt-out)"
    )
    assert messaging_status(case).emails == "Reminders agreed"


def test_a_person_who_said_no_to_both_reads_as_such():
    from screening.intake import services as intake

    said_no = intake.ConsentAnswers(
        privacy=True, adult=True, email_reminders=False, sms_reminders=False
    )
    case = texting_case(now=THURSDAY_10AM, phone=new_number(), consents=said_no)
    assert messaging_status(case) == MessagingStatus(
        "No reminders (only messages the person asks for)", "Not agreed"
    )

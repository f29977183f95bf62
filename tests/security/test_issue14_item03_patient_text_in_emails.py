"""Issue 14 item 3 (breaks security.md items 9 and 12): a first name with line breaks and a URL
went into the resume email. Names refuse line breaks, control and bidi-override characters and
web addresses, with a kind message beside the field; emails carry no other patient-typed text."""

import pytest
from django.urls import reverse
from django.utils import timezone

from screening.models import Reminder, Submission
from screening.reminders import checkins, outbox
from screening.reminders.messages import reminder_message
from tests.clients import FormClient
from tests.intake.walk import ABOUT, START, step_url, walk

from .issue14 import noon_tomorrow, run_outbox

pytestmark = pytest.mark.django_db

PHISHING = "Robin\r\n\r\nACTION REQUIRED: confirm your account at http://evil.example/login"
BAD_NAMES = [
    PHISHING,
    "Robin\nSmith",
    "Robin\u2028Smith",  # Unicode line separator
    "Ro\x07bin",  # a control character
    "Robin\u202e",  # right-to-left override
    "Robin\u2066x\u2069",  # isolates
    "\u202aRobin",
    "www.evil.example",
    "evil.example",
    "Robin <b>",
    "Robin 2",
]
GOOD_NAMES = [
    "José",
    "Mary-Jane",
    "O\u2019Brien",
    "D'Arcy",
    "Zoë",
    "Nguyễn",
    "李",
    "J. R.",
    "St. Clair",
]


def started() -> FormClient:
    browser = FormClient()
    browser.post(reverse("intake_start"), START)
    return browser


@pytest.mark.parametrize("field", ["first_name", "last_name"])
@pytest.mark.parametrize("name", BAD_NAMES)
def test_issue14_item03_a_name_with_line_breaks_controls_bidi_or_a_url_is_refused_kindly(
    field, name
):
    browser = started()
    response = browser.post(step_url("about"), {**ABOUT, field: name})
    assert response.status_code == 200
    html = response.content.decode()
    which = "first" if field == "first_name" else "last"
    # The message is beside the field (in the element the input's aria-describedby names)...
    beside = html.split(f'<div id="id_{field}_error" class="invalid-feedback">', 1)[1]
    beside = beside.split("</div>", 1)[0]
    assert (
        f"Enter your {which} name using letters only" in beside
        or "Enter just your name here, with no web address" in beside
    )
    # ... and everything else typed is kept.
    assert ABOUT["email"] in html and ABOUT["date_of_birth"] in html
    draft = Submission.objects.get()
    assert draft.first_name == "" and "about" not in draft.steps_completed
    assert not Reminder.objects.filter(kind=Reminder.Kind.RESUME_LINK).exists()


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_issue14_item03_names_in_any_alphabet_with_hyphens_and_apostrophes_are_kept(name):
    browser = started()
    response = browser.post(step_url("about"), {**ABOUT, "first_name": name, "last_name": name})
    assert response.status_code == 302
    assert Submission.objects.get().first_name == name


def test_issue14_item03_a_name_stored_before_the_check_never_reaches_an_email(mailoutbox):
    browser = started()
    browser.post(step_url("about"), ABOUT)
    # As if typed before names were checked (or changed in the admin).
    Submission.objects.update(first_name=PHISHING)
    run_outbox(noon_tomorrow())
    [message] = mailoutbox
    html = message.alternatives[0][0]
    for text in (message.body, html, message.subject):
        assert "ACTION REQUIRED" not in text and "evil.example" not in text
    assert message.body.startswith("Hello,")


def test_issue14_item03_every_patient_message_carries_no_typed_text_but_an_emails_first_name():
    """Audit of the templates: each patient message, email and text, rendered for a case whose
    every typed answer is a canary, carries no canary but the first name's, and a text not even
    that (issue 18: a lock screen shows it to whoever holds the phone)."""
    canary = "Zqcanary"
    browser = FormClient()
    walk(
        browser,
        about={**ABOUT, "first_name": f"{canary}first", "last_name": f"{canary}last"},
        submit=False,
    )
    draft = Submission.objects.get()
    draft.answers["health"]["current_medications"] = f"{canary}meds"
    draft.save(update_fields=["answers"])
    now = timezone.now()
    rows = [
        outbox.outbox_resume_link(submission=draft, now=now),
        Reminder.objects.get(kind=Reminder.Kind.RESUME_INTAKE, sequence=1),
    ]
    browser.post(reverse("intake_review"))
    draft.refresh_from_db()
    rows += [
        Reminder.objects.get(kind=Reminder.Kind.NEXT_STEPS),
        Reminder.objects.get(kind=Reminder.Kind.CHECKIN, sequence=1),
    ]
    rows += [
        Reminder.objects.create(
            submission=draft, kind=row.kind, sequence=99, channel="sms", due_at=now
        )
        for row in rows
    ]
    for row in rows:
        message = reminder_message(reminder=row, submission=draft, now=now)
        texts = [message.subject, message.text, message.html or ""]
        for text in texts:
            assert text.count(canary) == text.count(f"{canary}first"), (row.kind, row.channel)
        if row.channel == "sms":
            assert canary not in message.text, row.kind
        else:
            assert f"{canary}first" in message.text
    assert checkins  # the check-in link above is made by reminder_message

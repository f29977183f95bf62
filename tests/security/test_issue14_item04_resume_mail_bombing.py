"""Issue 14 item 4 (breaks security.md items 15 and 22: abuse limits, the patient budget): six
drafts with one address sent six emails, and one "email me a link" six more. Now: at most one
resume email per address per RESUME_EMAIL_MIN_INTERVAL_MINUTES and RESUME_EMAIL_DAILY_CAP a day,
whatever the number of drafts; one link per request, for the most recent draft; the page says
the same thing whether or not mail was sent."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from screening.intake import services as intake
from screening.models import Reminder, Submission
from tests.clients import FormClient, without_csrf_token
from tests.intake.walk import ABOUT, START, step_url

from .issue14 import noon_tomorrow, resume_emails_to, resume_path, resume_rows, run_outbox

pytestmark = pytest.mark.django_db

TARGET = "target@example.org"


def draft_with(address: str) -> FormClient:
    browser = FormClient()
    browser.post(reverse("intake_start"), START)
    assert browser.post(step_url("about"), {**ABOUT, "email": address}).status_code == 302
    return browser


def test_issue14_item04_six_drafts_with_one_address_send_one_email(mailoutbox):
    for _ in range(6):
        draft_with(TARGET)
    now = noon_tomorrow()
    run_outbox(now)
    assert len(resume_emails_to(TARGET)) == 1
    cancelled = Reminder.objects.filter(status=Reminder.Status.CANCELLED)
    assert set(cancelled.values_list("last_error_kind", flat=True)) == {"address_interval"}


def test_issue14_item04_a_request_sends_one_link_for_the_most_recent_draft_within_the_limits(
    mailoutbox,
):
    drafts = [draft_with(TARGET) for _ in range(3)]
    now = noon_tomorrow()
    run_outbox(now)
    assert len(mailoutbox) == 1
    # The last draft saved is the one a new link opens.
    drafts[0].post(step_url("about"), {**ABOUT, "email": TARGET, "last_name": "Latest"})
    newest = Submission.objects.get(last_name="Latest")

    before = len(resume_rows())
    asked = FormClient().post(reverse("intake_resume_request"), {"email": TARGET})
    unknown = FormClient().post(reverse("intake_resume_request"), {"email": "no@example.org"})
    assert without_csrf_token(asked.content) == without_csrf_token(
        unknown.content
    )  # the same words whether or not mail goes
    soon = now + timedelta(minutes=1)
    run_outbox(soon)
    made = resume_rows()[before:]
    assert [row.submission_id for row in made] == [newest.pk]  # one link, the newest draft
    # One minute after the last email: nothing more goes.
    assert len(mailoutbox) == 1 and made[0].last_error_kind == "address_interval"

    later = now + timedelta(minutes=settings.RESUME_EMAIL_MIN_INTERVAL_MINUTES + 1)
    intake.resume_link_request(email=TARGET, now=later)
    run_outbox(later)
    assert len(mailoutbox) == 2
    opened = FormClient()
    assert opened.get(resume_path(mailoutbox[-1])).status_code == 302
    assert "Latest" in opened.get(reverse("intake_review")).content.decode()


def test_issue14_item04_a_daily_cap_holds_however_the_requests_are_spaced(mailoutbox):
    draft_with(TARGET)
    start = noon_tomorrow()
    # The draft's own resume reminders fall due 24 and 72 hours after the wall-clock save, so a
    # run started near noon clinic time would see one land inside the loop and be capped too.
    # This test is about requested links: move those reminders past its last moment.
    Reminder.objects.filter(kind=Reminder.Kind.RESUME_INTAKE).update(
        due_at=start + timedelta(days=7)
    )
    step = timedelta(minutes=settings.RESUME_EMAIL_MIN_INTERVAL_MINUTES + 1)
    for n in range(settings.RESUME_EMAIL_DAILY_CAP + 3):
        moment = start + n * step
        if n:
            intake.resume_link_request(email=TARGET.upper(), now=moment)  # any spelling
        run_outbox(moment)
    assert len(mailoutbox) == settings.RESUME_EMAIL_DAILY_CAP
    assert Reminder.objects.filter(last_error_kind="address_daily_cap").count() == 3
    # A day after the first, the cap lets one through again.
    next_day = start + timedelta(days=1, minutes=1)
    intake.resume_link_request(email=TARGET, now=next_day)
    run_outbox(next_day)
    assert len(mailoutbox) == settings.RESUME_EMAIL_DAILY_CAP + 1

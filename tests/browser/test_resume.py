"""A patient leaves after step 4 and comes back from the link the reminders system emails: a
real Celery worker sends it through a real SMTP server on loopback, and the link opens the draft
in a fresh browser context (no cookies) with every answer in place."""

import re
import time

import pytest
from playwright.sync_api import expect

from screening.models import Reminder
from screening.reminders.tasks import dispatch_due_reminders
from tests.intake.walk import ABOUT, DOSE_FIELDS, EPISODE, NAME_FIELDS, START
from tests.reminders.smtp import SmtpServer

from .intake import THREE_TRIALS, complete_steps, expect_answers, expect_step
from .tab import NewTab

pytestmark = [pytest.mark.browser, pytest.mark.celery_worker]

MAIL_TIMEOUT_SECONDS = 30
RESUME_LINK = re.compile(r"https?://[^\s\"'<>]+/intake/resume/[^/\s\"'<>]+/")


def wait_for_link(inbox: SmtpServer, *, to: str) -> str:
    """The resume link in the plain-text part of the first message to `to`."""
    deadline = time.monotonic() + MAIL_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        for received in inbox.handler.snapshot():
            if to in received.recipients:
                match = RESUME_LINK.search(received.text())
                assert match, f"no resume link in the message:\n{received.text()}"
                return match.group(0)
        time.sleep(0.1)
    raise AssertionError(f"no message to {to} arrived within {MAIL_TIMEOUT_SECONDS} s")


def test_a_patient_leaves_after_step_4_and_finds_every_answer_through_the_emailed_link(
    new_tab: NewTab, inbox: SmtpServer, mail_worker, live_server, clinic_locations
):
    first_visit = new_tab()
    complete_steps(first_visit.page, until="treatments")
    first_visit.check("left after step 4")
    first_visit.page.context.close()  # the patient closes the browser
    assert Reminder.objects.filter(kind=Reminder.Kind.RESUME_LINK).count() == 1

    # Beat's dispatcher, run by the worker: it hands the due resume-link row to a send task.
    dispatch_due_reminders.delay()
    link = wait_for_link(inbox, to=ABOUT["email"])
    assert link.startswith(f"{live_server.url}/intake/resume/"), link
    token = link.rstrip("/").rsplit("/", 1)[-1]

    on_another_device = new_tab()
    page = on_another_device.page
    page.goto(link)
    expect_step(page, "treatments")  # straight on to the first unanswered step
    assert token not in page.url
    on_another_device.check("back from the emailed link")

    on_another_device.go("/intake/")
    expect(page.get_by_text("Welcome back. Your answers so far are saved.")).to_be_visible()
    expect_answers(page, START)
    on_another_device.check("start, answers found")
    on_another_device.go("/intake/step/about/")
    expect_answers(page, ABOUT, date_of_birth="03/27/1985", phone="+17815550134")
    on_another_device.check("about, answers found")
    on_another_device.go("/intake/step/episode/")
    expect_answers(page, EPISODE)
    on_another_device.check("episode, answers found")
    on_another_device.go("/intake/step/medications/")
    expect(page.locator(".summary-list__key")).to_have_count(len(THREE_TRIALS))
    for text in ("Zoloft (sertraline)", "100 mg a day", "Effexor XR", "225 mg a day"):
        expect(page.get_by_role("main")).to_contain_text(text)
    on_another_device.check("medicines, answers found")
    on_another_device.go("/intake/medicine/2/outcome/")
    outcome = {k: v for k, v in THREE_TRIALS[1].items() if k not in (*NAME_FIELDS, *DOSE_FIELDS)}
    expect_answers(page, outcome)

    # The link works once; used again it explains itself and offers a new one by email.
    someone_else = new_tab()
    someone_else.page.goto(link)
    expect(someone_else.page.get_by_role("heading", level=1)).to_have_text(
        "Let's get you a new link"
    )
    expect(someone_else.page.get_by_text("already been used")).to_be_visible()
    someone_else.check("link used twice")

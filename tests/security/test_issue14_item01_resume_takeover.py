"""Issue 14 item 1 (breaks security.md items 2 and 12: access scoped to the person): opening a
resume link or a check-in link ends every other session's and device's access to that draft.

The attack from the issue, end to end with two browsers: someone starts a draft with another
person's address, lets them continue it from the emailed link, and tries to read their PHQ-9.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from screening.models import ScaleResponse, Submission
from screening.reminders import checkins
from tests.clients import FormClient
from tests.intake.walk import ABOUT, EPISODE, START, scale_post, step_url, walk

from .issue14 import noon_tomorrow, resume_emails_to, resume_path, run_outbox

pytestmark = pytest.mark.django_db

VICTIM = "victim@example.org"
ATTACKER = "attacker@example.org"
VICTIM_PHQ9 = [3, 3, 2, 3, 2, 3, 2, 2, 1]
DRAFT_PAGES = ("about", "episode", "medications", "treatments", "phq9", "gad7", "health", "safety")


def started_with(address: str) -> FormClient:
    browser = FormClient()
    assert browser.post(reverse("intake_start"), START).status_code == 302
    assert browser.post(step_url("about"), {**ABOUT, "email": address}).status_code == 302
    return browser


def test_issue14_item01_the_starter_loses_the_draft_once_its_owner_opens_the_emailed_link(
    mailoutbox,
):
    attacker = started_with(VICTIM)
    now = noon_tomorrow()
    run_outbox(now)
    # The link goes only to the address typed; the attacker never sees it.
    assert [m.to for m in mailoutbox] == [[VICTIM]]
    # Until the link is opened the draft holds only what the starter typed, and they may go on.
    assert attacker.get(step_url("episode")).status_code == 200
    assert attacker.post(step_url("episode"), EPISODE).status_code == 302

    victim = FormClient()
    opened = victim.get(resume_path(resume_emails_to(VICTIM)[0]))
    assert opened.status_code == 302
    assert victim.post(step_url("phq9"), scale_post(VICTIM_PHQ9)).status_code == 302
    draft = Submission.objects.get()

    # The starter's session: every page of the draft sends them to the start, kindly.
    for slug in DRAFT_PAGES:
        page = attacker.get(step_url(slug))
        assert page.status_code == 302 and page["Location"] == reverse("intake_start"), slug
    review = attacker.get(reverse("intake_review"), follow=True).content.decode()
    assert "Nearly every day" not in review  # the victim's PHQ-9 answers
    assert "Your screening is now open somewhere else" in review
    assert attacker.get(reverse("intake_continue"))["Location"] == reverse("intake_start")
    # ... writes go nowhere ...
    attacker.post(step_url("phq9"), scale_post([0] * 9))
    stored = ScaleResponse.objects.get(submission=draft, scale=ScaleResponse.Scale.PHQ9)
    assert stored.answers == VICTIM_PHQ9
    # ... and their device cookie, in a fresh session, finds nothing either.
    copy = FormClient()
    copy.cookies["intake_device"] = attacker.cookies["intake_device"].value
    assert copy.get(reverse("intake_review"))["Location"] == reverse("intake_start")
    assert "Continue where you left off" not in copy.get(reverse("intake_start")).content.decode()

    # Asking for a link with the victim's address sends nothing the attacker can read.
    attacker.post(reverse("intake_resume_request"), {"email": VICTIM})
    run_outbox(now)
    assert all(m.to == [VICTIM] for m in mailoutbox)

    # The person who opened the link keeps the draft, in this session and on this device.
    assert "Nearly every day" in victim.get(reverse("intake_review")).content.decode()
    same_device = FormClient()
    same_device.cookies["intake_device"] = victim.cookies["intake_device"].value
    assert same_device.get(reverse("intake_review")).status_code == 200


def test_issue14_item01_a_link_stops_working_once_the_draft_email_changes(mailoutbox):
    attacker = started_with(VICTIM)
    now = noon_tomorrow()
    run_outbox(now)
    link = resume_path(resume_emails_to(VICTIM)[0])
    # The starter moves the draft to an address they hold before the victim clicks...
    assert attacker.post(step_url("about"), {**ABOUT, "email": ATTACKER}).status_code == 302
    # ... so the victim's link no longer opens it, and says why.
    victim = FormClient()
    refused = victim.get(link)
    assert refused.status_code == 410
    assert "email address in the screening was changed" in refused.content.decode()
    assert victim.get(reverse("intake_review"))["Location"] == reverse("intake_start")
    # Nothing the victim could have typed is in the draft: it is still the starter's.
    assert attacker.get(reverse("intake_review")).status_code == 200


def test_issue14_item01_a_checkin_link_ends_the_result_page_and_earlier_checkins_elsewhere():
    patient = FormClient()
    walk(patient)
    assert patient.get(reverse("intake_result")).status_code == 200
    case = Submission.objects.get()
    now = timezone.now()
    first, second = (checkins.checkin_link_create(submission=case, now=now) for _ in range(2))

    earlier = FormClient()
    assert earlier.get(reverse("checkin_start", args=[first])).status_code == 302
    assert earlier.get(reverse("checkin")).status_code == 200
    # The result page in the first browser has ended.
    assert patient.get(reverse("intake_result"))["Location"] == reverse("intake_start")

    later = FormClient()
    assert later.get(reverse("checkin_start", args=[second])).status_code == 302
    assert later.get(reverse("checkin")).status_code == 200
    # The earlier check-in session shows no form any more: only the newest link's does.
    gone = earlier.get(reverse("checkin")).content.decode()
    assert 'name="item1"' not in gone
    assert earlier.post(reverse("checkin"), scale_post([1] * 9)).status_code != 302
    assert not ScaleResponse.objects.filter(source=ScaleResponse.Source.CHECKIN).exists()

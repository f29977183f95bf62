"""Issue 14 item 6 (breaks security.md item 24's alert, turned into a way to page on-call at will):
consent plus a PHQ-9 with item 9 above zero and no way to reach the person paged staff. Now the
crisis help still shows at once, the person is asked kindly for a phone number, and staff are
paged only once the draft holds a way to contact them; until then the draft is listed for staff
apart from the queue (not paged) and, like every urgent draft, never purged."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from screening.intake.purge import drafts_purge
from screening.models import Reminder, Submission
from tests.clients import FormClient
from tests.intake.walk import ABOUT, START, scale_post, step_url

from .issue14 import noon_tomorrow, run_outbox
from .support import ALERT_LIST

pytestmark = pytest.mark.django_db

ITEM9_POSITIVE = [1, 1, 1, 1, 1, 1, 1, 1, 2]
URGENT_KINDS = (Reminder.Kind.URGENT_ALERT, Reminder.Kind.URGENT_ESCALATION)


def urgent_rows() -> int:
    return Reminder.objects.filter(kind__in=URGENT_KINDS).count()


def queue_sections(client) -> tuple[str, str]:
    html = client.get(reverse("staff_queue")).content.decode()
    main, _, apart = html.partition('id="unreachable-heading"')
    return main, apart


def test_issue14_item06_an_anonymous_urgent_answer_shows_help_asks_for_a_phone_and_pages_nobody(
    roles,
    settings,
    mailoutbox,
):
    settings.URGENT_ALERT_EMAILS = [ALERT_LIST]
    stranger = FormClient()
    stranger.post(reverse("intake_start"), START)
    answered = stranger.post(step_url("phq9"), scale_post(ITEM9_POSITIVE))
    assert answered["Location"] == reverse("intake_call_me")
    page = stranger.get(answered["Location"]).content.decode()
    # Crisis help at once, before anything else on the page, then the kind ask.
    assert page.index('class="crisis-panel"') < page.index("<h1")
    assert 'href="tel:988"' in page and "741741" in page
    assert "Can we call you?" in page and 'name="phone"' in page
    assert "carry on without it" in page

    draft = Submission.objects.get()
    assert draft.urgent and urgent_rows() == 0
    run_outbox(noon_tomorrow())
    assert not [m for m in mailoutbox if ALERT_LIST in m.to]  # nobody paged

    # Staff see it apart from the queue, and can open it.
    clinician = roles["clinician"]
    main, apart = queue_sections(clinician)
    assert draft.public_id not in main
    assert draft.public_id in apart
    assert clinician.get(reverse("staff_case", args=[draft.public_id])).status_code == 200
    # Never purged while flagged.
    drafts_purge(now=timezone.now() + timedelta(days=365))
    assert Submission.objects.filter(pk=draft.pk).exists()

    # "Not now" goes on with the screening; a number given later pages staff once.
    assert 'href="/intake/step/gad7/"' in page
    refused = stranger.post(reverse("intake_call_me"), {"phone": "12"})
    assert refused.status_code == 400
    assert "10-digit US phone number" in refused.content.decode()
    saved = stranger.post(reverse("intake_call_me"), {"phone": "781-555-0134"})
    assert saved["Location"] == step_url("gad7")
    assert Reminder.objects.filter(kind=Reminder.Kind.URGENT_ALERT).count() == 1
    assert Reminder.objects.filter(kind=Reminder.Kind.URGENT_ESCALATION).count() == 1
    main, apart = queue_sections(clinician)
    assert draft.public_id in main and draft.public_id not in apart
    # The page is not asked again once there is a number.
    again = stranger.post(step_url("phq9"), scale_post(ITEM9_POSITIVE))
    assert again["Location"] == step_url("gad7")
    assert Reminder.objects.filter(kind=Reminder.Kind.URGENT_ALERT).count() == 1


def test_issue14_item06_an_urgent_answer_on_a_draft_with_an_email_pages_at_once():
    person = FormClient()
    person.post(reverse("intake_start"), START)
    person.post(step_url("about"), ABOUT)
    answered = person.post(step_url("phq9"), scale_post(ITEM9_POSITIVE))
    assert answered["Location"] == step_url("gad7")
    assert 'class="crisis-panel"' in person.get(step_url("gad7")).content.decode()
    assert Reminder.objects.filter(kind=Reminder.Kind.URGENT_ALERT).count() == 1


def test_issue14_item06_contact_details_given_after_the_urgent_answer_page_staff_then():
    person = FormClient()
    person.post(reverse("intake_start"), START)
    person.post(step_url("phq9"), scale_post(ITEM9_POSITIVE))
    assert urgent_rows() == 0
    person.post(step_url("about"), ABOUT)
    assert Reminder.objects.filter(kind=Reminder.Kind.URGENT_ALERT).count() == 1

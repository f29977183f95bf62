"""Every other page a patient can reach, in each of its states, through axe-core at WCAG 2.1 A
and AA and at 320 px wide: the public pages, the contact form, the under-18 stop, asking for a
new resume link, and the pages the reminder emails link to (a check-in, unsubscribing)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from screening.models import ScaleResponse, Submission
from screening.reminders import checkins
from screening.reminders.unsubscribe import unsubscribe_link_create
from tests.intake.walk import START, scale_post
from tests.staff.support import make_case

from .intake import PHQ9_ITEM9_POSITIVE, fill
from .tab import Tab

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "landing",
    "crisis",
    "locations",
    "treatments_index",
    "treatment_trd",
    "treatment_ketamine",
    "treatment_spravato",
    "treatment_tms",
    "treatment_support",
    "treatment_flagged",
]


def test_the_public_pages_pass_axe_and_fit_320_px(tab: Tab, clinic_locations):
    for name in PUBLIC_PAGES:
        tab.go(reverse(name))
        expect(tab.page.get_by_role("heading", level=1)).to_be_visible()
        tab.check(name)


def test_the_callback_form_passes_axe_empty_with_errors_and_sent(tab: Tab, clinic_locations):
    page = tab.page
    tab.go(reverse("contact"))
    tab.check("contact empty")
    page.get_by_role("button", name="Ask us to call me").click()
    expect(page.get_by_role("alert")).to_be_visible()
    tab.check("contact with errors")
    fill(page, {"name": "Robin Quill", "phone": "781-555-0134", "preferred_time": "morning"})
    tab.check("contact filled")
    page.get_by_role("button", name="Ask us to call me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: we will call you")
    tab.check("contact sent")


def test_someone_under_18_is_stopped_kindly(tab: Tab, clinic_locations):
    page = tab.page
    tab.go(reverse("intake_start"))
    fill(page, {**START, "adult": "no"})
    page.get_by_role("button", name="Agree and start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("This online screening is for adults")
    tab.check("under 18")


def test_asking_for_a_new_link_passes_axe_empty_with_errors_and_sent(tab: Tab, clinic_locations):
    page = tab.page
    tab.go(reverse("intake_resume_request"))
    tab.check("resume request empty")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("textbox", name="Your email")).to_have_attribute("aria-invalid", "true")
    tab.check("resume request with errors")
    page.get_by_role("textbox", name="Your email").fill("nobody@example.org")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    tab.check("resume request sent")


def test_a_broken_resume_link_explains_itself(tab: Tab, clinic_locations):
    tab.go(reverse("intake_resume", args=["not-a-real-token"]))
    expect(tab.page.get_by_role("heading", level=1)).to_have_text("Let's get you a new link")
    tab.check("resume link unknown")


def test_a_check_in_from_the_email_passes_axe_empty_with_errors_and_answered(
    tab: Tab, clinic_locations
):
    case = make_case("meets", now=timezone.now(), first_name="Robin")
    token = checkins.checkin_link_create(submission=case, now=timezone.now())
    page = tab.page
    tab.go(reverse("checkin_start", args=[token]))
    expect(page.get_by_role("heading", level=1)).to_have_text("How you have been")
    assert token not in page.url
    tab.check("check-in empty")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("#error-summary")).to_be_focused()
    tab.check("check-in with errors")
    fill(page, scale_post(PHQ9_ITEM9_POSITIVE, functional_difficulty="somewhat"))
    tab.check("check-in filled")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your answers")
    expect(page.locator(".crisis-panel")).to_be_visible()
    tab.check("check-in sent, crisis help shown")
    assert ScaleResponse.objects.filter(
        submission=case, source=ScaleResponse.Source.CHECKIN, item9_positive=True
    ).exists()


def test_unsubscribing_from_the_email_link_passes_axe(tab: Tab, clinic_locations):
    case = make_case("meets", now=timezone.now())
    page = tab.page
    tab.go(
        reverse("unsubscribe", args=[unsubscribe_link_create(submission=case, now=timezone.now())])
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop reminder emails?")
    tab.check("unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    tab.check("unsubscribed")
    assert Submission.objects.get(pk=case.pk).unsubscribed_at is not None
    tab.go(reverse("unsubscribe", args=["tampered"]))
    expect(page.get_by_role("heading", level=1)).to_have_text("This unsubscribe link does not work")
    tab.check("unsubscribe link broken")


def test_issue14_the_call_me_page_and_signing_out_pass_axe(tab: Tab, clinic_locations):
    """Issue 14 items 6 and 12: an urgent answer with no way to reach the person shows crisis
    help and asks for a phone number; then the person signs out of the screening."""
    page = tab.page
    tab.go(reverse("intake_start"))
    fill(page, START)
    page.get_by_role("button", name="Agree and start").click()
    tab.go(reverse("intake_step", args=["phq9"]))
    fill(page, scale_post(PHQ9_ITEM9_POSITIVE, functional_difficulty="somewhat"))
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Can we call you?")
    expect(page.locator(".crisis-panel")).to_be_visible()
    tab.check("call me empty")
    page.get_by_role("button", name="Save my number").click()
    expect(page.locator("#error-summary")).to_be_focused()
    tab.check("call me with errors")
    page.get_by_role("textbox", name="Your phone number").fill("781-555-0134")
    page.get_by_role("button", name="Save my number").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Worry and anxiety")
    assert Submission.objects.get().phone == "+17815550134"

    page.get_by_role("button", name="Sign out of this screening and forget this device").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    tab.check("signed out")
    tab.go(reverse("intake_sign_out"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign out of the screening?")
    tab.check("sign out asked")

"""Issue 14 item 12 (breaks security.md item 5, sessions end, on the patient side): a shared
computer kept the result page for 24 hours and the draft for 30 days. Every intake page and the
result page offer "Sign out of this screening and forget this device"; the result page lives
only for the browser session."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from screening.intake import services as intake
from screening.models import Submission
from tests.clients import FormClient
from tests.intake.walk import ABOUT, START, scale_post, step_url, walk

pytestmark = pytest.mark.django_db

SIGN_OUT_FORM = '<form method="post" action="/intake/sign-out/">'
DRAFT_PAGES = [
    reverse("intake_start"),
    *(step_url(slug) for slug in ("about", "episode", "medications", "treatments", "phq9")),
    *(step_url(slug) for slug in ("gad7", "health", "safety")),
    reverse("intake_review"),
]


def test_issue14_item12_every_intake_page_and_the_result_offer_sign_out():
    person = FormClient()
    walk(person, submit=False)
    for url in DRAFT_PAGES:
        html = person.get(url).content.decode()
        assert SIGN_OUT_FORM in html, url
        assert "Sign out of this screening and forget this device" in html, url
    # The "can we call you?" page too (an urgent answer on a draft with no contact yet).
    anonymous = FormClient()
    anonymous.post(reverse("intake_start"), START)
    anonymous.post(step_url("phq9"), scale_post([0, 0, 0, 0, 0, 0, 0, 0, 1]))
    assert SIGN_OUT_FORM in anonymous.get(reverse("intake_call_me")).content.decode()
    # A new visitor with nothing saved has nothing to sign out of.
    assert SIGN_OUT_FORM not in FormClient().get(reverse("intake_start")).content.decode()
    person.post(reverse("intake_review"))
    assert SIGN_OUT_FORM in person.get(reverse("intake_result")).content.decode()


def test_issue14_item12_signing_out_forgets_the_draft_here_and_keeps_it_for_the_emailed_link():
    person = FormClient()
    person.post(reverse("intake_start"), START)
    person.post(step_url("about"), ABOUT)
    device_cookie = person.cookies["intake_device"].value
    signed_out = person.post(reverse("intake_sign_out"))
    assert signed_out["Location"] == reverse("intake_signed_out")
    assert signed_out.cookies["intake_device"]["max-age"] == 0  # the cookie is deleted
    page = person.get(signed_out["Location"]).content.decode()
    assert "This browser has forgotten your screening" in page
    assert person.get(reverse("intake_review"))["Location"] == reverse("intake_start")
    # A copy of the old cookie opens nothing either.
    copy = FormClient()
    copy.cookies["intake_device"] = device_cookie
    assert copy.get(reverse("intake_review"))["Location"] == reverse("intake_start")
    # The answers are kept: the emailed link still opens them.
    draft = Submission.objects.get()
    token = intake.resume_link_create(submission=draft, now=timezone.now())
    back = FormClient()
    assert back.get(reverse("intake_resume", args=[token])).status_code == 302
    assert ABOUT["email"] in back.get(reverse("intake_review")).content.decode()
    # Only the form's POST signs out (with its CSRF token, like every change); a GET asks.
    other = FormClient()
    other.post(reverse("intake_start"), START)
    asked = other.get(reverse("intake_sign_out"))
    assert asked.status_code == 200 and SIGN_OUT_FORM in asked.content.decode()
    assert other.get(step_url("about")).status_code == 200


def test_issue14_item12_the_result_page_lives_only_for_the_browser_session():
    person = FormClient()
    walk(person, submit=False)
    submitted = person.post(reverse("intake_review"))
    session_cookie = submitted.cookies[settings.SESSION_COOKIE_NAME]
    # No Max-Age and no Expires: the browser drops it when it closes (was 24 hours).
    assert session_cookie["max-age"] == "" and session_cookie["expires"] == ""
    assert person.get(reverse("intake_result")).status_code == 200
    person.post(reverse("intake_sign_out"))
    assert person.get(reverse("intake_result"))["Location"] == reverse("intake_start")

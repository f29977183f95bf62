"""Issue 14 item 10 (breaks security.md item 12's "resume tokens are exchanged for a session"): a
HEAD request (a mail scanner, a link checker) used up the resume link. Only a GET uses it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from screening.intake import services as intake
from screening.models import ResumeLink, Submission
from tests.clients import FormClient
from tests.intake.walk import walk

pytestmark = pytest.mark.django_db


def test_issue14_item10_a_head_request_leaves_the_resume_link_unused():
    walk(FormClient(), submit=False)
    token = intake.resume_link_create(submission=Submission.objects.get(), now=timezone.now())
    url = reverse("intake_resume", args=[token])
    scanner = FormClient()
    assert scanner.head(url).status_code == 200
    assert scanner.head(url).status_code == 200
    assert ResumeLink.objects.get().used_at is None
    assert scanner.get(reverse("intake_review"))["Location"] == reverse("intake_start")

    person = FormClient()
    opened = person.get(url)
    assert opened.status_code == 302 and opened["Location"] == reverse("intake_continue")
    assert person.get(reverse("intake_review")).status_code == 200
    assert ResumeLink.objects.get().used_at is not None

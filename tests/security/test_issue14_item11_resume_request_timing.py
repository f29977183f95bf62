"""Issue 14 item 11 (breaks security.md item 2's "not allowed = not found", here: an address
with a draft looks like one without): the "email me a link" page did more work for a known
address. Now the page writes one request row either way; the lookup and the email happen after
the response, in the dispatcher."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from screening.models import Reminder, ResumeRequest
from screening.reminders.dispatch import reminders_dispatch
from tests.clients import FormClient, without_csrf_token
from tests.intake.walk import ABOUT, walk

pytestmark = pytest.mark.django_db

# Values, numbers and savepoint names (a counter) differ between any two requests; blank them.
LITERALS = re.compile(r"'(?:[^']|'')*'|\"s\d+_x\d+\"|\b\d+\b")


def statements(email: str) -> tuple[list[str], bytes]:
    """The SQL the page runs for `email` (values blanked) and what it answers."""
    with CaptureQueriesContext(connection) as queries:
        response = FormClient().post(reverse("intake_resume_request"), {"email": email})
    assert response.status_code == 200
    return [LITERALS.sub("?", q["sql"]) for q in queries.captured_queries], without_csrf_token(
        response.content
    )


def test_issue14_item11_the_page_does_the_same_work_whether_or_not_the_address_has_a_draft():
    walk(FormClient(), submit=False)
    links_before = Reminder.objects.filter(kind=Reminder.Kind.RESUME_LINK).count()
    known_sql, known_page = statements(ABOUT["email"])
    unknown_sql, unknown_page = statements("nobody-here@example.org")
    assert known_sql == unknown_sql
    assert known_page == unknown_page
    # Nothing about drafts was read or written while the page answered.
    assert not any("screening_submission" in sql for sql in known_sql)
    assert Reminder.objects.filter(kind=Reminder.Kind.RESUME_LINK).count() == links_before
    assert ResumeRequest.objects.count() == 2

    # After the response the dispatcher looks the addresses up: one link, for the known one.
    reminders_dispatch(now=timezone.now(), enqueue=lambda ids: None)
    assert Reminder.objects.filter(kind=Reminder.Kind.RESUME_LINK).count() == links_before + 1
    assert not ResumeRequest.objects.exists()  # the addresses are not kept

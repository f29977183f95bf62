"""Issue 13, defect 3: the submit committed but its response never arrived (a worker timeout, a
dropped connection). The retried submit, or the result URL, from the same device shows the
result of that one submission, never step 1 and never a second case."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from screening.intake import services as intake
from screening.intake.purge import drafts_purge
from screening.intake.views import DEVICE_COOKIE
from screening.models import Submission
from tests.clients import FormClient

from . import walk

pytestmark = pytest.mark.django_db


def submitted_behind_the_patients_back(client) -> Submission:
    """Fill every step, then submit as the lost request did: committed, nothing sent back."""
    walk.walk(client, submit=False)
    draft = Submission.objects.get()
    return intake.submission_submit(submission_id=draft.pk, now=timezone.now())


def test_a_retried_submit_after_a_lost_response_shows_the_result(client):
    submitted_behind_the_patients_back(client)
    retry = client.post(walk.reverse("intake_review"), follow=True)
    assert retry.redirect_chain[-1][0] == walk.reverse("intake_result")
    assert retry.templates[0].name == "intake/result.html"
    assert Submission.objects.count() == 1


def test_the_result_url_from_the_same_device_finds_it_with_a_new_session(client):
    submitted_behind_the_patients_back(client)
    device_key = client.cookies[DEVICE_COOKIE].value
    fresh = FormClient()  # the session is gone (expired, or never saved); the device cookie not
    fresh.cookies[DEVICE_COOKIE] = device_key
    page = fresh.get(walk.reverse("intake_result"))
    assert page.status_code == 200
    assert page.templates[0].name == "intake/result.html"
    assert fresh.cookies[DEVICE_COOKIE].value == ""  # the session holds it from now on
    assert fresh.get(walk.reverse("intake_result")).status_code == 200


def test_the_device_cookie_stops_finding_a_result_after_the_window(client):
    submission = submitted_behind_the_patients_back(client)
    device_key = client.cookies[DEVICE_COOKIE].value
    hours = settings.SUBMITTED_FOUND_BY_DEVICE_HOURS
    Submission.objects.filter(pk=submission.pk).update(
        submitted_at=timezone.now() - timedelta(hours=hours, minutes=1)
    )
    fresh = FormClient()
    fresh.cookies[DEVICE_COOKIE] = device_key
    assert fresh.get(walk.reverse("intake_result")).url == walk.reverse("intake_start")
    drafts_purge(now=timezone.now())
    assert Submission.objects.get(pk=submission.pk).device_key_hash == ""

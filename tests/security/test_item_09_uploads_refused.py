"""security.md item 9 (bounded input): the app takes no files. Multipart bodies are refused before
they are parsed, request bodies are bounded, and the largest real form still fits."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from screening.intake.medicine_forms import MAX_TRIALS
from screening.models import CallbackRequest, MedicationTrial
from screening.reminders.unsubscribe import unsubscribe_link_create
from tests.clients import FormClient
from tests.intake.walk import START, TRIAL_ZOLOFT, post_trials
from tests.staff.support import make_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/intake/", "/contact/", "/intake/resume/", "/staff/login/", "/checkin/"]
)
def test_item_09_a_multipart_post_is_refused_with_415_before_any_view(path):
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.7 ...", content_type="application/pdf")
    response = Client().post(path, {"name": "Sam", "file": upload})
    assert response.status_code == 415
    assert CallbackRequest.objects.count() == 0


def test_item_09_a_multipart_post_without_files_is_refused_too():
    response = Client().post("/contact/", {"name": "Sam", "phone": "781-555-0100"})
    assert response.status_code == 415
    assert CallbackRequest.objects.count() == 0


def test_item_09_rfc_8058_one_click_unsubscribe_may_still_come_as_multipart():
    token = unsubscribe_link_create(submission=make_case("meets"), now=timezone.now())
    response = Client().post(
        reverse("unsubscribe", args=[token]), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200


def test_item_09_a_file_in_any_parsed_body_is_refused(settings):
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 0


def test_item_09_an_oversized_body_gets_400_not_500():
    client = FormClient()
    huge = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post("/contact/", {"name": huge, "phone": "1"})
    assert response.status_code == 400


def test_item_09_too_many_fields_get_400_not_500():
    client = FormClient()
    fields = {f"field{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert client.post("/contact/", fields).status_code == 400


def test_item_09_the_medications_step_with_the_most_trials_still_fits():
    client = FormClient()
    assert client.post(reverse("intake_start"), START).status_code == 302
    trials = [{**TRIAL_ZOLOFT, "medication": "Zoloft " + "x" * 190} for _ in range(MAX_TRIALS)]
    response = post_trials(client, trials)
    assert response.status_code == 302, response.content.decode()[:500]
    assert MedicationTrial.objects.count() == MAX_TRIALS

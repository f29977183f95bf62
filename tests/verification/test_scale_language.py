"""Which official translation of the PHQ-9 and GAD-7 was answered (issue 19's leftover): kept on
each ScaleResponse as it is answered, and shown wherever a score is read: the case page, the
packet PDF, and the FHIR Bundle (Patient.communication, and a note on each scale panel)."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from fhir.resources.R4B.bundle import Bundle

from screening.exports.fhir_bundle import case_bundle
from screening.intake import services as intake
from screening.models import ScaleResponse
from screening.reminders.checkins import checkin_link_create, checkin_link_redeem, checkin_record
from screening.staff.roles import CLINICIAN

from .support import bcbs_case
from .test_packet import packet, pdf_text

pytestmark = pytest.mark.django_db

NINE = [1, 2, 1, 2, 1, 1, 1, 0, 0]


def test_the_intake_and_a_check_in_keep_the_language_answered_in():
    case = bcbs_case()
    # The seed wrote the intake's scales in English.
    assert set(case.scale_responses.values_list("language", flat=True)) == {"en"}
    later = case.submitted_at + timedelta(weeks=2)
    link = checkin_link_redeem(token=checkin_link_create(submission=case, now=later), now=later)
    with translation.override("pt-br"):
        checkin = checkin_record(link_id=link.pk, answers=NINE, functional_difficulty="", now=later)
    assert checkin.language == "pt-br"


def test_a_draft_scale_answered_in_spanish_says_so():
    draft, _key = intake.draft_start(
        consents=intake.ConsentAnswers(True, True, False, False), now=intake_now()
    )
    with translation.override("es"):
        intake.draft_save_scale(
            submission_id=draft.pk,
            scale="phq9",
            answers=NINE,
            functional_difficulty="",
            now=intake_now(),
        )
    assert ScaleResponse.objects.get(submission=draft).language == "es"


def intake_now():
    return timezone.now()


def spanish_case():
    case = bcbs_case()
    case.scale_responses.update(language="es")
    case.language = "es"
    case.save(update_fields=["language"])
    return case


def test_the_case_page_says_which_translation_was_answered(staff_client):
    case = spanish_case()
    html = staff_client(CLINICIAN).get(reverse("staff_case", args=[case.public_id])).content
    html = html.decode()
    assert html.count("Answered in Español (the publisher&#x27;s translation)") == 2  # both scales
    assert "<td>Intake, in Español</td>" in html  # the PHQ-9 over time


def test_an_english_answer_adds_no_words(staff_client):
    case = bcbs_case()
    html = staff_client(CLINICIAN).get(reverse("staff_case", args=[case.public_id])).content
    assert b"Answered in" not in html and b"<td>Intake</td>" in html


def test_the_packet_and_both_fhir_bundles_carry_it(staff_client):
    client = staff_client(CLINICIAN)
    case = spanish_case()
    assert "Intake, in Español" in pdf_text(packet(client, case))
    communication = [
        {
            "language": {
                "coding": [{"system": "urn:ietf:bcp:47", "code": "es"}],
                "text": "Español",
            },
            "preferred": True,
        }
    ]

    sent = json.loads(packet(client, case, ext="json").content)
    Bundle.model_validate(sent)
    resources = [entry["resource"] for entry in sent["entry"]]
    assert next(r for r in resources if r["resourceType"] == "Patient")["communication"] == (
        communication
    )
    phq9 = [r for r in resources if r.get("code", {}).get("text") == "PHQ-9 total"]
    assert phq9 and phq9[0]["note"] == [{"text": "source: Intake, in Español"}]

    # The case export (exports/fhir_bundle.py): each scale panel says which translation.
    exported = case_bundle(case, now=timezone.now()).model_dump(mode="json")
    resources = [entry["resource"] for entry in exported["entry"]]
    assert next(r for r in resources if r["resourceType"] == "Patient")["communication"] == (
        communication
    )
    panels = [r for r in resources if r["resourceType"] == "Observation" and "component" in r]
    assert len(panels) == 2
    assert all(panel["note"] == [{"text": "Answered in Español"}] for panel in panels)

"""Exports: the queue as CSV (formula injection neutralised) and a case as a FHIR R4B Bundle."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from screening.exports.csv_queue import COLUMNS, csv_cell
from screening.models import AuditEvent, ScaleResponse, Submission
from screening.staff.roles import ADMIN, CLINICIAN

from .support import NOW, make_case

pytestmark = pytest.mark.django_db

NON_IDENTIFYING = re.compile(r'attachment; filename="[a-z-]+-\d{4}-\d{2}-\d{2}\.(csv|json)"')


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+16175550142", "'+16175550142"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        # A tab or CR is itself a separator: the formula after it is escaped as well (issue 14/15).
        ("\t=1", "'\t'=1"),
        ("\r=1", "'\r'=1"),
        ("Robin", "Robin"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (12, "12"),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(value, written):
    assert csv_cell(value) == written


def read_csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_queue_csv_escapes_what_the_public_typed(staff_client):
    make_case(first_name="=cmd|' /C calc'!A0", last_name="@Evil", email="-x@example.org")
    response = staff_client(CLINICIAN).get(reverse("staff_queue_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    assert NON_IDENTIFYING.fullmatch(response["Content-Disposition"])
    (row,) = read_csv(response)
    assert list(row) == list(COLUMNS)
    assert row["First name"] == "'=cmd|' /C calc'!A0"
    assert row["Last name"] == "'@Evil"
    assert row["Email"] == "'-x@example.org"
    assert row["Verdict"] == "Meets the criteria"


def test_the_csv_follows_the_current_filter_across_every_page(staff_client, woburn, danvers):
    from .support import clone_cases

    clone_cases(make_case(location=woburn), 60)
    make_case(location=danvers, first_name="Dana")
    client = staff_client(ADMIN)
    filtered = client.post(reverse("staff_queue"), {"status": "open", "location": woburn.pk})
    export = client.get(filtered["Location"] + "export.csv")
    rows = read_csv(export)
    assert len(rows) == 61
    assert {row["Location"] for row in rows} == {"Woburn"}
    assert AuditEvent.objects.filter(action="queue_export_csv").count() == 1


@pytest.fixture
def case_with_checkins():
    case = make_case("urgent", phone="+16175550142")
    ScaleResponse.objects.create(
        submission=case,
        scale="phq9",
        source="checkin",
        answers=[1, 1, 1, 1, 1, 0, 0, 0, 0],
        total=5,
        severity="mild",
        recorded_at=NOW + timedelta(weeks=2),
    )
    return case


def test_the_fhir_bundle_validates_with_the_library(staff_client, case_with_checkins):
    response = staff_client(CLINICIAN).get(
        reverse("staff_case_fhir", args=[case_with_checkins.public_id])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert "no-store" in response["Cache-Control"]
    assert NON_IDENTIFYING.fullmatch(response["Content-Disposition"])
    assert case_with_checkins.public_id not in response["Content-Disposition"]
    bundle = Bundle.model_validate_json(response.content)
    assert bundle.type == "collection"
    resources = [entry.resource for entry in bundle.entry]
    patients = [r for r in resources if isinstance(r, Patient)]
    responses = [r for r in resources if isinstance(r, QuestionnaireResponse)]
    statements = [r for r in resources if isinstance(r, MedicationStatement)]
    observations = [r for r in resources if isinstance(r, Observation)]
    assert len(patients) == 1 and len(responses) == 1 and len(statements) == 2
    patient = patients[0]
    assert patient.name[0].given == ["Alex"] and str(patient.birthDate) == "1985-05-17"
    assert patient.identifier[0].value == case_with_checkins.public_id
    codes = [o.code.coding[0].code for o in observations]
    # The intake's PHQ-9 and GAD-7 (panel and total each) and the check-in PHQ-9.
    assert codes.count("44261-6") == 2 and codes.count("44249-1") == 2
    assert codes.count("70274-6") == 1 and codes.count("69737-5") == 1
    assert {o.code.coding[0].system for o in observations} == {"http://loinc.org"}
    phq9_totals = sorted(o.valueInteger for o in observations if o.code.coding[0].code == "44261-6")
    assert phq9_totals == [5, 18]
    assert statements[0].medicationCodeableConcept.text == "Zoloft"
    assert statements[0].dosage[0].doseAndRate[0].doseQuantity.value == 100
    assert {item.linkId for item in responses[0].item} >= {"medications", "phq9", "gad7", "safety"}
    # Every reference points at an entry of the bundle.
    full_urls = {entry.fullUrl for entry in bundle.entry}
    references = re.findall(r'"reference":\s*"([^"]+)"', response.content.decode())
    assert references and set(references) <= full_urls
    # No database key leaves the app.
    pk = str(case_with_checkins.pk)
    assert not any(resource.id == pk for resource in resources)


def test_every_fhir_resource_also_validates_on_its_own(staff_client, case_with_checkins):
    body = json.loads(
        staff_client(ADMIN)
        .get(reverse("staff_case_fhir", args=[case_with_checkins.public_id]))
        .content
    )
    kinds = {
        "Patient": Patient,
        "QuestionnaireResponse": QuestionnaireResponse,
        "MedicationStatement": MedicationStatement,
        "Observation": Observation,
    }
    for entry in body["entry"]:
        resource = entry["resource"]
        kinds[resource["resourceType"]].model_validate(resource)


def test_a_case_with_an_unanswered_scale_item_still_exports(staff_client):
    from .support import canary_facts

    facts = canary_facts()
    facts["gad7"] = [1, None, 1, 1, 0, 0, 1]
    case = make_case(facts=facts)
    response = staff_client(CLINICIAN).get(reverse("staff_case_fhir", args=[case.public_id]))
    bundle = Bundle.model_validate_json(response.content)
    codes = [
        entry.resource.code.coding[0].code
        for entry in bundle.entry
        if isinstance(entry.resource, Observation)
    ]
    assert "70274-6" not in codes  # no valid GAD-7 total, so no total observation
    assert Submission.objects.get(pk=case.pk).state == "submitted"

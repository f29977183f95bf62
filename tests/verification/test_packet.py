"""Issue 17, the packet: the PDF's text read back with a PDF text extractor and checked field by
field (missing evidence printed as missing), the FHIR R4B bundle validated, the REMS fields
prefilled where the intake has them, generation audited, the download never cached."""

import io
import json
from pathlib import Path

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from screening.models import AuditEvent, CaseEvent
from screening.staff.roles import CLINICIAN

from .support import MADRS, VERIFIED_TRIAL, bcbs_case

pytestmark = pytest.mark.django_db


def packet(client, case, treatment="spravato", profile="bcbsma-spravato", ext="pdf"):
    name = "staff_case_packet_pdf" if ext == "pdf" else "staff_case_packet_fhir"
    return client.get(reverse(name, args=[case.public_id, treatment, profile]))


def pdf_text(response) -> str:
    """The PDF's text as one line (a long value wraps where the page ends, not where we split)."""
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def verified(staff_client):
    client = staff_client(CLINICIAN)
    case = bcbs_case()
    client.post(reverse("staff_case_verify_trial", args=[case.public_id]), VERIFIED_TRIAL)
    client.post(reverse("staff_case_verify_clinical", args=[case.public_id]), MADRS)
    return client, case


def test_the_pdf_holds_every_field_the_issue_lists(verified):
    client, case = verified
    response = packet(client, case)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith('attachment; filename="packet-spravato-')
    assert "Example" not in response["Content-Disposition"]
    text = pdf_text(response)
    for expected in (
        "Prior authorization request: Spravato (esketamine)",
        "Name Alex Example",  # identifiers
        "Date of birth 05/17/1985",
        f"Clinic case id {case.public_id}",
        "Insurer Blue Cross Blue Shield of Massachusetts",
        "Member ID XYZ123456789",
        "Plan type PPO",
        "Diagnosis (clinician) F33.2 Major depressive disorder, recurrent, severe",
        "clinician-verified history, version 2",
        "Profile bcbsma-spravato v1",  # the profile and version checked against
        "Screening result Meets the criteria (clinician-verified)",
        "Adequate failed trials 4",
        "1. sertraline",  # the trials: medicine, class, dose against minimum, weeks...
        "SSRI",
        "150 mg/day against a minimum of 50 mg/day",
        "8 weeks at dose, 10 weeks in total",
        "Adherence Most doses",
        "Little or no improvement",
        "Source Pharmacy records",
        "Source Patient",
        "Augmented with Abilify",
        "Augmentation 1 trial(s) with a recognised augmenting medicine",
        "Psychotherapy MISSING - not documented",
        "PHQ-9 history",
        "11/26/2026 13 (Moderate; Intake)",
        "MADRS 32, rated 11/20/2026",
        "HAM-D-17 MISSING - not documented",  # missing evidence printed as missing
        "Safety screening for Spravato (esketamine)",
        "History of bleeding in the brain No",
        "Spravato REMS patient enrollment",
        "Patient first name Alex",
        "Attestation",
        "Clinician signature:",
    ):
        assert expected in text, expected


def test_missing_evidence_is_printed_as_missing_before_verification(staff_client):
    client = staff_client(CLINICIAN)
    case = bcbs_case()
    text = pdf_text(packet(client, case))
    assert "NOT clinician-verified" in text
    assert "Diagnosis (clinician) MISSING - not documented" in text
    assert "MISSING: A MADRS ≥ 28 or HAM-D-17 ≥ 17 rated by a clinician" in text
    assert "MISSING: 1 more adequate failed trial(s)" in text
    assert "MADRS MISSING - not documented" in text
    assert "Duration MISSING - not documented weeks at dose" in text
    tms = pdf_text(packet(client, case, "tms", "blue-tms"))
    assert "more weeks of psychotherapy" in tms and "REMS" not in tms
    assert "Safety screening for TMS" in tms and "History of seizures" in tms


def test_the_rems_fields_are_prefilled_from_the_intake_where_they_exist(staff_client):
    client = staff_client(CLINICIAN)
    case = bcbs_case()
    case.answers = {
        **case.answers,
        "medicines_now": {
            "kinds": ["benzodiazepine", "opioid", "sleep_medicine"],
            "other": "Lisinopril",
        },
    }
    case.save(update_fields=["answers"])
    text = pdf_text(packet(client, case))
    assert "Currently taking: Benzodiazepines Yes" in text
    assert "Currently taking: Opioids Yes" in text
    assert "Currently taking: Psychostimulants No" in text
    assert "Currently taking: Sedative hypnotics (sleep medicines) Yes" in text
    assert "Other current medicines Lisinopril" in text
    assert "Address ____" in text  # left for the clinician


def test_the_fhir_packet_is_a_valid_r4b_bundle_with_the_same_content(verified):
    client, case = verified
    response = packet(client, case, ext="json")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    bundle = Bundle.model_validate(data)
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert kinds.count("QuestionnaireResponse") == 1
    assert kinds.count("MedicationStatement") == 4
    assert kinds.count("Observation") == 3  # one PHQ-9 total, MADRS, HAM-D-17
    resources = [entry["resource"] for entry in data["entry"]]
    answers = {
        item["linkId"]: item.get("answer")
        for r in resources
        if r["resourceType"] == "QuestionnaireResponse"
        for item in r["item"]
    }
    assert answers["member_id"] == [{"valueString": "XYZ123456789"}]
    assert answers["diagnosis"][0]["valueString"].startswith("F33.2")
    assert answers["profile"] == [{"valueString": "bcbsma-spravato v1"}]
    observations = [r for r in resources if r["resourceType"] == "Observation"]
    madrs = next(o for o in observations if o["code"]["text"].startswith("MADRS"))
    assert madrs["valueInteger"] == 32 and madrs["effectiveDateTime"] == "2026-11-20"
    hamd = next(o for o in observations if o["code"]["text"].startswith("HAM-D-17"))
    assert "valueInteger" not in hamd and hamd["dataAbsentReason"]["text"].startswith("MISSING")
    statements = [r for r in resources if r["resourceType"] == "MedicationStatement"]
    assert statements[3]["informationSource"] == {"display": "Pharmacy records"}
    assert "class: SNRI" in statements[3]["note"][0]["text"]


def test_generating_a_packet_is_audited_and_nothing_is_written_to_disk(verified, tmp_path):
    client, case = verified
    before = {p for p in Path("/tmp").iterdir() if p.suffix == ".pdf"}
    packet(client, case)
    packet(client, case, ext="json")
    audited = AuditEvent.objects.filter(action="case_packet_generated", object_id=case.public_id)
    assert audited.filter(outcome="ok").count() == 2
    events = CaseEvent.objects.filter(submission=case, kind=CaseEvent.Kind.PACKET_GENERATED)
    assert [e.detail for e in events] == [
        {"treatment": "spravato", "profile": "bcbsma-spravato", "format": "pdf"},
        {"treatment": "spravato", "profile": "bcbsma-spravato", "format": "fhir"},
    ]
    assert {p for p in Path("/tmp").iterdir() if p.suffix == ".pdf"} == before


def test_names_and_signs_reach_the_payer_as_written(staff_client):
    """A payer matches the packet to its member by name: Łukasz must not print as "?ukasz"
    (the PDF's built-in fonts stop at Latin-1). Signs print as themselves, not ">=" or "->"."""
    client = staff_client(CLINICIAN)
    case = bcbs_case(first_name="Łukasz", last_name="Nguyễn-São Ñúñez")
    text = pdf_text(packet(client, case))
    assert "Łukasz" in text and "Nguyễn-São Ñúñez" in text
    assert "≥ 28" in text and ">=" not in text


def test_a_character_the_font_cannot_draw_is_shown_as_missing_not_dropped():
    from screening.exports.packet_pdf import plain

    assert plain("Wang 王 ≥ 6\nweeks") == "Wang ? ≥ 6\nweeks"


def test_dates_are_the_clinic_s_days_not_utc_s(staff_client):
    """A PHQ-9 answered at 21:30 in Boston is dated that day in the packet, although it is
    already the next day in UTC; and the generation time is given in clinic time."""
    from datetime import UTC, datetime

    case = bcbs_case(now=datetime(2026, 3, 10, 1, 30, tzinfo=UTC))  # 21:30 EDT, 9 March
    text = pdf_text(packet(staff_client(CLINICIAN), case))
    assert "03/09/2026 " in text and "03/10/2026" not in text
    assert " UTC by " not in text and (" EST by " in text or " EDT by " in text)

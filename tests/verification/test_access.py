"""Issue 17's role matrix: coordinators get a 404 on every new URL and POST (and the refusal is
audited); clinicians and admins get through; the case page shows coordinators none of it."""

import pytest
from django.urls import reverse

from screening.models import AuditEvent, VerifiedHistory
from screening.staff.roles import ADMIN, CLINICIAN, COORDINATOR

from .support import MADRS, VERIFIED_TRIAL, bcbs_case

pytestmark = pytest.mark.django_db

PACKET_ARGS = ("spravato", "bcbsma-spravato")
GETS = {
    "staff_case_packet_pdf": PACKET_ARGS,
    "staff_case_packet_fhir": PACKET_ARGS,
}
POSTS = {
    "staff_case_verify_trial": VERIFIED_TRIAL,
    "staff_case_verify_clinical": MADRS,
}


@pytest.mark.parametrize("role", [COORDINATOR, CLINICIAN, ADMIN])
@pytest.mark.parametrize("name", list(GETS))
def test_packets_are_for_clinical_roles_only(staff_client, role, name):
    client = staff_client(role)
    case = bcbs_case()
    response = client.get(reverse(name, args=[case.public_id, *GETS[name]]))
    assert response.status_code == (404 if role == COORDINATOR else 200)
    assert "no-store" in response["Cache-Control"]
    if role == COORDINATOR:
        assert b"Example" not in response.content
        assert AuditEvent.objects.filter(
            action="case_packet_generated", outcome="denied", username=client.user.username
        ).exists()


@pytest.mark.parametrize("role", [COORDINATOR, CLINICIAN, ADMIN])
@pytest.mark.parametrize("name", list(POSTS))
def test_verification_posts_are_for_clinical_roles_only(staff_client, role, name):
    client = staff_client(role)
    case = bcbs_case()
    response = client.post(reverse(name, args=[case.public_id]), POSTS[name])
    assert response.status_code == (404 if role == COORDINATOR else 302)
    assert VerifiedHistory.objects.filter(submission=case).exists() is (role != COORDINATOR)


@pytest.mark.parametrize("name", [*GETS, *POSTS])
def test_the_new_urls_are_404_for_unknown_cases_and_sign_in_for_visitors(
    staff_client, client, name
):
    args = GETS.get(name, ())
    url = reverse(name, args=["A" * 32, *args])
    admin = staff_client(ADMIN)
    response = admin.get(url) if name in GETS else admin.post(url, POSTS[name])
    assert response.status_code == 404
    case = bcbs_case()
    url = reverse(name, args=[case.public_id, *args])
    response = client.get(url) if name in GETS else client.post(url, POSTS[name])
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_a_packet_pair_that_is_not_offered_is_404(staff_client):
    client = staff_client(CLINICIAN)
    case = bcbs_case()
    for treatment, profile in (("tms", "bcbsma-spravato"), ("spravato", "no-such-profile")):
        url = reverse("staff_case_packet_pdf", args=[case.public_id, treatment, profile])
        assert client.get(url).status_code == 404


def test_a_coordinator_s_case_page_has_no_matrix_verification_or_packet(staff_client):
    case = bcbs_case()
    html = staff_client(COORDINATOR).get(reverse("staff_case", args=[case.public_id])).content
    page = html.decode()
    assert "Eligibility at a glance" not in page
    assert "Clinician verification" not in page
    assert ".pdf" not in page and "verify/" not in page
    clinician = staff_client(CLINICIAN).get(reverse("staff_case", args=[case.public_id]))
    assert "Eligibility at a glance" in clinician.content.decode()
    assert f"/staff/case/{case.public_id}/packet/spravato/bcbsma-spravato.pdf" in (
        clinician.content.decode()
    )

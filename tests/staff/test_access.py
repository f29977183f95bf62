"""Who may open what: the role-by-page matrix, second factor, 404 for anything not allowed."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from screening.demo.seed import submission_from_facts
from screening.models import AuditEvent, CallbackRequest, Submission
from screening.staff.roles import ADMIN, CLINICIAN, COORDINATOR

from .support import (
    MEDICATION_CANARY,
    NOW,
    SCALE_ANSWER_WORDS,
    canary_facts,
    make_case,
    make_staff,
    sign_in,
)

pytestmark = pytest.mark.django_db

ROLES = (COORDINATOR, CLINICIAN, ADMIN)
# GET pages, and which roles get them (everyone else: 404).
PAGES = {
    "staff_queue": ROLES,
    "staff_case": ROLES,
    "staff_case_summary": ROLES,
    "staff_callbacks": ROLES,
    "staff_case_fhir": (CLINICIAN, ADMIN),
    "staff_queue_export": (CLINICIAN, ADMIN),
    "staff_audit": (ADMIN,),
    "staff_outcomes": (ADMIN,),
    "staff_outcomes_csv": (ADMIN,),
}
CASE_PAGES = {"staff_case", "staff_case_summary", "staff_case_fhir"}
CASE_ACTIONS = {
    "staff_case_status": ({"status": "in_review"}, ROLES),
    "staff_case_assign": ({"assignee": ""}, ROLES),
    "staff_case_note": ({"body": "Left a voicemail."}, ROLES),
    "staff_case_acknowledge": ({}, (CLINICIAN, ADMIN)),
    "staff_case_re_evaluate": ({"profile": "fda-2019"}, (CLINICIAN, ADMIN)),
    "staff_case_rule_out": ({"thyroid": "on"}, (CLINICIAN, ADMIN)),
}


def url_for(name: str, case: Submission) -> str:
    if name in CASE_PAGES or name in CASE_ACTIONS:
        return reverse(name, args=[case.public_id])
    return reverse(name)


@pytest.fixture
def case(db):
    return make_case("urgent", facts=None)


@pytest.mark.parametrize("name", [*PAGES, *CASE_ACTIONS])
def test_anonymous_visitors_are_sent_to_sign_in(client, case, name):
    url = url_for(name, case)
    response = client.post(url) if name in CASE_ACTIONS else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff_login"))


def test_a_password_alone_before_enrolment_goes_to_the_qr_code(client, case):
    user = make_staff("new-hire", CLINICIAN, with_device=False)
    sign_in(client, user, second_factor=False)
    response = client.get(reverse("staff_queue"))
    assert response["Location"].startswith(reverse("staff_enrol"))


def test_the_admin_site_opens_for_a_verified_admin_only(staff_client, settings):
    admin_url = f"/{settings.ADMIN_URL}"
    assert staff_client(ADMIN).get(admin_url).status_code == 200
    assert staff_client(CLINICIAN).get(admin_url).status_code == 302


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(PAGES))
def test_role_page_matrix(staff_client, case, role, name):
    client = staff_client(role)
    response = client.get(url_for(name, case))
    expected = 200 if role in PAGES[name] else 404
    assert response.status_code == expected
    assert "no-store" in response["Cache-Control"]
    if expected == 404:
        assert AuditEvent.objects.filter(outcome="denied", username=client.user.username).exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(CASE_ACTIONS))
def test_role_action_matrix(staff_client, case, role, name):
    data, allowed = CASE_ACTIONS[name]
    response = staff_client(role).post(url_for(name, case), data)
    assert response.status_code == (302 if role in allowed else 404)


@pytest.mark.parametrize(
    "bad_id", ["not-a-case", "1", "42", "x" * 32, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]
)
@pytest.mark.parametrize("name", sorted(CASE_PAGES | set(CASE_ACTIONS)))
def test_unknown_random_and_integer_ids_are_404(staff_client, case, name, bad_id):
    client = staff_client(ADMIN)
    url = reverse(name, args=[bad_id])
    response = client.post(url, {}) if name in CASE_ACTIONS else client.get(url)
    assert response.status_code == 404


def test_a_case_s_integer_key_is_not_a_way_in(staff_client, case):
    client = staff_client(ADMIN)
    assert client.get(reverse("staff_case", args=[str(case.pk)])).status_code == 404


def test_a_draft_is_not_a_case(staff_client):
    draft = submission_from_facts(facts=canary_facts(), now=NOW, submit=False)
    client = staff_client(CLINICIAN)
    assert client.get(reverse("staff_case", args=[draft.public_id])).status_code == 404
    assert client.get(reverse("staff_case_fhir", args=[draft.public_id])).status_code == 404


def test_another_persons_saved_filter_is_404(staff_client, case):
    alice = staff_client(CLINICIAN, "alice")
    response = alice.post(reverse("staff_queue"), {"status": "open", "search": "Alex"})
    filter_url = response["Location"]
    assert alice.get(filter_url).status_code == 200
    charlie = staff_client(CLINICIAN, "charlie")
    assert charlie.get(filter_url).status_code == 404
    assert charlie.get(filter_url + "export.csv").status_code == 404


def test_an_unknown_callback_request_is_404(staff_client):
    client = staff_client(COORDINATOR)
    url = reverse("staff_callback_handled", args=["no-such-request"])
    assert client.post(url).status_code == 404


def test_accounts_outside_the_staff_groups_cannot_sign_in(client):
    user = get_user_model().objects.create_user(username="patient-ish", password="x" * 20)
    response = client.post(
        reverse("staff_login"), {"username": user.username, "password": "x" * 20}
    )
    assert response.status_code == 200
    assert "do not match a staff account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_verified_session_of_a_user_who_left_the_groups_gets_404(staff_client, case):
    client = staff_client(CLINICIAN)
    client.user.groups.clear()
    assert client.get(reverse("staff_queue")).status_code == 404


# --- A coordinator never receives clinical answers (security.md item 1) ------------------------


@pytest.fixture
def canary_case(db, woburn):
    return make_case(facts=canary_facts(), location=woburn, first_name="Quinn")


def coordinator_responses(client: Client, case: Submission) -> list[str]:
    """Every page and action response a coordinator can get for this case."""
    pages = [
        client.get(reverse("staff_queue")),
        client.get(reverse("staff_case", args=[case.public_id])),
        client.get(reverse("staff_case_summary", args=[case.public_id])),
        client.post(reverse("staff_case_status", args=[case.public_id]), {"status": "bogus"}),
        client.post(reverse("staff_case_note", args=[case.public_id]), {"body": ""}),
        client.post(
            reverse("staff_case_assign", args=[case.public_id]), {"assignee": "nobody-here"}
        ),
        client.post(reverse("staff_queue"), {"status": "open", "search": "Quinn"}, follow=True),
        client.post(
            reverse("staff_case_status", args=[case.public_id]),
            {"status": "in_review"},
            follow=True,
        ),
        client.get(reverse("staff_case_fhir", args=[case.public_id])),
        client.get(reverse("staff_queue_export")),
    ]
    return [response.content.decode() for response in pages]


def test_a_coordinator_never_receives_clinical_answers(staff_client, canary_case):
    client = staff_client(COORDINATOR)
    for html in coordinator_responses(client, canary_case):
        assert MEDICATION_CANARY not in html
        assert "sertraline" not in html.lower() and "Zoloft" not in html
        for words in SCALE_ANSWER_WORDS:
            assert words not in html
        for verdict in ("Meets the criteria", "Needs a clinician", "Does not meet"):
            assert verdict not in html
        assert "Aneurysm" not in html and "PHQ-9 at intake" not in html
        assert "Determination" not in html


def test_the_same_pages_show_clinicians_the_clinical_answers(staff_client, canary_case):
    client = staff_client(CLINICIAN)
    html = client.get(reverse("staff_case", args=[canary_case.public_id])).content.decode()
    assert MEDICATION_CANARY in html
    assert "Several days" in html or "More than half the days" in html
    assert "Meets the criteria" in html


def test_a_coordinator_s_queue_has_no_clinical_column_or_filter(staff_client, canary_case):
    html = staff_client(COORDINATOR).get(reverse("staff_queue")).content.decode()
    assert "Verdict" not in html and "PHQ-9 severity" not in html and "MSM band" not in html
    assert 'name="verdict"' not in html
    clinician_html = staff_client(CLINICIAN).get(reverse("staff_queue")).content.decode()
    assert "Verdict" in clinician_html and 'name="verdict"' in clinician_html


# --- URLs: random ids only, nothing personal -------------------------------------------------

LINK = re.compile(r'(?:href|action)="(/staff/[^"]*)"')


def test_no_staff_url_carries_an_integer_key_or_personal_data(staff_client, canary_case):
    CallbackRequest.objects.create(name="Pat Caller", phone="+16175550199")
    client = staff_client(ADMIN)
    client.post(reverse("staff_case_note", args=[canary_case.public_id]), {"body": "Hello"})
    pages = [
        reverse("staff_queue"),
        reverse("staff_case", args=[canary_case.public_id]),
        reverse("staff_case_summary", args=[canary_case.public_id]),
        reverse("staff_callbacks"),
        reverse("staff_audit"),
    ]
    links = set()
    for page in pages:
        links |= set(LINK.findall(client.get(page).content.decode()))
    assert links
    for link in links:
        path = link.split("?")[0]
        assert not re.search(r"/\d+(/|$)", path), link
        for personal in ("Quinn", "Example", "example.org", "Pat", "+1617"):
            assert personal not in link


def test_a_search_redirects_to_an_opaque_address(staff_client, canary_case):
    client = staff_client(CLINICIAN)
    response = client.post(
        reverse("staff_queue"), {"status": "open", "search": "quinn alex@example.org 6175"}
    )
    location = response["Location"]
    assert re.fullmatch(r"/staff/q/[A-Za-z0-9_-]{32}/", location)


# --- Every staff page: no inline script or style, landmarks, one h1 ----------------------------


@pytest.mark.parametrize("name", ["staff_queue", "staff_case", "staff_callbacks", "staff_audit"])
def test_staff_pages_have_no_inline_script_or_style(staff_client, case, name):
    html = staff_client(ADMIN).get(url_for(name, case)).content.decode()
    # Our own files only (the timeout warning's, issue 18), never a script written in the page.
    scripts = re.findall(r"<script[^>]*>.*?</script>", html, flags=re.S)
    assert scripts == ['<script src="/static/js/staff-timeout.js" defer></script>']
    assert "style=" not in html
    assert "<style" not in html
    assert html.count("<h1") == 1
    assert 'id="main"' in html and "<nav" in html
    assert "https://" not in html and "//cdn" not in html
    assert f'href="{reverse("crisis")}"' in html


@pytest.mark.parametrize("name", ["staff_login", "staff_verify", "staff_enrol"])
def test_sign_in_pages_are_never_cached(client, name):
    assert "no-store" in client.get(reverse(name)).get("Cache-Control", "no-store")

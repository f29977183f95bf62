"""A clinician's morning in a real browser: sign in with a password and a TOTP code, filter the
queue, open the urgent case, acknowledge it, move it on, write a note, and download the FHIR
bundle. Every page, in each of its states, through axe-core."""

import base64
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from fhir.resources.R4B.bundle import Bundle
from playwright.sync_api import Page, expect

from screening.models import CaseNote, Submission
from screening.pages.services import callback_request_create
from screening.staff.roles import ADMIN, CLINICIAN, COORDINATOR
from screening.staff.services.setup_links import staff_setup_link_issue
from tests.staff.support import PASSWORD, current_code, make_case, make_staff

from .tab import Tab

pytestmark = pytest.mark.browser

NOTE = "Called, left a voicemail. Will try again after 2 pm."


@pytest.fixture
def clinician(transactional_db):
    # The live server's tests flush the database, groups made by migrations included.
    Group.objects.get_or_create(name=CLINICIAN)
    return make_staff("dr-rivera", CLINICIAN)


@pytest.fixture
def cases(clinic_locations) -> dict[str, Submission]:
    woburn, danvers = clinic_locations
    now = timezone.now()
    return {
        "urgent": make_case(
            "urgent", now=now, first_name="Jamie", last_name="Lark", location=woburn
        ),
        "meets": make_case(
            "meets", now=now, first_name="Sam", last_name="Wren", email="sam@example.org",
            location=danvers,
        ),
    }  # fmt: skip


def sign_in(tab: Tab, clinician) -> None:
    page = tab.page
    tab.go(reverse("staff_queue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff sign-in")
    tab.check("sign-in empty", narrow=False)

    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Username")).to_have_attribute("aria-invalid", "true")
    tab.check("sign-in with errors", narrow=False)

    page.get_by_label("Username").fill(clinician.username)
    page.get_by_label("Password").fill(PASSWORD)
    tab.check("sign-in filled", narrow=False)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    tab.check("code empty", narrow=False)
    code = page.get_by_label("6-digit code from your authenticator app")
    code.fill("12ab")
    page.get_by_role("button", name="Sign in").click()
    expect(code).to_have_attribute("aria-invalid", "true")
    tab.check("code with an error", narrow=False)
    code.fill(current_code(TOTPDevice.objects.get(user=clinician)))
    tab.check("code filled", narrow=False)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")


def coordinator_signed_in(tab: Tab):
    """A coordinator signed in without the sign-in pages' checks (the clinician's walk has them)."""
    Group.objects.get_or_create(name=COORDINATOR)
    coordinator = make_staff("casey-coordinator", COORDINATOR)
    page = tab.page
    tab.go(reverse("staff_login"))
    page.get_by_label("Username").fill(coordinator.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    code = current_code(TOTPDevice.objects.get(user=coordinator))
    page.get_by_label("6-digit code from your authenticator app").fill(code)
    page.get_by_role("button", name="Sign in").click()
    return coordinator


def queue_names(page: Page) -> list[str]:
    return page.locator(".queue-table tbody th").all_inner_texts()


def test_a_clinician_signs_in_with_a_code_and_works_an_urgent_case_to_a_fhir_download(
    tab: Tab, clinician, cases
):
    page = tab.page
    sign_in(tab, clinician)
    # Urgent and unacknowledged first.
    assert queue_names(page) == ["Jamie Lark", "Sam Wren"]
    tab.check("queue", narrow=False)

    page.get_by_label("Received from").fill("2026-12-01")
    page.get_by_label("Received to").fill("2026-11-01")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("The end date is before the start date.")).to_be_visible()
    tab.check("queue filter with an error", narrow=False)

    page.get_by_label("Received from").fill("")
    page.get_by_label("Received to").fill("")
    page.get_by_label("Name, email, phone or reference").fill("Lark")
    page.get_by_label("Location").select_option(label="Woburn")
    page.get_by_label("Urgent", exact=True).select_option(label="Urgent, not yet acknowledged")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".queue-summary [role=status]")).to_contain_text("1 case")
    assert queue_names(page) == ["Jamie Lark"]
    assert "/staff/q/" in page.url and "Lark" not in page.url  # an opaque id, never a name
    tab.check("queue filtered", narrow=False)

    page.get_by_role("link", name="Jamie Lark").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jamie Lark")
    urgent_panel = page.locator(".urgent-panel")
    expect(urgent_panel).to_contain_text("Nobody has taken this on yet.")
    tab.check("case", narrow=False)

    urgent_panel.get_by_role("button", name="Acknowledge: I am taking this on").click()
    expect(urgent_panel).to_contain_text(f"Acknowledged by {clinician.username}")
    expect(page.locator(".case-header")).to_contain_text(f"assigned to {clinician.username}")
    tab.check("case acknowledged", narrow=False)

    status = page.get_by_label("New status")
    status.select_option(label="Closed")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_text("Choose why the case is being closed.")).to_be_visible()
    tab.check("case status with an error", narrow=False)
    status.select_option(label="In review")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator(".case-header .badge-status")).to_have_text("In review")
    tab.check("case in review", narrow=False)

    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Write the note before adding it.")).to_be_visible()
    tab.check("note with an error", narrow=False)
    page.get_by_label("Add a note").fill(NOTE)
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".note__body")).to_have_text(NOTE)
    tab.check("case with a note", narrow=False)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download FHIR bundle").click()
    download = download_info.value
    assert download.suggested_filename.startswith("fhir-bundle-")
    bundle = Bundle.model_validate_json(Path(download.path()).read_bytes())  # valid FHIR R4B
    kinds = {entry.resource.get_resource_type() for entry in bundle.entry}
    assert {"Patient", "QuestionnaireResponse", "MedicationStatement", "Observation"} <= kinds

    case = Submission.objects.get(pk=cases["urgent"].pk)
    assert case.urgent_acknowledged_by == clinician
    assert case.assigned_to == clinician  # acknowledging took the unassigned case on
    assert case.case_status == Submission.CaseStatus.IN_REVIEW
    assert CaseNote.objects.get(submission=case).body == NOTE


def code_from_setup_key(key: str) -> str:
    """What an authenticator app shows for a key typed in by hand (30-second steps, 6 digits)."""
    secret = key.replace(" ", "")
    secret += "=" * (-len(secret) % 8)
    return f"{totp(base64.b32decode(secret)):06d}"


def test_an_admin_sets_up_the_authenticator_at_first_sign_in_and_every_staff_page_passes_axe(
    tab: Tab, cases, clinic_locations
):
    Group.objects.get_or_create(name=ADMIN)
    admin = make_staff("ada-admin", ADMIN, with_device=False)
    callback_request_create(
        name="Morgan Finch", phone="+17815550199", preferred_time="", preferred_location=None
    )
    page = tab.page
    # The setup link an administrator gave them (issue 14 item 5) leads to the sign-in page.
    token = staff_setup_link_issue(user=admin, issued_by=None, ip=None, now=timezone.now())
    tab.go(reverse("staff_setup_link", args=[token]))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert token not in page.url
    page.get_by_label("Username").fill(admin.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name="QR code for your app")).to_be_visible()
    tab.check("first sign-in, QR code", narrow=False)
    setup_key = page.locator(".totp-key").inner_text()
    page.get_by_label("6-digit code from your authenticator app").fill(
        code_from_setup_key(setup_key)
    )
    page.get_by_role("button", name="Confirm and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    assert TOTPDevice.objects.get(user=admin).confirmed

    page.get_by_role("link", name="Callback requests").click()
    expect(page.get_by_role("cell", name="Morgan Finch")).to_be_visible()
    tab.check("callback requests", narrow=False)

    tab.go(reverse("staff_case_summary", args=[cases["meets"].public_id]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sam Wren")
    tab.check("print summary", narrow=False)

    page.get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    tab.check("audit trail", narrow=False)
    page.get_by_label("Username").fill(admin.username)
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("status")).not_to_have_text("0 events.")
    tab.check("audit trail filtered", narrow=False)

    tab.go(reverse("staff_deliveries"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    tab.check("deliveries", narrow=False)

    # Outcomes (issue 18 item 7): counts only; two cases are fewer than 11.
    page.get_by_role("link", name="Outcomes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcomes")
    expect(page.get_by_role("img", name="Verdict at submit, by month submitted")).to_be_visible()
    expect(page.get_by_text("fewer than 11").first).to_be_visible()
    tab.check("outcomes")
    this_month = timezone.localdate().strftime("%Y-%m")
    page.get_by_label("Month the drafts were started").select_option(this_month)
    page.get_by_role("button", name="Show this month").click()
    expect(page.get_by_role("img", name="Intake funnel", exact=False)).to_be_visible()
    assert f"month={this_month}" in page.url
    tab.check("outcomes, this month's funnel")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are signed out")
    tab.check("signed out", narrow=False)


def test_a_coordinator_works_the_queue_without_clinical_answers_and_the_pages_pass_axe(
    tab: Tab, cases
):
    coordinator_signed_in(tab)
    page = tab.page

    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    expect(page.get_by_role("columnheader", name="Verdict")).to_have_count(0)
    expect(page.get_by_label("Verdict")).to_have_count(0)
    tab.check("coordinator queue", narrow=False)

    page.get_by_role("link", name="Jamie Lark").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jamie Lark")
    expect(page.locator(".urgent-panel")).to_contain_text("Tell the clinician on call.")
    expect(page.get_by_role("heading", name="Determination")).to_have_count(0)
    expect(page.get_by_role("link", name="Download FHIR bundle")).to_have_count(0)
    tab.check("coordinator case", narrow=False)


def test_too_many_wrong_passwords_lock_sign_in_behind_a_page_that_passes_axe(tab: Tab, clinician):
    page = tab.page
    tab.go(reverse("staff_login"))
    heading = page.get_by_role("heading", level=1)
    for _ in range(6):
        if heading.inner_text() == "Sign-in is locked for now":
            break
        page.get_by_label("Username").fill(clinician.username)
        page.get_by_label("Password").fill("not the password")
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
    expect(heading).to_have_text("Sign-in is locked for now")
    tab.check("locked out", narrow=False)


def test_a_coordinator_s_day_logs_a_call_moves_the_case_on_and_assigns_from_the_queue(
    tab: Tab, cases
):
    coordinator = coordinator_signed_in(tab)
    page = tab.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    expect(page.locator(".queue-table")).to_contain_text("Urgent flag: call today")
    expect(page.locator(".queue-table")).to_contain_text("Within 2 business days")

    page.get_by_role("link", name="Sam Wren").click()
    log = page.locator("#contact-log")
    log.get_by_label("How").select_option(label="Phone call")
    log.get_by_label("Outcome").select_option(label="No answer")
    log.get_by_label("Next try (optional)").fill("2020-01-01T09:00")
    log.get_by_role("button", name="Log this attempt").click()
    expect(page.get_by_text("Choose a time later than now for the next try.")).to_be_visible()
    tab.check("contact log with an error", narrow=False)
    page.locator("#contact-log").get_by_label("Next try (optional)").fill("")
    page.locator("#contact-log").get_by_role("button", name="Log this attempt").click()
    expect(page.locator("#contact-log table")).to_contain_text("No answer (phone call)")
    tab.check("contact logged", narrow=False)

    status = page.get_by_label("New status")
    status.select_option(label="In review")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator(".case-header .badge-status")).to_have_text("In review")

    page.get_by_role("link", name="Back to the queue").click()
    expect(page.locator(".queue-table")).to_contain_text("No answer (phone call)")
    page.get_by_label("Select Sam Wren").check()
    page.get_by_label("Select Jamie Lark").check()
    page.locator("#bulk-form").get_by_label("Action").select_option(label="Assign to")
    page.locator("#bulk-form").get_by_label("Assign to").select_option(label=coordinator.username)
    tab.check("queue with cases ticked", narrow=False)
    page.get_by_role("button", name="Change the ticked cases").click()
    expect(page.get_by_text("2 cases changed.")).to_be_visible()
    tab.check("queue after assigning", narrow=False)

    assert set(Submission.objects.values_list("assigned_to", flat=True)) == {coordinator.pk}
    wren = Submission.objects.get(pk=cases["meets"].pk)
    assert (wren.case_status, wren.last_contact_outcome) == ("in_review", "no_answer")

"""Issue 18 in a real browser: a coordinator's and a clinician's day on every staff page (what
each sees and may do), a clinician's urgent case from the banner of an alert that did not get
through to the case taken on, and the timeout warning extended, then left to expire with a note
in the box. Each page state through axe-core (tab.check)."""

import time

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from screening.models import AlertAcknowledgement, AuditEvent, CaseNote, Reminder, Submission
from screening.pages.services import callback_request_create
from screening.staff.roles import CLINICIAN, COORDINATOR
from tests.staff.support import PASSWORD, current_code, make_case, make_staff

from .tab import Tab

pytestmark = pytest.mark.browser

NOTE = "Her daughter answered; call back after 3 pm about the Woburn slot."


@pytest.fixture
def day(clinic_locations) -> dict[str, Submission]:
    woburn, danvers = clinic_locations
    now = timezone.now()
    callback_request_create(
        name="Morgan Finch", phone="+17815550199", preferred_time="", preferred_location=None
    )
    return {
        "urgent": make_case(
            "urgent", now=now, first_name="Jamie", last_name="Lark", location=woburn
        ),
        "meets": make_case(
            "meets", now=now, first_name="Sam", last_name="Wren", location=danvers
        ),
    }  # fmt: skip


def wait_for_a_fresh_code(device: TOTPDevice) -> None:
    """django-otp refuses a code from a 30-second step already used. Waited for before the
    password, so that a short idle timeout cannot end the half-signed-in session meanwhile."""
    device.refresh_from_db()
    while (
        device.last_t is not None and int((time.time() - device.t0) / device.step) <= device.last_t
    ):
        time.sleep(0.5)


def sign_in(tab: Tab, username: str) -> None:
    page = tab.page
    device = TOTPDevice.objects.get(user__username=username)
    wait_for_a_fresh_code(device)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("6-digit code from your authenticator app").fill(current_code(device))
    page.get_by_role("button", name="Sign in").click()


def staff_signed_in(tab: Tab, username: str, role: str):
    Group.objects.get_or_create(name=role)
    user = make_staff(username, role)
    tab.go(reverse("staff_login"))
    sign_in(tab, username)
    expect(tab.page.get_by_role("heading", level=1)).to_have_text("Review queue")
    return user


def status_of(tab: Tab, path: str) -> int:
    response = tab.page.goto(path)
    assert response is not None
    return response.status


def test_a_coordinator_s_day_on_every_staff_page(tab: Tab, day):
    staff_signed_in(tab, "casey-coordinator", COORDINATOR)
    page = tab.page
    urgent, meets = day["urgent"], day["meets"]

    # Queue: no verdict, no acknowledging (a clinical act), but assigning and moving on.
    expect(page.get_by_role("columnheader", name="Verdict")).to_have_count(0)
    action = page.locator("#bulk-form").get_by_label("Action")
    assert "Acknowledge" not in " ".join(action.locator("option").all_inner_texts())
    nav = page.get_by_role("navigation", name="Staff")
    expect(nav.get_by_role("link", name="Audit trail")).to_have_count(0)
    expect(nav.get_by_role("link", name="Administration")).to_have_count(0)
    tab.check("coordinator queue", narrow=False)

    # Case: contact details, the contact log, workflow and notes; no answers, no FHIR.
    page.get_by_role("link", name="Jamie Lark").click()
    expect(page.locator(".urgent-panel")).to_contain_text("Tell the clinician on call.")
    expect(page.get_by_role("button", name="Acknowledge: I am taking this on")).to_have_count(0)
    expect(page.get_by_role("heading", name="Determination")).to_have_count(0)
    expect(page.get_by_role("heading", name="PHQ-9 at intake")).to_have_count(0)
    expect(page.get_by_role("link", name="Download FHIR bundle")).to_have_count(0)
    expect(page.get_by_role("button", name="Log this attempt")).to_be_visible()
    page.get_by_label("Add a note").fill(NOTE)
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".note__body")).to_have_text(NOTE)
    tab.check("coordinator case with a note", narrow=False)

    page.get_by_role("link", name="Print summary").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jamie Lark")
    expect(page.get_by_text("Not at all")).to_have_count(0)  # no PHQ-9 answers
    tab.check("coordinator summary", narrow=False)

    page.get_by_role("link", name="Callback requests").click()
    expect(page.get_by_role("cell", name="Morgan Finch")).to_be_visible()
    page.get_by_role("button", name="Mark handled").click()
    expect(page.get_by_text("No callback requests waiting.")).to_be_visible()
    tab.check("coordinator callbacks", narrow=False)

    page.get_by_role("link", name="Delivery problems").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delivery problems")
    tab.check("coordinator deliveries", narrow=False)

    # Clinical exports and the audit trail are not theirs: 404, as for a page that is not there.
    assert status_of(tab, reverse("staff_case_fhir", args=[meets.public_id])) == 404
    assert status_of(tab, reverse("staff_audit")) == 404
    assert CaseNote.objects.get(submission=urgent).body == NOTE


def test_a_clinician_s_day_on_every_staff_page(tab: Tab, day):
    clinician = staff_signed_in(tab, "dr-rivera", CLINICIAN)
    page = tab.page

    expect(page.get_by_role("columnheader", name="Verdict")).to_be_visible()
    action = page.locator("#bulk-form").get_by_label("Action")
    assert any("Acknowledge" in o for o in action.locator("option").all_inner_texts())
    nav = page.get_by_role("navigation", name="Staff")
    expect(nav.get_by_role("link", name="Audit trail")).to_have_count(0)
    tab.check("clinician queue", narrow=False)

    # Acknowledge from the queue: the urgent case becomes theirs.
    page.get_by_label("Select Jamie Lark").check()
    action.select_option(label="Acknowledge the urgent flag (assigns it to you if nobody has it)")
    page.get_by_role("button", name="Change the ticked cases").click()
    expect(page.get_by_text("1 case changed.")).to_be_visible()
    tab.check("clinician queue after acknowledging", narrow=False)

    page.get_by_role("link", name="Sam Wren").click()
    expect(page.get_by_role("heading", name="Determination")).to_be_visible()
    expect(page.get_by_role("heading", name="PHQ-9 at intake")).to_be_visible()
    expect(page.get_by_role("button", name="Re-evaluate under this profile")).to_be_visible()
    expect(page.get_by_role("button", name="Save checklist")).to_be_visible()
    expect(page.get_by_role("link", name="Download FHIR bundle")).to_be_visible()
    tab.check("clinician case", narrow=False)

    page.get_by_role("link", name="Print summary").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sam Wren")
    tab.check("clinician summary", narrow=False)

    page.get_by_role("link", name="Callback requests").click()
    expect(page.get_by_role("cell", name="Morgan Finch")).to_be_visible()
    page.get_by_role("link", name="Delivery problems").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delivery problems")
    tab.check("clinician deliveries", narrow=False)

    assert status_of(tab, reverse("staff_audit")) == 404
    urgent = Submission.objects.get(pk=day["urgent"].pk)
    assert urgent.urgent_acknowledged_by == clinician and urgent.assigned_to == clinician


def test_a_clinician_s_urgent_case_banner_then_acknowledge_then_assigned(tab: Tab, day):
    urgent = day["urgent"]
    alert = Reminder.objects.get(submission=urgent, kind=Reminder.Kind.URGENT_ALERT)
    Reminder.objects.filter(pk=alert.pk).update(
        status=Reminder.Status.FAILED, attempts=1, last_error_kind="smtp_550"
    )
    clinician = staff_signed_in(tab, "dr-rivera", CLINICIAN)
    page = tab.page
    banner = page.locator(".urgent-banner")
    expect(banner).to_contain_text("1 urgent alert did not get through")
    tab.check("queue with the banner", narrow=False)
    page.get_by_role("link", name="Callback requests").click()
    expect(banner).to_contain_text("Urgent alert, failed")  # on every page, not one side page

    # From the banner to the case; the banner stays until someone says they have seen it.
    banner.get_by_role("link", name=f"case {urgent.public_id[:8]}…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jamie Lark")
    expect(banner).to_be_visible()
    banner.get_by_role("button", name="I have seen this").click()
    expect(page.get_by_text("Acknowledged: recorded with your name and the time.")).to_be_visible()
    expect(page.locator(".urgent-banner")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text("Jamie Lark")  # back where it was
    tab.check("case after acknowledging the alert", narrow=False)

    panel = page.locator(".urgent-panel")
    panel.get_by_role("button", name="Acknowledge: I am taking this on").click()
    expect(panel).to_contain_text(f"Acknowledged by {clinician.username}")
    expect(page.locator(".case-header")).to_contain_text(f"assigned to {clinician.username}")
    tab.check("case taken on", narrow=False)

    ack = AlertAcknowledgement.objects.get(reminder=alert)
    assert ack.acknowledged_by == clinician
    case = Submission.objects.get(pk=urgent.pk)
    assert (case.urgent_acknowledged_by, case.assigned_to) == (clinician, clinician)


def test_the_timeout_warning_extends_the_session_and_when_left_keeps_the_note(
    tab: Tab, day, settings
):
    # 20 idle seconds, warned 12 seconds before: the same page and script as at 15 minutes.
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 20 / 60
    settings.STAFF_IDLE_WARNING_SECONDS = 12
    staff_signed_in(tab, "casey-coordinator", COORDINATOR)
    page = tab.page
    tab.go(reverse("staff_case", args=[day["meets"].public_id]))
    dialog = page.get_by_role("dialog", name="You are about to be signed out")
    expect(dialog).to_be_hidden()
    expect(dialog).to_be_visible(timeout=15_000)
    assert page.evaluate("document.activeElement.getAttribute('role')") == "dialog"
    expect(dialog).to_contain_text("we will sign you out in")
    tab.check("timeout warning", narrow=False)

    # Stay signed in: a POST without a reload (the marker survives), focus back on the page.
    page.evaluate("window.stillTheSamePage = true")
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    assert page.evaluate("window.stillTheSamePage") is True
    assert AuditEvent.objects.filter(action="session_extended").count() == 1

    # The keyboard's way: Tab stays inside the dialog; Escape stays signed in, as in GOV.UK's.
    expect(dialog).to_be_visible(timeout=15_000)
    focused = "document.activeElement.textContent.trim()"
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "Stay signed in"
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "Sign out"
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "Stay signed in"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(focused) == "Sign out"
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert AuditEvent.objects.filter(action="session_extended").count() == 2

    # Then a note, and nobody answers the warning: signed out, the note kept, not added.
    page.get_by_label("Add a note").fill(NOTE)
    expect(dialog).to_be_visible(timeout=15_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff sign-in", timeout=20_000)
    expect(page.get_by_text("Your note is kept")).to_be_visible()
    tab.check("signed out with the note kept", narrow=False)
    assert not CaseNote.objects.exists()

    sign_in(tab, "casey-coordinator")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Wren")
    expect(page.get_by_text("is back in the note box")).to_be_visible()
    expect(page.get_by_label("Add a note")).to_have_value(NOTE)
    tab.check("note put back", narrow=False)


def test_without_javascript_a_note_sent_after_the_sign_out_comes_back_after_signing_in(
    new_tab, day, settings
):
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 10 / 60
    tab = new_tab(java_script_enabled=False)
    staff_signed_in(tab, "casey-coordinator", COORDINATOR)
    page = tab.page
    tab.go(reverse("staff_case", args=[day["meets"].public_id]))
    expect(page.get_by_role("dialog")).to_have_count(0)  # hidden, and nothing would open it
    page.get_by_label("Add a note").fill(NOTE)
    time.sleep(11)  # the person was called away; the session ends meanwhile
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff sign-in")
    expect(page.get_by_text("You were signed out after")).to_be_visible()
    expect(page.get_by_text("Your note is kept")).to_be_visible()
    tab.check("signed out without javascript, note kept", narrow=False)
    assert not CaseNote.objects.exists()

    sign_in(tab, "casey-coordinator")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Wren")
    expect(page.get_by_label("Add a note")).to_have_value(NOTE)
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".note__body")).to_have_text(NOTE)
    assert CaseNote.objects.get().body == NOTE

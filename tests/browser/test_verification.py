"""Issue 17 in a real browser: a clinician verifies one trial, enters a MADRS, sees the BCBS MA
row of the eligibility matrix turn from "Needs review" to "Meets", and downloads the packet."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from pypdf import PdfReader

from screening.models import VerifiedHistory
from screening.staff.roles import CLINICIAN
from tests.staff.support import PASSWORD, current_code, make_staff
from tests.verification.support import bcbs_case

from .tab import Tab

pytestmark = pytest.mark.browser


@pytest.fixture
def clinician(transactional_db):
    Group.objects.get_or_create(name=CLINICIAN)  # the live server's flush removes the groups
    return make_staff("dr-okafor", CLINICIAN)


def signed_in(tab: Tab, user) -> None:
    page = tab.page
    tab.go(reverse("staff_login"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    code = current_code(TOTPDevice.objects.get(user=user))
    page.get_by_label("6-digit code from your authenticator app").fill(code)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")


def test_a_clinician_verifies_a_trial_enters_a_madrs_and_downloads_the_packet(tab: Tab, clinician):
    case = bcbs_case(now=timezone.now(), first_name="Robin", last_name="Heron")
    page = tab.page
    signed_in(tab, clinician)
    tab.go(reverse("staff_case", args=[case.public_id]))
    bcbs = page.locator('#eligibility-matrix tr[data-profile="bcbsma-spravato"]')
    expect(bcbs.locator(".verdict-cell")).to_have_text("Needs review")
    expect(bcbs).to_contain_text("A MADRS ≥ 28 or HAM-D-17 ≥ 17 rated by a clinician")
    tab.check("case before verification", narrow=False)

    # Trial 4's weeks were not remembered: the pharmacy's fill history says 8 at 60 mg.
    trial = page.locator("details.verify-trial", has_text="Trial 4: Cymbalta")
    trial.locator("summary").click()
    trial.get_by_label("Weeks at that dose").fill("12")
    trial.get_by_label("Weeks on it in total").fill("10")
    trial.get_by_role("button", name="Save trial 4 as verified").click()
    trial = page.locator("details.verify-trial", has_text="Trial 4: Cymbalta")
    expect(
        trial.get_by_text("Weeks in total include the weeks at the highest dose")
    ).to_be_visible()
    expect(trial.get_by_label("Why (what you checked")).to_have_attribute("aria-invalid", "true")
    tab.check("trial with errors", narrow=False)
    trial.get_by_label("Weeks at that dose").fill("8")
    trial.get_by_label("Source").select_option(label="Pharmacy records")
    trial.get_by_label("Why (what you checked").fill("Pharmacy fill history, 2025")
    trial.get_by_role("button", name="Save trial 4 as verified").click()
    expect(page.get_by_text("Verified history saved as version 1")).to_be_visible()
    expect(bcbs.locator(".verdict-cell")).to_contain_text("Needs review")  # MADRS still missing

    clinical = page.locator("form", has=page.get_by_role("button", name="Save as verified"))
    clinical.get_by_label("MADRS total (0 to 60)").fill("32")
    clinical.get_by_label("MADRS rated on").fill("2026-11-20")
    clinical.get_by_label("Diagnosis of this episode").fill("F33.2 Major depressive disorder")
    clinical.get_by_label("Why (what you checked").fill("Rated at the consultation")
    clinical.get_by_role("button", name="Save as verified").click()
    expect(page.get_by_text("Verified history saved as version 2")).to_be_visible()
    expect(bcbs.locator(".verdict-cell")).to_have_text(re.compile(r"^Meets"))
    expect(bcbs.locator(".verdict-cell")).to_contain_text("clinician-verified")
    expect(page.locator("#determination .verdict")).to_contain_text("clinician-verified")
    tab.check("case verified", narrow=False)

    link = page.get_by_role("link", name=re.compile(r"^Spravato \(esketamine\) under BCBS MA"))
    assert link.get_attribute("href").endswith(".pdf")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("packet-spravato-")
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Name Robin Heron" in text and "Member ID XYZ123456789" in text
    assert "Screening result Meets the criteria (clinician-verified)" in text
    assert "MADRS 32, rated 11/20/2026" in text and "Source Pharmacy records" in text
    assert VerifiedHistory.objects.filter(submission=case).count() == 2

"""The whole intake with JavaScript switched off in the browser: every step, each medicine's
pages (issue 16 item 2) as server round trips, a mistake and its summary, the review, the
result."""

import pytest
from playwright.sync_api import expect

from screening.intake.steps import STEPS_TO_SUBMIT
from screening.models import MedicationTrial, Submission
from tests.intake.walk import ABOUT

from .intake import (
    THREE_TRIALS,
    answers_by_step,
    continue_button,
    expect_step,
    fill,
    fill_trials,
    next_slug,
)
from .tab import NewTab

pytestmark = pytest.mark.browser


def test_a_patient_completes_the_intake_with_javascript_switched_off(
    new_tab: NewTab, clinic_locations
):
    tab = new_tab(java_script_enabled=False)
    page = tab.page
    answers = answers_by_step()
    tab.go("/intake/")
    for slug in STEPS_TO_SUBMIT:
        expect_step(page, slug)
        if slug == "medications":
            fill_trials(page, THREE_TRIALS, check=tab.check)
            # Each medicine's pages went to the server and back; the list shows all three.
            rows = page.locator(".summary-list__key")
            expect(rows).to_have_count(3)
            for name in ("Zoloft (sertraline)", "Effexor XR (venlafaxine)", "Wellbutrin XL"):
                expect(page.get_by_role("main")).to_contain_text(name)
        elif slug == "about":
            fill(page, {**ABOUT, "email": "robin@example"})
            continue_button(page, slug).click()
            summary = page.locator("#error-summary")
            expect(summary).to_be_visible()
            expect(summary.get_by_role("link")).to_have_attribute("href", "#id_email")
            expect(summary).not_to_be_focused()  # only the script moves focus
            expect(page.get_by_label("First name")).to_have_value("Robin")
            tab.check("about with an error, no javascript")
            page.get_by_role("textbox", name="Email").fill(ABOUT["email"])
        else:
            fill(page, answers[slug])
        tab.check(f"{slug} filled, no javascript")
        continue_button(page, slug).click()
        expect_step(page, next_slug(slug))

    tab.check("review, no javascript")
    page.get_by_role("button", name="Submit my screening").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Robin")
    tab.check("result, no javascript")
    # The folded parts of the result open without a script (native <details>).
    options = page.locator("details.result-options")
    expect(options.get_by_role("link").first).not_to_be_visible()
    options.locator("summary").click()
    expect(options.get_by_role("link").first).to_be_visible()
    page.locator("details.result-more summary").click()
    expect(page.get_by_role("main")).to_contain_text("It is a snapshot of the last two weeks")
    tab.check("result with its folded parts open, no javascript")

    submission = Submission.objects.get()
    assert submission.state == Submission.State.SUBMITTED
    assert MedicationTrial.objects.filter(submission=submission).count() == 3

"""The whole intake in a real browser, on a phone and on a desktop: every page empty, with
errors and filled, each checked with axe-core and photographed; an edit from the review; the
result. And the item-9 path, where crisis help comes first on the very next page."""

import pytest
from playwright.sync_api import Page, expect

from screening.intake.steps import STEPS_TO_SUBMIT
from screening.models import MedicationTrial, Submission

from .intake import (
    PHQ9_ITEM9_POSITIVE,
    THREE_TRIALS,
    answers_by_step,
    complete_steps,
    continue_button,
    expect_step,
    fill,
    fill_trials,
    next_slug,
)
from .tab import Tab

pytestmark = pytest.mark.browser

SUMMARY_TARGETS_JS = """() => Array.from(document.querySelectorAll('#error-summary a'))
  .map((a) => [a.getAttribute('href'), !!document.getElementById(a.hash.slice(1))])"""


def expect_error_summary_in_focus(page: Page) -> None:
    """The summary at the top has focus, and each of its links leads to a field on the page."""
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    targets = page.evaluate(SUMMARY_TARGETS_JS)
    assert targets, "the error summary links to no field"
    assert all(found for _, found in targets), f"summary links to missing fields: {targets}"


def provoke_errors(page: Page, slug: str) -> None:
    """Continue with the step left empty (the medicines: add one without its name)."""
    if slug == "medications":
        page.get_by_role("button", name="Add this medicine").click()
        return
    if slug == "insurance":  # every answer is optional: only a malformed one is an error
        page.locator('[name="member_id"]').fill("<ID>")
    continue_button(page, slug).click()


def test_a_patient_completes_the_intake_edits_a_step_from_the_review_and_sees_the_result(
    tab: Tab, clinic_locations
):
    page = tab.page
    answers = answers_by_step()
    tab.go("/intake/")
    for slug in STEPS_TO_SUBMIT:
        expect_step(page, slug)
        tab.check(f"{slug} empty")

        provoke_errors(page, slug)
        if slug != "medications":
            expect_step(page, slug)
        expect_error_summary_in_focus(page)
        tab.check(f"{slug} with errors")

        if slug == "medications":
            fill_trials(page, THREE_TRIALS, check=tab.check)
        else:
            fill(page, answers[slug])
        tab.check(f"{slug} filled")
        continue_button(page, slug).click()
        expect_step(page, next_slug(slug))

    review = page.get_by_role("main")
    for answer in ("Robin", "robin@example.org", "Zoloft", "Effexor XR", "Wellbutrin XL"):
        expect(review).to_contain_text(answer)
    tab.check("review")

    page.get_by_role("link", name="Change About how many months has this episode").click()
    expect_step(page, "episode")
    expect(page.get_by_label("About how many months")).to_have_value("14")
    page.get_by_label("About how many months").fill("20")
    tab.check("episode edited from the review")
    page.get_by_role("button", name="Save and return to review").click()
    expect_step(page, "review")
    tab.check("review after the edit")

    page.get_by_role("button", name="Submit my screening").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Robin")
    expect(page.get_by_role("main")).to_contain_text(
        "You have tried 2 medicines from 2 different groups without enough relief"
    )
    tab.check("result")

    submission = Submission.objects.get()
    assert submission.state == Submission.State.SUBMITTED
    assert submission.current_determination.verdict == "meets"
    assert submission.answers["episode"]["months"] == 20
    trials = MedicationTrial.objects.filter(submission=submission).order_by("position")
    assert [t.medication for t in trials] == ["Zoloft", "Effexor XR", "Wellbutrin XL"]
    assert trials[2].dose_mg is None
    assert page.url.endswith("/intake/result/")


def test_item_9_above_not_at_all_puts_crisis_help_first_on_the_next_page(
    tab: Tab, clinic_locations
):
    page = tab.page
    complete_steps(page, until="gad7", phq9=PHQ9_ITEM9_POSITIVE)

    panel = page.locator(".crisis-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("link", name="988").first).to_be_visible()
    expect(panel).to_contain_text("741741")
    assert panel_comes_before_the_heading(page)
    assert panel_starts_on_the_first_screen(page)
    tab.check("gad7 with the crisis panel")

    fill(page, answers_by_step()["gad7"])
    continue_button(page, "gad7").click()
    expect_step(page, "health")
    # Issue 16 item 6: the full panel once, then a one-line reminder, still first on the page.
    expect(panel).to_have_count(0)
    reminder = page.locator(".crisis-reminder")
    expect(reminder).to_be_visible()
    expect(reminder.get_by_role("link", name="988")).to_be_visible()
    tab.check("health with the crisis reminder")

    for slug in ("health", "medicines_now", "safety", "insurance"):
        fill(page, answers_by_step()[slug])
        continue_button(page, slug).click()
        expect(page.locator(".crisis-reminder")).to_be_visible()
    page.get_by_role("button", name="Submit my screening").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Robin")
    expect(panel).to_be_visible()
    assert panel_comes_before_the_heading(page)
    tab.check("result, urgent")
    assert Submission.objects.get().urgent


def panel_comes_before_the_heading(page: Page) -> bool:
    return page.evaluate(
        """() => {
          const panel = document.querySelector('.crisis-panel');
          const h1 = document.querySelector('h1');
          return !!(panel.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )


def panel_starts_on_the_first_screen(page: Page) -> bool:
    return page.evaluate(
        "() => document.querySelector('.crisis-panel').getBoundingClientRect().top"
        " < window.innerHeight / 2"
    )

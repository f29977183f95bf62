"""The whole intake by keyboard alone: Tab to move, Space to tick, arrow keys within a radio
group, Enter to press a button; never a click. After every key press something has focus and
it is drawn; after a failed step the focus is on the error summary."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from screening.intake.medicine_outcome_forms import MedicineOutcomeForm
from screening.intake.steps import STEPS_TO_SUBMIT
from screening.models import MedicationTrial, Submission
from tests.intake.walk import DOSE_FIELDS

from .checks import assert_focus_visible
from .intake import THREE_TRIALS, answers_by_step, expect_step, next_slug
from .tab import Tab

pytestmark = pytest.mark.browser

# More presses than any of our pages has stops: the header, the links in the text, the fields.
MOST_TABS = 150
ACTIVE_MATCHES_JS = "(selector) => document.activeElement.matches(selector)"
CONTINUE = ".intake-buttons button[type=submit]"


def press(page: Page, key: str) -> None:
    page.keyboard.press(key)
    assert_focus_visible(page)


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the focused element matches `selector` (no press if it already does)."""
    for _ in range(MOST_TABS):
        if page.evaluate(ACTIVE_MATCHES_JS, selector):
            return
        press(page, "Tab")
    raise AssertionError(f"{MOST_TABS} presses of Tab never reached {selector} on {page.url}")


def choose_in_radio_group(page: Page, value: str) -> None:
    """Arrow keys move within the group (checking as they go); Space checks the first one."""
    for _ in range(10):
        if page.evaluate("() => document.activeElement.value") == value:
            page.keyboard.press("Space")
            expect(page.locator(":focus")).to_be_checked()
            return
        press(page, "ArrowDown")
    raise AssertionError(f"no radio with value {value} in the group on {page.url}")


def choose_in_select(page: Page, value: str) -> None:
    for _ in range(20):
        if page.evaluate("() => document.activeElement.value") == value:
            return
        press(page, "ArrowDown")
    raise AssertionError(f"no option {value} in the list on {page.url}")


def type_answers(page: Page, answers: dict[str, Any], prefix: str = "") -> None:
    """Reach each field with Tab, in page order, and answer it with the keys a person uses."""
    for name, value in answers.items():
        selector = f'[name="{prefix}{name}"]'
        kind = page.locator(selector).first.evaluate("el => el.type")
        if kind == "radio":
            tab_to(page, selector)
            choose_in_radio_group(page, value)
        elif kind == "checkbox":
            for each in ["on"] if value == "on" else value:
                tab_to(page, selector if value == "on" else f'{selector}[value="{each}"]')
                page.keyboard.press("Space")
                expect(page.locator(":focus")).to_be_checked()
        elif kind.startswith("select"):
            tab_to(page, selector)
            choose_in_select(page, value)
        else:
            tab_to(page, selector)
            page.keyboard.type(value)


def type_trials(page: Page, trials: list[dict[str, Any]]) -> None:
    """Each medicine from the list: its name and Enter (which opens its pages and never saves
    half a medicine), then its two pages by keyboard (issue 16 item 2)."""
    for trial in trials:
        tab_to(page, '[name="medication"]')
        page.keyboard.type(trial["medication"])
        page.keyboard.press("Enter")
        expect(page.get_by_text("Dose and how long")).to_be_visible()
        type_answers(page, {k: trial[k] for k in DOSE_FIELDS if k in trial})
        press_button(page)
        expect(page.get_by_text("How it went")).to_be_visible()
        # In the page's order: Tab only goes forwards.
        order = list(MedicineOutcomeForm.base_fields)
        type_answers(page, {k: trial[k] for k in order if k in trial})
        press_button(page)
        expect(page.get_by_role("heading", name="Medicines you have told us about")).to_be_visible()


def press_button(page: Page, selector: str = CONTINUE) -> None:
    tab_to(page, selector)
    page.keyboard.press("Enter")


def test_a_patient_completes_the_intake_by_keyboard_alone(tab: Tab, clinic_locations):
    page = tab.page
    answers = answers_by_step()
    tab.go("/intake/")

    # The first Tab reaches the skip link, which shows itself and jumps to the content.
    press(page, "Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    tab.snap("skip link in focus")
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    for slug in STEPS_TO_SUBMIT:
        expect_step(page, slug)
        if slug in ("about", "phq9"):
            press_button(page)  # nothing answered yet
            expect_step(page, slug)
            expect(page.locator("#error-summary")).to_be_focused()
            assert_focus_visible(page)
            tab.snap(f"{slug} error summary in focus")
        if slug == "medications":
            type_trials(page, THREE_TRIALS)
        else:
            type_answers(page, answers[slug])
        tab.snap(f"{slug} typed")
        press_button(page)
        expect_step(page, next_slug(slug))

    press_button(page, "main form button[type=submit]")  # Submit my screening
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Robin")
    tab.snap("result")

    submission = Submission.objects.get()
    assert submission.state == Submission.State.SUBMITTED
    assert submission.email == "robin@example.org"
    assert submission.answers["safety"] == answers["safety"]
    trials = MedicationTrial.objects.filter(submission=submission).order_by("position")
    assert [t.medication for t in trials] == ["Zoloft", "Effexor XR", "Wellbutrin XL"]
    assert trials[2].dose_mg is None

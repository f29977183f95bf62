"""The new page states of issue 16, each checked with axe-core (WCAG 2.2 AA) and at 320 px: the
medicine list, "did you mean", a medicine's pages with errors, Remove, the result's phone ask;
and the medicine pages by keyboard alone and without JavaScript."""

import re

import pytest
from playwright.sync_api import Page, expect

from screening.models import MedicationTrial, Submission

from .intake import complete_steps, fill
from .tab import NewTab, Tab

pytestmark = pytest.mark.browser


def on_the_medicines_step(page: Page) -> None:
    complete_steps(page, until="medications", trials=[])


def test_every_new_medicine_page_state_passes_axe_and_reflows(tab: Tab, clinic_locations):
    page = tab.page
    on_the_medicines_step(page)
    tab.check("medicines, none yet")
    page.get_by_role("button", name="Add this medicine").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page).to_have_title(re.compile("^Error: Medicine 1 — step 4 of 12"))
    tab.check("medicine name with an error")

    page.locator('[name="medication"]').fill("welbutrin")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("group", name="Did you mean one of these?")).to_be_visible()
    tab.check("did you mean")
    page.get_by_label("Wellbutrin", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wellbutrin (bupropion)")
    tab.check("dose, empty")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#error-summary")).to_be_focused()
    tab.check("dose with errors")
    fill(page, {"dose": "ten", "total_weeks": "3 months", "weeks_band": "same"})
    page.get_by_role("button", name="Continue").click()
    expect(page.locator('[name="dose"]')).to_have_value("ten")  # given back, not dropped
    fill(page, {"dose": "300 mg"})
    page.get_by_role("button", name="Continue").click()
    tab.check("how it went, empty")
    page.get_by_role("button", name="Save this medicine").click()
    tab.check("how it went with errors")
    fill(page, {"improvement": "none", "adherence": "all", "current_episode": "yes"})
    fill(page, {"boosted": "yes", "augmented_with": "aripiprazole"})
    page.get_by_role("button", name="Save this medicine").click()
    expect(page.get_by_role("heading", name="Medicines you have told us about")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("300 mg a day")
    tab.check("medicines, one told")

    page.get_by_role("link", name="Remove Wellbutrin (bupropion)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove Wellbutrin (bupropion)?")
    tab.check("remove, asked first")
    page.get_by_role("button", name="Yes, remove it").click()
    expect(page.get_by_role("button", name="I have not taken an antidepressant")).to_be_visible()
    assert MedicationTrial.objects.count() == 0


def test_the_medicine_pages_by_keyboard_alone(tab: Tab, clinic_locations):
    page = tab.page
    on_the_medicines_step(page)
    field = page.locator('[name="medication"]')
    field.focus()
    page.keyboard.type("Zoloft")
    page.keyboard.press("Enter")  # opens the medicine's pages; saves nothing yet
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoloft (sertraline)")
    assert MedicationTrial.objects.count() == 0
    page.locator('[name="dose"]').focus()
    page.keyboard.type("100 mg")
    page.locator('[name="total_weeks"]').focus()
    page.keyboard.type("10")
    page.locator('[name="weeks_band"][value="same"]').focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page.get_by_text("How it went")).to_be_visible()
    for name, value in (
        ("improvement", "partial"),
        ("adherence", "all"),
        ("current_episode", "yes"),
        ("boosted", "nothing"),
    ):
        page.locator(f'[name="{name}"][value="{value}"]').focus()
        page.keyboard.press("Space")
        expect(page.locator(":focus")).to_be_checked()
    page.get_by_role("button", name="Save this medicine").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Medicines you have told us about")).to_be_visible()
    trial = MedicationTrial.objects.get()
    assert (trial.medication, trial.dose_mg, trial.total_weeks, trial.weeks) == (
        "Zoloft",
        100,
        10,
        10,
    )


def test_the_medicine_pages_without_javascript(new_tab: NewTab, clinic_locations):
    tab = new_tab(java_script_enabled=False)
    page = tab.page
    on_the_medicines_step(page)
    page.locator('[name="medication"]').fill("setraline")
    page.get_by_role("button", name="Add this medicine").click()
    page.get_by_label("sertraline", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    fill(page, {"dose_choice": "50", "total_band": "6-8", "weeks_band": "same"})
    page.get_by_role("button", name="Continue").click()
    fill(page, {"improvement": "none", "adherence": "most", "current_episode": "yes"})
    fill(page, {"boosted": "unsure"})
    page.get_by_role("button", name="Save this medicine").click()
    expect(page.get_by_role("main")).to_contain_text("sertraline")
    tab.check("medicines, no javascript")
    trial = MedicationTrial.objects.get()
    assert (trial.medication, trial.weeks_band, trial.augmented_with) == (
        "sertraline",
        "6-8",
        "unsure",
    )


def test_the_urgent_result_asks_for_a_phone_and_passes_axe(tab: Tab, clinic_locations):
    from .intake import PHQ9_ITEM9_POSITIVE

    page = tab.page
    complete_steps(page, until="review", phq9=PHQ9_ITEM9_POSITIVE)
    page.get_by_role("button", name="Submit my screening").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Robin")
    Submission.objects.update(phone="")  # the walk gave a number; this person gave none
    page.reload()
    expect(page.get_by_role("heading", name="Can we call you?")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("business days")
    tab.check("urgent result, phone asked")
    page.get_by_label("Your phone number").fill("12")
    page.get_by_role("button", name="Save my number").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator("#error-summary")).to_be_visible()
    tab.check("urgent result, phone with an error")
    page.get_by_label("Your phone number").fill("781-555-0134")
    page.get_by_role("button", name="Save my number").click()
    expect(page.get_by_role("status")).to_contain_text("We have your number")
    assert Submission.objects.get().phone == "+17815550134"

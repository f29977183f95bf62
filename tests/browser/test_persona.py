"""Issue 16 acceptance: the persona completes the intake on a 390 x 844 phone within the
targets (tests/browser/persona.py says what is counted). `make bench-persona` walks the same."""

import pytest
from playwright.sync_api import expect

from screening.models import MedicationTrial, Submission

from .persona import RESULT_MOST_SCREENS, TARGETS, Persona
from .tab import Tab

pytestmark = pytest.mark.browser


@pytest.fixture
def size() -> str:
    return "phone"  # the persona's phone only (tests/browser/conftest.py sizes it 390 x 844)


def test_the_tired_persona_completes_the_intake_on_a_phone_within_the_targets(
    tab: Tab, clinic_locations
):
    persona = Persona(tab.page)
    assert tab.page.viewport_size == {"width": 390, "height": 844}
    persona.walk()
    main = tab.page.get_by_role("main")
    expect(main).to_contain_text("You told us about 3 medicines: 2 clearly count.")
    expect(main).to_contain_text("For Wellbutrin XL (bupropion) we need the dose")
    tab.check("persona result")
    # What the issue asks the result to show stays open; the rest opens from the keyboard.
    expect(main).to_contain_text("Your reference number: REF-")
    expect(main.get_by_role("heading", name="What happens next")).to_be_visible()
    expect(main.get_by_role("link", name="988").first).to_be_visible()
    summary = main.locator("details.result-options summary")
    summary.focus()
    tab.page.keyboard.press("Enter")
    expect(main.locator("details.result-options")).to_have_attribute("open", "")
    expect(main.get_by_role("link", name="IV ketamine")).to_be_visible()
    tab.check("persona result, options open")

    assert persona.screens <= TARGETS["screens"], f"{persona.line()}: {persona.report()}"
    assert persona.characters <= TARGETS["characters"], persona.line()
    assert persona.taps <= TARGETS["taps"], persona.line()
    assert not persona.too_tall(), f"pages over two screens: {persona.too_tall()}"
    assert persona.result_screens() <= RESULT_MOST_SCREENS, persona.report()

    submission = Submission.objects.get()
    assert submission.current_determination.verdict == "meets"
    trials = MedicationTrial.objects.filter(submission=submission).order_by("position")
    assert [t.medication for t in trials] == ["Zoloft", "effexor xr", "Wellbutrin XL"]
    assert [t.dose_mg for t in trials][2] is None

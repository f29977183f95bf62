"""The intake as a patient fills it in with a pointer: the same answers as tests/intake/walk.py,
typed and clicked into the real pages."""

from typing import Any

from playwright.sync_api import Locator, Page, expect

from screening.intake.steps import STEP_SLUGS, STEPS, STEPS_TO_SUBMIT
from tests.intake.walk import (
    ABOUT,
    DOSE_FIELDS,
    EPISODE,
    HEALTH,
    INSURANCE,
    MEDICINES_NOW,
    NAME_FIELDS,
    SAFETY,
    START,
    TREATMENTS,
    TRIAL_EFFEXOR,
    TRIAL_ZOLOFT,
    scale_post,
)

TRIAL_WELLBUTRIN = {
    "medication": "Wellbutrin XL",
    "dose_choice": "unknown",
    "total_band": "9-12",
    "weeks_band": "same",
    "improvement": "none",
    "adherence": "all",
    "stopped_for_side_effects": "no",
    "current_episode": "yes",
    "boosted": "nothing",
}
THREE_TRIALS = [TRIAL_ZOLOFT, TRIAL_EFFEXOR, TRIAL_WELLBUTRIN]
PHQ9 = [2, 2, 2, 2, 1, 2, 1, 1, 0]
PHQ9_ITEM9_POSITIVE = [2, 2, 2, 2, 1, 2, 1, 1, 1]
GAD7 = [1, 1, 2, 1, 0, 0, 1]

CONTINUE = "Save and continue"
MEDICINES_DONE = "I have no more to add"
# The buttons and captions the walk presses and waits for, by what they do; a walk in another
# language passes its own (tests/browser/test_languages.py).
ENGLISH = {
    "start": "Agree and start",
    "continue": CONTINUE,
    "medicines_done": MEDICINES_DONE,
    "add_medicine": "Add this medicine",
    "medicine_continue": "Continue",
    "dose_caption": "Dose and how long",
    "outcome_caption": "How it went",
    "save_medicine": "Save this medicine",
    "medicines_told": "Medicines you have told us about",
}


def answers_by_step(phq9: list[int] = PHQ9) -> dict[str, dict[str, Any]]:
    """Every step's answers but the medicines (which are rows, see fill_trials)."""
    return {
        "start": START,
        "about": ABOUT,
        "episode": EPISODE,
        "treatments": TREATMENTS,
        "phq9": scale_post(phq9, functional_difficulty="very"),
        "gad7": scale_post(GAD7),
        "health": HEALTH,
        "medicines_now": MEDICINES_NOW,
        "safety": SAFETY,
        "insurance": INSURANCE,
    }


def fill(page: Page, answers: dict[str, Any], prefix: str = "") -> None:
    """Type, tick and choose each answer in the field of that name, as a person would."""
    for name, value in answers.items():
        field = page.locator(f'[name="{prefix}{name}"]')
        kind = field.first.evaluate("el => el.type")
        if kind == "radio":
            field.and_(page.locator(f'[value="{value}"]')).check()
        elif kind == "checkbox" and value == "on":
            field.check()
        elif kind == "checkbox":
            for each in value:
                field.and_(page.locator(f'[value="{each}"]')).check()
        elif kind.startswith("select"):
            field.select_option(value)
        else:
            field.fill(value)


def fill_medicine(
    page: Page, trial: dict[str, Any], check: Any = None, words: dict[str, str] = ENGLISH
) -> None:
    """One medicine from the list (or its name page): the name, then its two pages. `check`,
    if given, is called with a label on each page once it is filled (axe, screenshots)."""
    page.locator('[name="medication"]').fill(trial["medication"])
    add = page.get_by_role("button", name=words["add_medicine"])
    (add if add.count() else page.get_by_role("button", name=words["medicine_continue"])).click()
    expect(page.get_by_text(words["dose_caption"])).to_be_visible()
    fill(page, {k: v for k, v in trial.items() if k in DOSE_FIELDS})
    if check:
        check(f"{trial['medication']}: dose and how long")
    page.get_by_role("button", name=words["medicine_continue"]).click()
    expect(page.get_by_text(words["outcome_caption"])).to_be_visible()
    fill(page, {k: v for k, v in trial.items() if k not in (*NAME_FIELDS, *DOSE_FIELDS)})
    if check:
        check(f"{trial['medication']}: how it went")
    page.get_by_role("button", name=words["save_medicine"]).click()
    expect(page.get_by_role("heading", name=words["medicines_told"])).to_be_visible()


def fill_trials(
    page: Page, trials: list[dict[str, Any]], check: Any = None, words: dict[str, str] = ENGLISH
) -> None:
    """One medicine at a time, each from the list's "Add this medicine" (issue 16 item 2)."""
    for trial in trials:
        fill_medicine(page, trial, check, words)


def continue_button(page: Page, slug: str, words: dict[str, str] = ENGLISH) -> Locator:
    name = {"start": words["start"], "medications": words["medicines_done"]}.get(
        slug, words["continue"]
    )
    return page.get_by_role("button", name=name)


def expect_step(page: Page, slug: str) -> None:
    """The page is this step: its title as the h1 and "Step N of M" above it."""
    number = STEP_SLUGS.index(slug) + 1
    expect(page.get_by_role("heading", level=1)).to_have_text(str(STEPS[number - 1].title))
    expect(page.get_by_text(f"Step {number} of {len(STEPS)}", exact=True)).to_be_visible()


def next_slug(slug: str) -> str:
    return STEP_SLUGS[STEP_SLUGS.index(slug) + 1]


def complete_steps(
    page: Page,
    *,
    until: str = "review",
    trials: list[dict[str, Any]] = THREE_TRIALS,
    phq9: list[int] = PHQ9,
) -> None:
    """From the landing of the intake, answer every step before `until` (a step's slug)."""
    answers = answers_by_step(phq9)
    page.goto("/intake/")
    for slug in STEPS_TO_SUBMIT[: STEP_SLUGS.index(until)]:
        if slug == "medications":
            fill_trials(page, trials)
        else:
            fill(page, answers[slug])
        continue_button(page, slug).click()
        expect_step(page, next_slug(slug))


def expect_answers(page: Page, answers: dict[str, Any], prefix: str = "", **shown: str) -> None:
    """Each answer is on the page as it was given: ticked, chosen or typed. `shown` names fields
    the app writes back in its own format (a date, a phone number)."""
    for name, value in answers.items():
        field = page.locator(f'[name="{prefix}{name}"]')
        kind = field.first.evaluate("el => el.type")
        if kind == "radio":
            expect(field.and_(page.locator(f'[value="{value}"]'))).to_be_checked()
        elif kind == "checkbox" and value == "on":
            expect(field).to_be_checked()
        elif kind == "checkbox":
            for each in value:
                expect(field.and_(page.locator(f'[value="{each}"]'))).to_be_checked()
        else:
            expect(field).to_have_value(shown.get(name, value))

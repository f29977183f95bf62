"""The intake's steps, in order. Views, services and templates all read this one list."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    slug: str
    title: str


STEPS = (
    Step("start", "Before you start"),
    Step("about", "About you"),
    Step("episode", "This episode"),
    Step("medications", "Antidepressants you have tried"),
    Step("treatments", "Other treatments"),
    Step("phq9", "How you have been feeling"),
    Step("gad7", "Worry and anxiety"),
    Step("health", "Your health"),
    Step("safety", "Safety questions"),
    Step("review", "Review and submit"),
)
STEP_SLUGS = tuple(step.slug for step in STEPS)
# Every step but the review must be saved once before the intake can be submitted.
STEPS_TO_SUBMIT = STEP_SLUGS[:-1]
# The steps whose cleaned answers are kept as JSON on the submission (the rest have columns or
# tables of their own).
JSON_STEPS = ("episode", "treatments", "health", "safety")

# Bump when the wording of the consent questions changes; each consent stores the version shown.
CONSENT_TEXT_VERSION = "2026-11-26"


def step_number(slug: str) -> int:
    return STEP_SLUGS.index(slug) + 1


def next_step(slug: str) -> str:
    return STEP_SLUGS[min(STEP_SLUGS.index(slug) + 1, len(STEP_SLUGS) - 1)]


def previous_step(slug: str) -> str | None:
    index = STEP_SLUGS.index(slug)
    return STEP_SLUGS[index - 1] if index > 0 else None

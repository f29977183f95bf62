"""Crisis resources shown on every patient page, in one place.

Source: clinical-reference.md §6 (988lifeline.org; Crisis Text Line). The Lifeline's "press 3"
LGBTQ+ youth option ended in July 2025 and is deliberately not listed.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class CrisisLine:
    name: str
    action: str  # what the person does, in plain words
    href: str  # tel:/sms: link so one tap starts the call or text
    detail: str = ""


LIFELINE_NUMBER = "988"
CRISIS_TEXT_NUMBER = "741741"
CRISIS_TEXT_WORD = "HOME"
EMERGENCY_NUMBER = "911"
VETERANS_TEXT_NUMBER = "838255"

CRISIS_LINES = (
    CrisisLine(
        name="988 Suicide & Crisis Lifeline",
        action=f"Call or text {LIFELINE_NUMBER}",
        href=f"tel:{LIFELINE_NUMBER}",
        detail=(
            "Free, confidential, 24 hours a day. Chat at 988lifeline.org. "
            "Press 1 for the Veterans Crisis Line (veterans can also text "
            f"{VETERANS_TEXT_NUMBER}); press 2 for Spanish."
        ),
    ),
    CrisisLine(
        name="988 by text",
        action=f"Text {LIFELINE_NUMBER}",
        href=f"sms:{LIFELINE_NUMBER}",
        detail="If talking is hard right now, texting works too.",
    ),
    CrisisLine(
        name="Crisis Text Line",
        action=f"Text {CRISIS_TEXT_WORD} to {CRISIS_TEXT_NUMBER}",
        href=f"sms:{CRISIS_TEXT_NUMBER}?&body={CRISIS_TEXT_WORD}",
        detail="A trained crisis counselor texts back, any time.",
    ),
    CrisisLine(
        name="Emergency",
        action=f"Call {EMERGENCY_NUMBER}",
        href=f"tel:{EMERGENCY_NUMBER}",
        detail="Or go to the nearest emergency room if you might act on thoughts of harming "
        "yourself.",
    ),
)

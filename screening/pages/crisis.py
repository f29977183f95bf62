"""Crisis resources shown on every patient page, in one place.

Source: clinical-reference.md §6 (988lifeline.org; Crisis Text Line). The Lifeline's "press 3"
LGBTQ+ youth option ended in July 2025 and is deliberately not listed.

Languages (issue 19), each stated plainly where a service is English only:
- 988 by phone: press 2 for Spanish; other languages through an interpreter service
  (LanguageLine, "more than 240 languages", languageline.com case study of the 988 Lifeline).
- 988 by text and chat: English and Spanish only; for Spanish, text AYUDA to 988
  (988lifeline.org/get-help/what-to-expect).
- Crisis Text Line: English and Spanish only; for Spanish, text AYUDA to 741741
  (crisistextline.org blog, 15 Oct 2021, and its press release of 16 Oct 2023).
⚠ for the medical director: confirm these options before each release; services change.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class CrisisLine:
    name: str | Promise
    action: str | Promise  # what the person does, in plain words
    href: str  # tel:/sms: link so one tap starts the call or text
    detail: str | Promise = ""


LIFELINE_NUMBER = "988"
CRISIS_TEXT_NUMBER = "741741"
CRISIS_TEXT_WORD = "HOME"
EMERGENCY_NUMBER = "911"
VETERANS_TEXT_NUMBER = "838255"
SPANISH_TEXT_WORD = "AYUDA"

# The numbers are written into the sentences (not formatted in) so that each sentence stays lazy,
# translated when a page renders; tests/pages/test_crisis.py checks they match the constants.
CRISIS_LINES = (
    CrisisLine(
        name=_("988 Suicide & Crisis Lifeline"),
        action=_("Call or text 988"),
        href=f"tel:{LIFELINE_NUMBER}",
        detail=_(
            "Free, confidential, 24 hours a day. Chat at 988lifeline.org. Press 1 for the "
            "Veterans Crisis Line (veterans can also text 838255); press 2 for Spanish. "
            "On a call you can ask for an interpreter in many other languages."
        ),
    ),
    CrisisLine(
        name=_("988 by text"),
        action=_("Text 988"),
        href=f"sms:{LIFELINE_NUMBER}",
        detail=_(
            "If talking is hard right now, texting works too. Texts are in English; for Spanish, "
            "text AYUDA to 988. Texts in other languages are not offered."
        ),
    ),
    CrisisLine(
        name=_("Crisis Text Line"),
        action=_("Text HOME to 741741"),
        href=f"sms:{CRISIS_TEXT_NUMBER}?&body={CRISIS_TEXT_WORD}",
        detail=_(
            "A trained crisis counselor texts back, any time. In English only; for Spanish, "
            "text AYUDA to 741741."
        ),
    ),
    CrisisLine(
        name=_("Emergency"),
        action=_("Call 911"),
        href=f"tel:{EMERGENCY_NUMBER}",
        detail=_(
            "Or go to the nearest emergency room if you might act on thoughts of harming yourself."
        ),
    ),
)

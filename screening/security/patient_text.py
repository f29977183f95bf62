"""Names people type, made safe to put in an email (issue 14 item 3).

The first name is the only thing a patient types that our emails carry (the greeting). Someone
starting a draft with another person's address could otherwise write a message into it, with
line breaks and a link ("ACTION REQUIRED ... http://..."), and the clinic would deliver it. So a
name may hold letters (any alphabet, with their accents), spaces, hyphens, apostrophes and
periods, and nothing that reads as a web address. The check runs on the form, with a message
beside the field, and again when an email is written, for names stored before it existed.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Apostrophes as phones and keyboards type them: ' and the curly one.
NAME_PUNCTUATION = frozenset(" -'\u2019.")
# Letters then a dot then two or more letters, as in "evil.example" or "www.x": a web address.
_DOMAIN_LIKE = re.compile(r"[^\W\d_]\.[^\W\d_]{2,}")


def name_problem(name: str) -> str | None:
    """Why `name` is not a name we can safely use ('characters' or 'address'), or None."""
    for char in name:
        if char in NAME_PUNCTUATION:
            continue
        # L*: letters of any alphabet; M*: the accents and marks that combine with them.
        # Everything else (digits, line breaks, control and bidi-override characters such as
        # U+202A-U+202E and U+2066-U+2069, symbols like : / @) is refused.
        if unicodedata.category(char)[0] not in "LM":
            return "characters"
    if _DOMAIN_LIKE.search(name):
        return "address"
    return None


def validate_name(name: str, *, which: str) -> None:
    """Raise a ValidationError with a kind, plain message; `which` is 'first' or 'last'."""
    problem = name_problem(name)
    if problem == "characters":
        message = (
            _("Enter your first name using letters only. Spaces, hyphens and apostrophes are fine.")
            if which == "first"
            else _(
                "Enter your last name using letters only. Spaces, hyphens and apostrophes are fine."
            )
        )
        raise ValidationError(message, code="name_characters")
    if problem == "address":
        raise ValidationError(
            _("Enter just your name here, with no web address."), code="name_address"
        )


def greeting_name(first_name: str) -> str:
    """The first name for an email's greeting, or '' (the email then says "Hello,")."""
    name = first_name.strip()
    return name if name and name_problem(name) is None else ""

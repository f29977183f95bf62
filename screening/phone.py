"""US phone numbers as people type them, turned into E.164 (``+17815550123``) for storage.

The clinic calls patients in the United States only, so a number is accepted when it is a valid
North American Numbering Plan number: ten digits, optionally after "1" or "+1", in the shape
NXX-NXX-XXXX (area code and exchange start with 2-9) and with neither being an N11 service code
such as 911. Spaces, dots, dashes and brackets are ignored; letters, extensions and other
country codes are refused, so a number staff cannot dial is never stored.
"""

import re

US_COUNTRY_CODE = "1"
_SEPARATORS = re.compile(r"[\s.\-()]+")
_NANP = re.compile(r"(?P<area>[2-9]\d\d)(?P<exchange>[2-9]\d\d)(?P<line>\d{4})")


class InvalidPhoneNumber(ValueError):
    """The text is not a US phone number we can dial."""


def us_phone_to_e164(text: str) -> str:
    """Return the number in E.164 form, or raise InvalidPhoneNumber."""
    digits = _SEPARATORS.sub("", text.strip())
    if digits.startswith("+"):
        if not digits.startswith("+" + US_COUNTRY_CODE):
            raise InvalidPhoneNumber("not a US number")
        digits = digits[2:]
    elif len(digits) == 11 and digits.startswith(US_COUNTRY_CODE):
        digits = digits[1:]
    match = _NANP.fullmatch(digits)
    if match is None:
        raise InvalidPhoneNumber("not ten digits in the US pattern")
    if _is_service_code(match["area"]) or _is_service_code(match["exchange"]):
        raise InvalidPhoneNumber("service code, not a subscriber number")
    return f"+{US_COUNTRY_CODE}{digits}"


def _is_service_code(three_digits: str) -> bool:
    # N11 codes (211, 311, 411, 611, 711, 811, 911) reach services, never a person's phone.
    return three_digits[1:] == "11"

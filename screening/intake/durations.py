"""How long someone took a medicine, as they think of it: weeks, months, or a rough band.

The engine counts weeks. A typed "10", "10 weeks" or "3 months" becomes whole weeks; a band
("6-8 weeks") becomes the band's lower end, the most the person's answer promises, so no
precision is invented: a trial reported as "6-8 weeks" counts as 6 weeks, never 8. The band
itself is kept beside the number so staff see what was actually said.
"""

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# A month is 52/12 weeks (about 4.33). Months are rounded down to whole weeks, for the same reason
# bands use their lower end: "2 months" promises 8 full weeks, not 9.
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
MAX_WEEKS = 1040  # 20 years; the engine's own limit is higher

UNSURE_BAND = "unsure"
SAME_AS_TOTAL = "same"  # "all of that time": the weeks at the highest dose equal the total


@dataclass(frozen=True)
class Band:
    code: str
    label: str | Promise
    lower_weeks: int | None  # what the engine is told; None: not known


BANDS: tuple[Band, ...] = (
    Band("lt4", _("Less than 4 weeks"), 0),
    Band("4-5", _("4 to 5 weeks"), 4),
    Band("6-8", _("6 to 8 weeks"), 6),
    Band("9-12", _("9 to 12 weeks"), 9),
    Band("gt12", _("More than 12 weeks"), 12),  # "more than 12" promises 12
    Band(UNSURE_BAND, _("I'm not sure"), None),
)
BY_CODE = {band.code: band for band in BANDS}
BAND_CHOICES = [(band.code, band.label) for band in BANDS]

_DURATION = re.compile(
    r"^\s*(?P<number>\d{1,4}(?:[.,]\d{1,2})?)\s*"
    # English, and the words a Spanish or Portuguese speaker types (issue 19): semana(s), sem;
    # mes, meses, mês. Every month word starts with "m", every week word with "w" or "s".
    r"(?P<unit>w|wk|wks|week|weeks|m|mo|mos|month|months|sem|semana|semanas|mes|meses|mês)?"
    r"\.?\s*$",
    re.IGNORECASE,
)


class NotADuration(ValueError):
    """The text is not a number of weeks or months."""


def weeks_from_text(text: str) -> int:
    """Whole weeks from "10", "10 weeks", "2.5 months" (a bare number is weeks)."""
    match = _DURATION.match(text)
    if match is None:
        raise NotADuration(text)
    try:
        number = Decimal(match["number"].replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        raise NotADuration(text) from None
    unit = (match["unit"] or "w").lower()
    if unit.startswith("m"):
        number *= WEEKS_PER_MONTH
    weeks = math.floor(number)
    if weeks > MAX_WEEKS:
        raise NotADuration(text)
    return weeks


def band_of(weeks: int | None) -> str:
    """The band a number of weeks falls in, for showing a typed answer beside the bands."""
    if weeks is None:
        return UNSURE_BAND
    for code, below in (("lt4", 4), ("4-5", 6), ("6-8", 9), ("9-12", 13)):
        if weeks < below:
            return code
    return "gt12"


def in_words(weeks: int | None, band: str) -> str:
    """ "6 to 8 weeks", "10 weeks" or "Not sure", for the summary and the review."""
    if band and band in BY_CODE:
        return str(BY_CODE[band].label)
    if weeks is None:
        return str(_("Not sure"))
    return str(_("%(weeks)s weeks") % {"weeks": weeks}) if weeks != 1 else str(_("1 week"))

"""Common daily doses of the antidepressants people list most, offered as quick choices.

Only a convenience for the person typing: any dose may be typed instead, and the rules never read
this table (the minimum adequate doses live in screening/criteria/medicines.py). Source: the
tablet and capsule strengths in each medicine's US prescribing information (DailyMed), with
the usual daily totals where a strength is usually doubled (venlafaxine 225 mg, bupropion
450 mg). Keyed by the catalogue's generic name; a medicine not listed offers no quick choices.
"""

from decimal import Decimal
from types import MappingProxyType

from screening import criteria


def _mg(*values: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(value) for value in values)


COMMON_DOSES_MG = MappingProxyType(
    {
        "sertraline": _mg("25", "50", "100", "150", "200"),
        "fluoxetine": _mg("10", "20", "40", "60"),
        "paroxetine": _mg("10", "20", "30", "40"),
        "paroxetine CR": _mg("12.5", "25", "37.5"),
        "citalopram": _mg("10", "20", "40"),
        "escitalopram": _mg("5", "10", "20"),
        "venlafaxine": _mg("75", "150", "225"),
        "desvenlafaxine": _mg("25", "50", "100"),
        "duloxetine": _mg("30", "60", "90", "120"),
        "bupropion": _mg("150", "300", "450"),
        "mirtazapine": _mg("15", "30", "45"),
        "trazodone": _mg("50", "100", "150", "300"),
        "vortioxetine": _mg("5", "10", "20"),
        "vilazodone": _mg("10", "20", "40"),
        "amitriptyline": _mg("25", "50", "100", "150"),
        "nortriptyline": _mg("25", "50", "75", "100"),
    }
)


def common_doses(medication: str) -> tuple[Decimal, ...]:
    found = criteria.resolve_medication(medication)
    return COMMON_DOSES_MG.get(found.generic, ()) if found else ()


def recognised_name(medication: str) -> str:
    """The name to head the medicine's pages with: "Zoloft (sertraline)" for a brand,
    "sertraline" for the generic, the text as typed when the catalogue does not know it."""
    typed = medication.strip()
    entry = criteria.lookup(typed)
    if entry is None:
        return typed
    if entry.generic.casefold() in typed.casefold():
        return entry.generic
    brand = next((b for b in entry.brands if b.casefold() == typed.casefold()), None)
    return f"{brand or typed} ({entry.generic})"

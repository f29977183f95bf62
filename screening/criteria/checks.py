"""Checks shared by the fact dataclasses and ``parse_facts``, and each number's plausible range.

Each check takes the raw value and the field path and returns the value narrowed to its type, or
raises ``InvalidFacts`` naming the field. The ranges are not clinical judgements: they are the
widest values a person could truthfully report, so a typo (20000 mg) or a machine's garbage (a
400-digit integer) is refused with a line naming the field instead of being misread or crashing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Final

from .errors import InvalidFacts, shown
from .vocabulary import SAFETY_KEYS

# Issue 15, defect 2. A daily dose above 5,000 mg is no antidepressant's (the highest, e.g.
# trazodone or nefazodone, stay under 600 mg/day); the same bound applies to Emsam's mg/24 h.
DOSE_MG_MAX: Final = 5000
WEEKS_MAX: Final = 1040  # 20 years on one medicine, or in therapy
EPISODE_MONTHS_MAX: Final = 1200  # 100 years
AGE_MAX: Final = 120  # onset age and the patient's age, in years
PRIOR_EPISODES_MAX: Final = 200
# Clinician-rated scales: MADRS 10 items scored 0-6 (Montgomery & Asberg 1979), total 0-60;
# HAM-D-17 (Hamilton 1960) items scored 0-4 or 0-2, total 0-52.
MADRS_MAX: Final = 60
HAMD17_MAX: Final = 52

PHQ9_ITEMS: Final = 9
GAD7_ITEMS: Final = 7
ANSWER_MAX: Final = 3  # PHQ-9 and GAD-7 answers run 0 "Not at all" to 3 "Nearly every day"
MEDICATION_TEXT_MAX: Final = 200
_PLAIN_KEY: Final = re.compile(r"[A-Za-z0-9_]{1,40}")


def check_bool(value: object, field: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise InvalidFacts(field, f"must be true, false or null, got {shown(value)}")


def check_number(value: object, field: str, maximum: float) -> float | None:
    """A finite number from 0 to ``maximum`` (int or float; JSON true/false are not numbers).

    Compared before any conversion to float, so an integer too large for a float is refused by
    the range instead of raising OverflowError.
    """
    if value is None:
        return None
    problem = f"must be a number from 0 to {maximum:g}, got {shown(value)}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidFacts(field, problem)
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidFacts(field, problem)
    if not 0 <= value <= maximum:
        raise InvalidFacts(field, problem)
    return value


def check_count(value: object, field: str, maximum: int) -> int | None:
    """A whole number from 0 to ``maximum``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise InvalidFacts(field, f"must be a whole number from 0 to {maximum}, got {shown(value)}")
    return value


def check_word(value: object, field: str, choices: Sequence[str]) -> str | None:
    if value is None or (isinstance(value, str) and value in choices):
        return value
    raise InvalidFacts(field, f"must be one of {', '.join(choices)}, got {shown(value)}")


def check_text(value: object, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MEDICATION_TEXT_MAX:
        raise InvalidFacts(
            field, f"must be text of at most {MEDICATION_TEXT_MAX} characters, got {shown(value)}"
        )
    # Blank text names nothing; the rules report it as a missing medication.
    return value if value.strip() else None


def check_texts(value: object, field: str) -> tuple[str, ...]:
    """One name or a list of names (``augmented_with``); None and [] both mean none."""
    if value is None:
        return ()
    if isinstance(value, str):
        text = check_text(value, field)
        return () if text is None else (text,)
    if not isinstance(value, list | tuple):
        raise InvalidFacts(field, f"must be text, a list of text or null, got {shown(value)}")
    texts = (check_text(item, f"{field}[{index}]") for index, item in enumerate(value))
    return tuple(text for text in texts if text is not None)


def check_answers(value: object, field: str, count: int) -> tuple[int | None, ...] | None:
    """``count`` questionnaire answers, each 0-3 or null (unanswered)."""
    if value is None:
        return None
    if not isinstance(value, list | tuple) or len(value) != count:
        raise InvalidFacts(field, f"must be a list of {count} answers, got {shown(value)}")
    for index, answer in enumerate(value):
        if answer is None:
            continue
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer <= 3:
            raise InvalidFacts(
                f"{field}[{index}] (item {index + 1})",
                f"must be an integer from 0 to {ANSWER_MAX}, got {shown(answer)}",
            )
    return tuple(value)


def check_codes(value: object, field: str, choices: Sequence[str]) -> tuple[str, ...] | None:
    """A list of codes from ``choices``, returned sorted and without repeats."""
    if value is None:
        return None
    if not isinstance(value, list | tuple | frozenset | set):
        raise InvalidFacts(field, f"must be a list of codes, got {shown(value)}")
    codes: set[str | None] = set()
    for index, code in enumerate(value):
        codes.add(check_word(code, f"{field}[{index}]", choices))
    return tuple(sorted(code for code in codes if code is not None))


def check_safety(value: object, field: str) -> Mapping[str, bool | None] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InvalidFacts(field, f"must be an object of yes/no answers, got {shown(value)}")
    check_keys(value, field, SAFETY_KEYS)
    answers = {key: check_bool(value.get(key), f"{field}.{key}") for key in SAFETY_KEYS}
    return MappingProxyType(answers)


def key_name(key: object) -> str:
    """``key`` as it can stand in a field path; quoted when it could not be read as a name."""
    return key if isinstance(key, str) and _PLAIN_KEY.fullmatch(key) else shown(key)


def check_keys(keys: Iterable[object], field: str, allowed: Sequence[str]) -> None:
    # A misspelt key would otherwise read as a missing fact and quietly become "unknown".
    for key in keys:
        if key not in allowed:
            where = f"{field}.{key_name(key)}" if field else key_name(key)
            raise InvalidFacts(where, f"unknown field; expected one of {', '.join(allowed)}")

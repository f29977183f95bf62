"""The ``evaluate_history`` contract without Django: JSON text in, JSON-ready output out.

The management command only reads the file or stdin and prints; everything it promises about
the input and output lives here, where it can be tested without a settings module.
"""

from __future__ import annotations

import json
import math
from typing import Final

from .checks import key_name
from .engine import evaluate
from .errors import InvalidFacts
from .facts import parse_facts
from .profiles import DEFAULT_PROFILE_NAME, get_profile

# More digits than any plausible fact has; such an integer is read as infinity, which every
# number check refuses naming its field, rather than converted (Python refuses to convert more
# than 4,300 digits at all, and a huge int overflows float arithmetic).
_INTEGER_DIGITS_MAX: Final = 100


def _refuse_constant(name: str) -> object:
    # Python's json module accepts NaN and Infinity, which are not JSON and not facts.
    raise InvalidFacts("input", f"not valid JSON ({name} is not allowed)")


class _HugeInteger(float):
    """An integer with too many digits, as infinity that says what it was in error messages."""

    digits: int

    def __new__(cls, digits: int) -> _HugeInteger:
        number = super().__new__(cls, math.inf)
        number.digits = digits
        return number

    def __repr__(self) -> str:
        return f"an integer of {self.digits} digits"


def _integer(text: str) -> int | float:
    if len(text.lstrip("-")) <= _INTEGER_DIGITS_MAX:
        return int(text)
    return _HugeInteger(len(text.lstrip("-")))


def _object_without_repeats(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object, refused when a key appears twice: with two "phq9" keys the last would
    silently win and could hide a positive item 9 (issue 15, defect 3)."""
    data: dict[str, object] = {}
    for key, value in pairs:
        if key in data:
            raise InvalidFacts(
                key_name(key), "duplicated key: each key may appear only once in a JSON object"
            )
        data[key] = value
    return data


def loads_input(text: str) -> object:
    """Parse JSON text; raise ``InvalidFacts`` with a one-line reason when it is not JSON or
    repeats a key in one object."""
    try:
        return json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_int=_integer,
            object_pairs_hook=_object_without_repeats,
        )
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise InvalidFacts("input", f"not valid JSON ({error.msg} at {where})") from None
    except RecursionError:
        raise InvalidFacts("input", "not valid JSON (nested too deeply)") from None
    except InvalidFacts:
        raise
    except ValueError as error:  # e.g. an integer with more digits than Python will convert
        raise InvalidFacts("input", f"not valid JSON ({error})") from None


def evaluate_one(data: object) -> dict[str, object]:
    """One input object -> its output object, under the profile it names or the default."""
    facts = parse_facts(data)
    profile = get_profile(facts.profile or DEFAULT_PROFILE_NAME)
    return evaluate(facts, profile).to_json()


def evaluate_input(data: object) -> dict[str, object] | list[dict[str, object]]:
    """One object gives one output object; a list gives a list, in the same order.

    An error in the list names the item first: ``[2].trials[0].dose_mg: ...``.
    """
    if not isinstance(data, list):
        return evaluate_one(data)
    results = []
    for index, item in enumerate(data):
        try:
            results.append(evaluate_one(item))
        except InvalidFacts as error:
            if error.field == "input":
                raise InvalidFacts(f"[{index}]", error.problem) from None
            raise error.under(f"[{index}]") from None
    return results

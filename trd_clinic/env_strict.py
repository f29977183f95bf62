"""Settings read from the environment strictly (issue 14 item 16, after healthchecks' envbool).

django-environ reads "Ture", "yes please" or "0n" as False without a word, so a typo in
DJANGO_HTTPS silently turned HTTPS off. Here a boolean is exactly True or False (or true/false),
a list is comma-separated with no empty entries, and anything else stops the start with an
ImproperlyConfigured naming the variable.
"""

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")

TRUE_WORDS = ("True", "true")
FALSE_WORDS = ("False", "false")


def env_bool(name: str, *, default: bool) -> bool:
    """True or False from `name`; unset or empty means `default`."""
    value = os.environ.get(name, "")
    if value == "":
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"Unexpected value {name}={value!r}: use 'True' or 'False'.")


def env_list(
    name: str,
    *,
    default: Sequence[T],
    cast: Callable[[str], T] = str,  # type: ignore[assignment]
) -> list[T]:
    """A comma-separated list from `name` (spaces around entries are ignored); unset or empty
    means `default`. An empty entry ("a,,b", a trailing comma) or one `cast` refuses stops."""
    value = os.environ.get(name, "")
    if value.strip() == "":
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(item == "" for item in items):
        raise ImproperlyConfigured(
            f"Unexpected value {name}={value!r}: an empty entry in a comma-separated list."
        )
    try:
        return [cast(item) for item in items]
    except ValueError as error:
        raise ImproperlyConfigured(f"Unexpected value {name}={value!r}: {error}") from None

"""Rate limits named in settings, read at request time (security.md item 15)."""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.decorators import ratelimit

View = TypeVar("View", bound=Callable[..., object])


def setting_rate(name: str) -> Callable[[str, HttpRequest], str]:
    """A django-ratelimit `rate` that reads settings.<name> on each request, so the limit can
    change in settings (and in tests) without a reload."""

    def rate(group: str, request: HttpRequest) -> str:
        return str(getattr(settings, name))

    return rate


def limited(*, group: str, setting: str, method: str = "POST") -> Callable[[View], View]:
    """django-ratelimit's decorator keyed on the client address, with its rate read from
    settings.<setting>. Typed here once, because django-ratelimit ships no types."""
    decorate: Callable[[View], View] = ratelimit(
        group=group, key="ip", rate=setting_rate(setting), method=method
    )
    return decorate

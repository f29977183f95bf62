"""Rate limits named in settings, read at request time (security.md item 15)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest


def setting_rate(name: str) -> Callable[[str, HttpRequest], str]:
    """A django-ratelimit `rate` that reads settings.<name> on each request, so the limit can
    change in settings (and in tests) without a reload."""

    def rate(group: str, request: HttpRequest) -> str:
        return getattr(settings, name)

    return rate

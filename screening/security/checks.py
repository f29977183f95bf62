"""System checks for settings that would be wrong in production (issue 14 item 14).

A check, not an exception in settings.py: `manage.py check --deploy`, `migrate` and `runserver`
refuse to go on, while `make run` (DEBUG on) keeps its local default.
"""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def site_url_required_in_production(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """With DEBUG off, SITE_URL must be set: otherwise every emailed link (resume, check-in,
    unsubscribe) points at 127.0.0.1 and mail comes from no-reply@127.0.0.1."""
    if settings.DEBUG or getattr(settings, "SITE_URL_CONFIGURED", False):
        return []
    return [
        Error(
            "SITE_URL is not set. It is required when DEBUG is off: the links in emails are"
            " built from it.",
            hint="Set SITE_URL to the public address, e.g. https://screening.example.org.",
            id="screening.E014",
        )
    ]

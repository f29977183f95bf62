"""Values every template needs: the clinic's identity, crisis lines, its locations, and the
lifetimes and limits that pages tell people about (each named once, in settings)."""

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from screening.pages import crisis, language_help, outage, selectors


def _footer_locations(request: HttpRequest) -> list[object]:
    """The footer's locations, or none while the database is gone: the page still renders,
    crisis lines and clinic phone included (issue 13)."""
    if outage.database_unavailable(request):
        return []
    try:
        return list(selectors.active_locations())
    except DatabaseError as error:
        outage.mark_unavailable(request, error)
        return []


def clinic(request: HttpRequest) -> dict[str, object]:
    return {
        "clinic": {
            "name": settings.CLINIC_NAME,
            "phone": settings.CLINIC_PHONE,
            "email": settings.CLINIC_EMAIL,
        },
        "limits": {
            "resume_link_days": settings.RESUME_LINK_VALID_DAYS,
            "checkin_link_days": settings.CHECKIN_LINK_VALID_DAYS,
            "draft_kept_days": settings.DRAFT_PURGE_AFTER_DAYS,
            "staff_idle_minutes": settings.STAFF_IDLE_TIMEOUT_MINUTES,
            "lockout_attempts": settings.AXES_FAILURE_LIMIT,
            "lockout_minutes": round(settings.AXES_COOLOFF_TIME * 60),
        },
        "crisis_lines": crisis.CRISIS_LINES,
        "crisis_lifeline": crisis.LIFELINE_NUMBER,
        # The switcher names each language in itself ("English" on a Spanish page too): not
        # Django's get_available_languages, which translates the names into the page's language.
        "switcher_languages": settings.LANGUAGES,
        # Issue 19: the footer's line and the "Language help" page, in 15 languages.
        "language_notices": language_help.notices(settings.CLINIC_PHONE),
        # Lazy: only pages that render the footer pay for the query.
        "footer_locations": SimpleLazyObject(lambda: _footer_locations(request)),
    }

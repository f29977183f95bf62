"""Values every template needs: the clinic's identity, crisis lines and its locations."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from screening.pages import crisis, selectors


def clinic(request: HttpRequest) -> dict[str, object]:
    return {
        "clinic": {
            "name": settings.CLINIC_NAME,
            "phone": settings.CLINIC_PHONE,
            "email": settings.CLINIC_EMAIL,
        },
        "crisis_lines": crisis.CRISIS_LINES,
        "crisis_lifeline": crisis.LIFELINE_NUMBER,
        # Lazy: only pages that render the footer pay for the query.
        "footer_locations": SimpleLazyObject(lambda: list(selectors.active_locations())),
    }

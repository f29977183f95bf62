"""Values every staff page needs: the banner for urgent alerts that are late (issue 13)."""

import functools

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from screening.reminders.selectors import undelivered_urgent_count


def urgent_banner(request: HttpRequest) -> dict[str, object]:
    """How many urgent alerts are not delivered URGENT_UNDELIVERED_BANNER_MINUTES after falling
    due. Called by the template, so only a staff page that shows the banner runs the query;
    public pages never do."""

    @functools.cache
    def late() -> int:  # templates call it: once, and only where the banner is shown
        return undelivered_urgent_count(now=timezone.now())

    return {
        "staff_urgent_undelivered": late,
        "staff_urgent_banner_minutes": settings.URGENT_UNDELIVERED_BANNER_MINUTES,
    }

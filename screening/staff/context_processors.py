"""Values every staff page needs: the banner for urgent alerts that failed or are late and that
nobody has acknowledged yet (issues 13 and 18), and the idle timeout the warning counts down."""

import functools

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from screening.reminders.selectors import (
    UnseenUrgentAlert,
    unacknowledged_urgent_alerts,
    undelivered_urgent_count,
)

# The banner names this many alerts, each with its own button; past that, the count and a link.
BANNER_LINES = 5


def urgent_banner(request: HttpRequest) -> dict[str, object]:
    """Called by the template, so only a staff page that shows the banner runs the queries (two,
    whatever the number of alerts); public pages never do."""
    now = timezone.now()

    @functools.cache
    def late() -> int:  # templates call it: once, and only where the banner is shown
        return undelivered_urgent_count(now=now)

    @functools.cache
    def lines() -> list[UnseenUrgentAlert]:
        return unacknowledged_urgent_alerts(now=now, limit=BANNER_LINES) if late() else []

    return {
        "staff_urgent_undelivered": late,
        "staff_urgent_unseen": lines,
        "staff_urgent_banner_minutes": settings.URGENT_UNDELIVERED_BANNER_MINUTES,
        "staff_idle_seconds": round(settings.STAFF_IDLE_TIMEOUT_MINUTES * 60),
        "staff_idle_warning_seconds": settings.STAFF_IDLE_WARNING_SECONDS,
    }

"""Staff sessions end after 15 idle minutes and after 12 hours at most (security.md item 5)."""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import logout
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from screening.pages import outage

# Unix times in the session: when this person signed in, and when they were last seen.
LOGIN_AT_KEY = "staff_login_at"
SEEN_AT_KEY = "staff_seen_at"
EXPIRY_GRACE_SECONDS = 10 * 60
SIGNED_OUT_USER_ATTRIBUTE = "staff_signed_out_user"
SIGNED_OUT_IDLE_ATTRIBUTE = "staff_signed_out_idle"  # else: the session reached its longest


class StaffSessionTimeoutMiddleware:
    """Signs a signed-in person out once their session is idle or too old, before any view.

    Every request with a live session slides the idle deadline (and the cookie's expiry) on.
    Anonymous requests (the public pages) are not touched.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            signed_in = request.user.is_authenticated
        except DatabaseError as error:
            # The session cannot be read: nobody is signed in for this request. Public pages
            # (the crisis page first) still render; anything needing the database fails into
            # the kind outage page (screening.pages.views.outage).
            outage.mark_unavailable(request, error)
            signed_in = False
        if signed_in:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        # Imported here: middleware is loaded before the app registry is ready.
        from screening.audit.services import audit_request
        from screening.models import StaffSession

        now = timezone.now().timestamp()
        idle = timedelta(minutes=settings.STAFF_IDLE_TIMEOUT_MINUTES).total_seconds()
        longest = timedelta(hours=settings.STAFF_SESSION_MAX_HOURS).total_seconds()
        session = request.session
        login_at = session.setdefault(LOGIN_AT_KEY, now)
        seen_at = session.get(SEEN_AT_KEY, now)
        if now - seen_at > idle or now - login_at > longest:
            audit_request(request, action="session_expired")
            StaffSession.objects.filter(session_key=session.session_key).delete()
            # Who this was, for this request only: a note they sent as the session ended is
            # kept for them (staff.access.staff_page, after the CSRF check), not lost.
            setattr(request, SIGNED_OUT_USER_ATTRIBUTE, request.user)
            setattr(request, SIGNED_OUT_IDLE_ATTRIBUTE, now - seen_at > idle)
            logout(request)
            return
        session[SEEN_AT_KEY] = now
        # The stored session outlives the idle limit a little, so that the next request finds
        # it, ends it here and audits that; past the grace it simply expires.
        session.set_expiry(int(idle + EXPIRY_GRACE_SECONDS))

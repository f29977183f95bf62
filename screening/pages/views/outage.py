"""The server-error page (handler500): a template and settings only, never the database or the
session, so it renders with both gone (issue 13).

Every visitor gets crisis lines and the clinic's phone. An intake form posted while the database
is gone gets back a page holding what was typed (as hidden fields, never logged) with one button
that sends it again once the database is back.
"""

import sys

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from screening.pages.context_processors import clinic
from screening.pages.outage import is_database_outage

SERVICE_UNAVAILABLE = 503
SERVER_ERROR = 500
# Seconds a browser or proxy is told to wait before trying again during an outage.
RETRY_AFTER_SECONDS = 30
INTAKE_PREFIX = "/intake/"
NOT_KEPT = frozenset({"csrfmiddlewaretoken"})


def _context(request: HttpRequest) -> dict[str, object]:
    """What base.html needs: the clinic's identity and crisis lines come from code and settings;
    the footer's locations (the one part that needs the database) are left out."""
    return {**clinic(request), "footer_locations": [], "kind_error_page": True}


def _typed(request: HttpRequest) -> list[tuple[str, str]] | None:
    """The intake form's fields as posted, to send again; None when there is nothing to keep."""
    if request.method != "POST" or not request.path.startswith(INTAKE_PREFIX):
        return None
    try:
        posted = request.POST
    except Exception:  # an unreadable body: nothing to keep, the plain kind page instead
        return None
    return [
        (name, value) for name, values in posted.lists() if name not in NOT_KEPT for value in values
    ]


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    outage = is_database_outage(error)
    context = _context(request)
    context["outage"] = outage
    typed = _typed(request)
    if typed is not None:
        context.update(
            typed=typed,
            resubmit_url=request.get_full_path(),
            # From the CSRF cookie; no session, no database.
            csrf_token=get_token(request),
        )
        template = "outage/intake_kept.html"
    else:
        template = "500.html"
    response = HttpResponse(
        render_to_string(template, context),
        status=SERVICE_UNAVAILABLE if outage else SERVER_ERROR,
    )
    if outage:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response

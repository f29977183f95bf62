"""Error pages that are part of normal operation, not crashes."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

TOO_MANY_REQUESTS = 429


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Someone sent a form too often: say so kindly and offer the phone (RATELIMIT_VIEW)."""
    return render(request, "429.html", status=TOO_MANY_REQUESTS)


NOT_FOUND = 404


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: a kind page in the visitor's language with crisis lines, that never needs
    the database (a missing asset or a bot's guess costs no query; issue 19 made it a page)."""
    return render(request, "404.html", {"footer_locations": []}, status=NOT_FOUND)

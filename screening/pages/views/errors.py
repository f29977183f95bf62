"""Error pages that are part of normal operation, not crashes."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

TOO_MANY_REQUESTS = 429


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Someone sent a form too often: say so kindly and offer the phone (RATELIMIT_VIEW)."""
    return render(request, "429.html", status=TOO_MANY_REQUESTS)

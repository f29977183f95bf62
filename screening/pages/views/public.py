"""Public pages that need no patient data: landing, crisis help, locations, health probe."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from screening.ops import health
from screening.pages import selectors


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "public/landing.html")


@require_safe
def crisis(request: HttpRequest) -> HttpResponse:
    return render(request, "public/crisis.html")


@require_safe
def language_help(request: HttpRequest) -> HttpResponse:
    """Free language help, in the 15 languages most spoken in Massachusetts (issue 19)."""
    return render(request, "public/language_help.html", {"contact_url": reverse("contact")})


@require_safe
def locations(request: HttpRequest) -> HttpResponse:
    return render(request, "public/locations.html", {"locations": selectors.active_locations()})


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = health.run_checks({"database": health.database_ok, "broker": health.broker_ok})
    body = {name: "ok" if ok else "unavailable" for name, ok in checks.items()}
    return JsonResponse(body, status=200 if all(checks.values()) else 503)

"""The contact page and its "ask us to call you" form (no clinical questions)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from screening.pages import selectors
from screening.pages.forms import CallbackRequestForm
from screening.pages.services import callback_request_create


def _contact_rate(group: str, request: HttpRequest) -> str:
    # Read at request time, so the limit can change in settings (and in tests) without a reload.
    return settings.RATELIMIT_CONTACT


# never_cache: the page collects a phone number, which must not stay in a shared cache.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(group="contact", key="ip", rate=_contact_rate, method="POST")
def contact(request: HttpRequest) -> HttpResponse:
    locations = list(selectors.active_locations())
    if request.method == "POST":
        form = CallbackRequestForm(request.POST, locations=locations)
        if form.is_valid():
            callback_request_create(
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                preferred_time=form.cleaned_data["preferred_time"],
                preferred_location=form.cleaned_location(),
            )
            return redirect("contact_thanks")
    else:
        form = CallbackRequestForm(locations=locations)
    return render(request, "public/contact.html", {"form": form})


@require_safe
def contact_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "public/contact_thanks.html")

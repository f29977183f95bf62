"""A refused form (CSRF check failed) explains itself, and an intake step keeps what was typed.

Django's default answer is a bare "403 Forbidden" page. For a person filling in the screening
slowly that would be a dead end with everything typed lost. The usual cause is a browser that
dropped its cookies while the page stood open. Here the step is shown again with the posted
answers in the form and a note to check them and continue: nothing is saved from the refused
request itself (its origin is unproven); the new page carries a fresh token, so pressing
Continue saves through the normal, checked path. Any other form gets a friendly page.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy

from screening.intake import forms as intake_forms
from screening.intake import medicine_views
from screening.intake import views as intake
from screening.intake.steps import BY_SLUG

FORBIDDEN = 403
EXPIRED_MESSAGE = gettext_lazy(
    "For your security, this page had expired before it was sent, so your answers on it were "
    "not saved yet. They are still below: please check them and press the button again."
)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW. `reason` is Django's technical reason; it is not shown to anyone."""
    if request.method == "POST":
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        if match is not None and match.url_name == "intake_start":
            return _start_again(request)
        url_name = (match.url_name or "") if match is not None else ""
        if match is not None and url_name.startswith("intake_medicine_"):
            page = _medicine_again(request, url_name, match.kwargs.get("number", 0))
            if page is not None:
                return page
        if match is not None and match.url_name == "intake_step":
            page = _step_again(request, match.kwargs.get("slug", ""))
            if page is not None:
                return page
    return render(request, "403_csrf.html", status=FORBIDDEN)


def _start_again(request: HttpRequest) -> HttpResponse:
    draft = intake.current_draft(request)
    form = intake_forms.StartForm(request.POST)
    messages.warning(request, EXPIRED_MESSAGE)
    context = intake.step_context(request, draft, "start")
    context.update(form=form, errors=intake.error_summary(form), draft=draft)
    return render(request, "intake/start.html", context, status=FORBIDDEN)


def _medicine_again(request: HttpRequest, url_name: str, number: int) -> HttpResponse | None:
    draft = intake.current_draft(request)
    if draft is None:
        return None
    messages.warning(request, EXPIRED_MESSAGE)
    return medicine_views.refused_again(request, draft, url_name, number)


def _step_again(request: HttpRequest, slug: str) -> HttpResponse | None:
    draft = intake.current_draft(request)
    if draft is None:
        # No draft on this device any more (cookies gone): the friendly page offers the
        # resume link, which brings the saved answers back.
        return None
    entry = BY_SLUG.get(slug)
    if entry is None or entry.form is None:
        return None
    messages.warning(request, EXPIRED_MESSAGE)
    form = entry.form(request.POST, **entry.form_kwargs())
    return intake.render_step(request, draft, slug, form, status=FORBIDDEN)

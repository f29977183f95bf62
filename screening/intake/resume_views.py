"""Resume links: opening an emailed link on any device, and asking for a new one.

A link is exchanged for a session and dropped from the address bar by a redirect at once; the
request for one answers the same whatever the address (the lookup happens in the outbox).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from screening.intake import access as patient_access
from screening.intake import forms
from screening.intake import services as intake
from screening.intake.views import error_summary, remember_device
from screening.pages.languages import remember_patient_language
from screening.security.rates import limited

RESUME_PROBLEMS = {
    "unknown": gettext_lazy("This link doesn't work. It may have been copied only in part."),
    "used": gettext_lazy(
        "This link has already been used. Each link works once, to keep your answers safe."
    ),
    "expired": gettext_lazy("This link has expired. Links work for {days} days."),
    "changed": gettext_lazy(
        "This link no longer works, because the email address in the screening was changed. "
        "To keep your answers safe, each link only works for the address we sent it to."
    ),
}


@never_cache
@require_safe
def resume(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "HEAD":
        # Mail scanners and link checkers probe with HEAD: only a GET uses up the link
        # (issue 14 item 10).
        return HttpResponse()
    try:
        opened = patient_access.resume_link_open(token=token, now=timezone.now())
    except intake.ResumeLinkInvalid as problem:
        return render(
            request,
            "intake/resume_problem.html",
            {
                "problem": str(RESUME_PROBLEMS[problem.reason]).format(
                    days=settings.RESUME_LINK_VALID_DAYS
                ),
                "form": forms.ResumeRequestForm(),
            },
            status=410 if problem.reason != "unknown" else 404,
        )
    # The draft is now this browser's alone: every other session and device has lost it.
    request.session.cycle_key()
    patient_access.session_grant_draft(request.session, opened.submission)
    # Redirect at once, so the token leaves the address bar and the browser history.
    response = redirect("intake_continue")
    remember_device(response, opened.device_key)
    remember_patient_language(request, response, opened.submission.language)  # issue 19
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limited(group="intake_resume_request", setting="RATELIMIT_RESUME_REQUEST")
def resume_request(request: HttpRequest) -> HttpResponse:
    form = forms.ResumeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        intake.resume_link_request(email=form.cleaned_data["email"], now=timezone.now())
        # The same page whether or not a draft has this address (issue 14 item 11).
        minutes = settings.RESUME_EMAIL_MIN_INTERVAL_MINUTES
        return render(request, "intake/resume_requested.html", {"minutes": minutes})
    errors = error_summary(form) if form.is_bound else []
    return render(request, "intake/resume_request.html", {"form": form, "errors": errors})

"""After an urgent answer on a draft with no way to reach the person: crisis help, and a kind
ask for a phone number (issue 14 item 6). Staff are paged once a number is given."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from screening.intake import services as intake
from screening.intake import urgent_contact
from screening.intake.call_me_forms import CallMeForm
from screening.intake.kept_typing import keeps_typing, shown_as_typed
from screening.intake.presenters import intake_result_summary
from screening.intake.views import (
    RETURN_TO_REVIEW,
    crisis_panel_once,
    draft_required,
    error_summary,
    step_url,
    submitted_here,
)
from screening.models import Submission


def _next_url(request: HttpRequest) -> str:
    if request.GET.get("return") == RETURN_TO_REVIEW:
        return reverse("intake_review")
    return step_url("gad7")  # the step after the PHQ-9, where the person was going


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@draft_required
@keeps_typing
def call_me(request: HttpRequest, draft: Submission) -> HttpResponse:
    if not urgent_contact.draft_needs_phone(submission_id=draft.pk):
        return redirect(_next_url(request))
    form = shown_as_typed(request, CallMeForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        intake.draft_save_phone(
            submission_id=draft.pk, phone=form.cleaned_data["phone"], now=timezone.now()
        )
        return redirect(_next_url(request))
    crisis_panel_once(request, draft)  # this page shows the full panel; later ones one line
    context = {
        "form": form,
        "errors": error_summary(form),
        "next_url": _next_url(request),
        "can_sign_out": True,
    }
    return render(request, "intake/call_me.html", context, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def result_phone(request: HttpRequest) -> HttpResponse:
    """The number given on the result page by someone flagged urgent who gave none (issue 16
    item 6). Only the session that was shown the result may add it; a GET goes to the result."""
    found = submitted_here(request)
    if found is None:
        return redirect("intake_start")
    if request.method != "POST":
        return redirect("intake_result")
    form = CallMeForm(request.POST)
    if form.is_valid():
        intake.submission_save_phone(
            submission_id=found.pk, phone=form.cleaned_data["phone"], now=timezone.now()
        )
        messages.success(request, _("Thank you. We have your number and will call you."))
        return redirect("intake_result")
    submission = Submission.objects.select_related(
        "current_determination", "preferred_location"
    ).get(pk=found.pk)
    context = {
        **intake_result_summary(submission),
        "can_sign_out": True,
        "phone_form": form,
        "errors": error_summary(form),
    }
    return render(request, "intake/result.html", context, status=400)

"""After an urgent answer on a draft with no way to reach the person: crisis help, and a kind
ask for a phone number (issue 14 item 6). Staff are paged once a number is given."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from screening.intake import services as intake
from screening.intake import urgent_contact
from screening.intake.call_me_forms import CallMeForm
from screening.intake.views import RETURN_TO_REVIEW, draft_required, error_summary, step_url
from screening.models import Submission


def _next_url(request: HttpRequest) -> str:
    if request.GET.get("return") == RETURN_TO_REVIEW:
        return reverse("intake_review")
    return step_url("gad7")  # the step after the PHQ-9, where the person was going


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@draft_required
def call_me(request: HttpRequest, draft: Submission) -> HttpResponse:
    if not urgent_contact.draft_needs_phone(submission_id=draft.pk):
        return redirect(_next_url(request))
    form = CallMeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        intake.draft_save_phone(
            submission_id=draft.pk, phone=form.cleaned_data["phone"], now=timezone.now()
        )
        return redirect(_next_url(request))
    context = {
        "form": form,
        "errors": error_summary(form),
        "next_url": _next_url(request),
        "can_sign_out": True,
    }
    return render(request, "intake/call_me.html", context, status=400 if form.errors else 200)

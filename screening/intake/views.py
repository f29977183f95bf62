"""The patient intake: one page and one form per step, saved to the draft at once.

The draft is found through the session, or on the same device through a cookie holding a random
key (only its hash is stored). No personal data ever appears in a URL; resume tokens are
exchanged for a session and dropped by a redirect.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from screening.intake import access as patient_access
from screening.intake import forms, urgent_contact
from screening.intake import services as intake
from screening.intake.access import SESSION_SUBMITTED
from screening.intake.call_me_forms import CallMeForm
from screening.intake.kept_typing import keeps_typing, shown_as_typed
from screening.intake.presenters import intake_result_summary, intake_review_sections
from screening.intake.steps import (
    BY_SLUG,
    PHQ9_STEP,
    STEP_SLUGS,
    STEPS,
    next_step,
    previous_step,
    step_number,
)
from screening.models import Consent, ScaleResponse, Submission
from screening.security.rates import limited

DEVICE_COOKIE = "intake_device"
DEVICE_COOKIE_MAX_AGE = 60 * 60 * 24 * settings.DRAFT_PURGE_AFTER_DAYS
RETURN_TO_REVIEW = "review"


def current_draft(request: HttpRequest) -> Submission | None:
    """The draft this browser may open: its session's (while no link has moved the draft on
    since), else the one this device's cookie finds (issue 14 item 1)."""
    draft = patient_access.session_draft(request.session)
    if draft:
        return draft
    draft = patient_access.draft_for_device(request.COOKIES.get(DEVICE_COOKIE, ""))
    if draft:
        patient_access.session_grant_draft(request.session, draft)
    return draft


def submitted_here(request: HttpRequest) -> Submission | None:
    """The intake this browser submitted, even when the response that said so was lost
    (issue 13): the result this session was given, or the draft it held if submitted since under
    the same access (issue 14 item 1), or, for SUBMITTED_FOUND_BY_DEVICE_HOURS, the device
    cookie a successful submit would have deleted. A retried submit or the result URL then
    shows the result, never step 1 again."""
    found = patient_access.session_result(request.session)
    found = found or patient_access.session_submitted_draft(request.session)
    if found is not None:
        return found
    return patient_access.submitted_for_device(
        request.COOKIES.get(DEVICE_COOKIE, ""), now=timezone.now()
    )


def grant_result(request: HttpRequest, submission: Submission, response: HttpResponse) -> None:
    """This session alone may show the result now, until the browser closes (issue 14 item 12);
    the device cookie goes, so the next user of a shared computer finds nothing."""
    patient_access.session_drop_draft(request.session)
    patient_access.session_grant_result(request.session, submission)
    request.session.set_expiry(0)
    response.delete_cookie(DEVICE_COOKIE)


def show_result(request: HttpRequest, submission: Submission) -> HttpResponse:
    response = redirect("intake_result")
    grant_result(request, submission, response)
    return response


def remember_device(response: HttpResponse, device_key: str) -> None:
    response.set_cookie(
        DEVICE_COOKIE,
        device_key,
        max_age=DEVICE_COOKIE_MAX_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


LOST_DRAFT_MESSAGE = gettext_lazy(
    "Your screening is now open somewhere else, because the link we emailed was opened. "
    "If that was you, please carry on there."
)


def draft_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        had_draft = patient_access.session_holds_draft(request.session)
        draft = current_draft(request)
        if draft is None:
            submitted = submitted_here(request)
            if submitted is not None:
                return show_result(request, submitted)
            if had_draft:  # opened from the emailed link somewhere else since
                patient_access.session_drop_draft(request.session)
                messages.info(request, LOST_DRAFT_MESSAGE)
            else:
                messages.info(request, "Let's start at the beginning.")
            return redirect("intake_start")
        return view(request, draft, *args, **kwargs)

    return wrapper


def after_save(request: HttpRequest, slug: str) -> HttpResponse:
    if request.GET.get("return") == RETURN_TO_REVIEW:
        return redirect("intake_review")
    return redirect(step_url(next_step(slug)))


def call_me_url(request: HttpRequest) -> str:
    url = reverse("intake_call_me")
    if request.GET.get("return") == RETURN_TO_REVIEW:
        url += f"?return={RETURN_TO_REVIEW}"
    return url


def step_url(slug: str) -> str:
    if slug == "start":
        return reverse("intake_start")
    if slug == "review":
        return reverse("intake_review")
    return reverse("intake_step", args=[slug])


def error_summary(form: Any, prefix: str = "") -> list[tuple[str, str]]:
    """(anchor id, message) for every error, so the summary at the top links to each field."""
    items: list[tuple[str, str]] = [("", f"{prefix}{error}") for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            anchor = field.auto_id + ("_0" if field.field.widget.use_fieldset else "")
            items.append((anchor, f"{prefix}{field.label}: {error}"))
    return items


CRISIS_PANEL_SHOWN = "intake_crisis_panel_shown"


def crisis_panel_once(request: HttpRequest, draft: Submission) -> bool:
    """True the first time this session shows crisis help for this draft (the full panel);
    afterwards the pages carry a one-line reminder (issue 16 item 6)."""
    shown = request.session.get(CRISIS_PANEL_SHOWN)
    if shown == draft.pk:
        return False
    request.session[CRISIS_PANEL_SHOWN] = draft.pk
    return True


def step_context(request: HttpRequest, draft: Submission | None, slug: str) -> dict[str, Any]:
    previous = previous_step(slug)
    show_crisis = (
        draft is not None
        and STEP_SLUGS.index(slug) > STEP_SLUGS.index(PHQ9_STEP)
        and item9_positive(draft)
    )
    return {
        "step": BY_SLUG[slug],
        "step_number": step_number(slug),
        "step_count": len(STEPS),
        "back_url": step_url(previous) if previous else reverse("landing"),
        "return_to_review": request.GET.get("return") == RETURN_TO_REVIEW,
        "can_sign_out": draft is not None,
        "show_crisis_panel": show_crisis,
        "crisis_panel_full": bool(show_crisis and draft and crisis_panel_once(request, draft)),
    }


def item9_positive(draft: Submission) -> bool:
    return ScaleResponse.objects.filter(
        submission=draft,
        scale=ScaleResponse.Scale.PHQ9,
        source=ScaleResponse.Source.INTAKE,
        item9_positive=True,
    ).exists()


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limited(group="intake_start", setting="RATELIMIT_INTAKE_START")
@keeps_typing
def start(request: HttpRequest) -> HttpResponse:
    draft = current_draft(request)
    initial = {}
    if draft:
        initial = {
            "privacy": draft.has_consent(Consent.Kind.PRIVACY),
            "adult": forms.YES if draft.has_consent(Consent.Kind.ADULT) else None,
            "email_reminders": draft.has_consent(Consent.Kind.EMAIL_REMINDERS),
            "sms_reminders": draft.has_consent(Consent.Kind.SMS_REMINDERS),
        }
    form = shown_as_typed(request, forms.StartForm(request.POST or None, initial=initial))
    if request.method == "POST" and form.is_valid():
        if not form.is_adult():
            return redirect("intake_under_18")
        consents = intake.ConsentAnswers(
            privacy=True,
            adult=True,
            email_reminders=form.cleaned_data["email_reminders"],
            sms_reminders=form.cleaned_data["sms_reminders"],
        )
        now = timezone.now()
        if draft:
            intake.draft_save_consents(submission_id=draft.pk, consents=consents, now=now)
            return after_save(request, "start")
        draft, device_key = intake.draft_start(consents=consents, now=now)
        request.session.cycle_key()  # a fresh session for a fresh draft
        patient_access.session_grant_draft(request.session, draft)
        request.session.pop(SESSION_SUBMITTED, None)
        response = after_save(request, "start")
        remember_device(response, device_key)
        return response
    context = step_context(request, draft, "start")
    context.update(form=form, errors=error_summary(form), draft=draft)
    return render(request, "intake/start.html", context)


@require_safe
def under_18(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/under_18.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@draft_required
@keeps_typing
def step(request: HttpRequest, draft: Submission, slug: str) -> HttpResponse:
    entry = BY_SLUG.get(slug)
    if entry is None or entry.form is None or entry.storage is None:
        raise Http404
    data: Any = request.POST or None
    if entry.skippable and request.POST.get("action") == "skip":
        data = {}  # "Skip": saved with nothing answered, whatever was typed
    form = entry.form(
        # On a GET, request.POST holds the typing a language switch kept (kept_typing.py).
        data,
        initial=entry.storage.initial(draft),
        **entry.form_kwargs(),
    )
    form = shown_as_typed(request, form)
    if request.method == "POST" and form.is_valid():
        entry.storage.save(draft, form)
        if slug == PHQ9_STEP and urgent_contact.draft_needs_phone(submission_id=draft.pk):
            # Crisis help at once, and a kind ask for a way to reach them (issue 14 item 6).
            return redirect(call_me_url(request))
        return after_save(request, slug)
    return render_step(request, draft, slug, form)


def render_step(
    request: HttpRequest, draft: Submission, slug: str, form: Any, status: int = 200
) -> HttpResponse:
    entry = BY_SLUG[slug]
    context = step_context(request, draft, slug)
    context.update(form=form, errors=error_summary(form), **entry.page_text)
    return render(request, entry.template, context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@draft_required
def review(request: HttpRequest, draft: Submission) -> HttpResponse:
    if request.method == "POST":
        try:
            submission = intake.submission_submit(submission_id=draft.pk, now=timezone.now())
        except intake.IntakeIncomplete as incomplete:
            messages.error(request, "A few questions still need an answer before you can submit.")
            return redirect(step_url(incomplete.missing[0]))
        return show_result(request, submission)
    context = step_context(request, draft, "review")
    context.update(
        sections=intake_review_sections(draft, STEPS),
        missing=intake.missing_steps(draft),
    )
    return render(request, "intake/review.html", context)


@never_cache
@require_safe
def result(request: HttpRequest) -> HttpResponse:
    found = submitted_here(request)
    if found is None:
        return redirect("intake_start")
    submission = Submission.objects.select_related(
        "current_determination", "preferred_location"
    ).get(pk=found.pk)
    context = {**intake_result_summary(submission), "can_sign_out": True}
    if context["needs_phone"]:
        context["phone_form"] = CallMeForm()
    response = render(request, "intake/result.html", context)
    grant_result(request, submission, response)
    return response


@never_cache
@require_safe
def continue_draft(request: HttpRequest) -> HttpResponse:
    draft = current_draft(request)
    if draft is None:
        return redirect("intake_start")
    missing = intake.missing_steps(draft)
    return redirect(step_url(missing[0] if missing else "review"))

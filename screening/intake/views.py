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
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from screening import criteria
from screening.intake import forms, medicine_forms
from screening.intake import services as intake
from screening.intake.facts import answers_of
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
SESSION_DRAFT = "intake_draft"
SESSION_SUBMITTED = "intake_submitted"
RETURN_TO_REVIEW = "review"


def current_draft(request: HttpRequest) -> Submission | None:
    pk = request.session.get(SESSION_DRAFT)
    if pk:
        draft = Submission.objects.filter(pk=pk, state=Submission.State.DRAFT).first()
        if draft:
            return draft
    draft = intake.draft_for_device(request.COOKIES.get(DEVICE_COOKIE, ""))
    if draft:
        request.session[SESSION_DRAFT] = draft.pk
    return draft


def submitted_here(request: HttpRequest) -> Submission | None:
    """The intake this session or device submitted, even when the response that said so was
    lost (the session still names the draft, or only the device cookie is left): a retried
    submit or the result URL shows the result, never step 1 again (issue 13)."""
    for key in (SESSION_SUBMITTED, SESSION_DRAFT):
        pk = request.session.get(key)
        if pk:
            found = Submission.objects.filter(pk=pk, state=Submission.State.SUBMITTED).first()
            if found:
                return found
    return intake.submitted_for_device(request.COOKIES.get(DEVICE_COOKIE, ""), now=timezone.now())


def show_result(request: HttpRequest, submission: Submission) -> HttpResponse:
    request.session.pop(SESSION_DRAFT, None)
    request.session[SESSION_SUBMITTED] = submission.pk
    response = redirect("intake_result")
    response.delete_cookie(DEVICE_COOKIE)
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


def draft_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        draft = current_draft(request)
        if draft is None:
            submitted = submitted_here(request)
            if submitted is not None:
                return show_result(request, submitted)
            messages.info(request, "Let's start at the beginning.")
            return redirect("intake_start")
        return view(request, draft, *args, **kwargs)

    return wrapper


def after_save(request: HttpRequest, slug: str) -> HttpResponse:
    if request.GET.get("return") == RETURN_TO_REVIEW:
        return redirect("intake_review")
    return redirect(step_url(next_step(slug)))


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


def step_context(request: HttpRequest, draft: Submission | None, slug: str) -> dict[str, Any]:
    previous = previous_step(slug)
    return {
        "step": BY_SLUG[slug],
        "step_number": step_number(slug),
        "step_count": len(STEPS),
        "back_url": step_url(previous) if previous else reverse("landing"),
        "return_to_review": request.GET.get("return") == RETURN_TO_REVIEW,
        "show_crisis_panel": draft is not None
        and STEP_SLUGS.index(slug) > STEP_SLUGS.index(PHQ9_STEP)
        and item9_positive(draft),
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
    form = forms.StartForm(request.POST or None, initial=initial)
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
        request.session[SESSION_DRAFT] = draft.pk
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
def step(request: HttpRequest, draft: Submission, slug: str) -> HttpResponse:
    if slug == "medications":
        return medications(request, draft)
    entry = BY_SLUG.get(slug)
    if entry is None or entry.form is None or entry.storage is None:
        raise Http404
    form = entry.form(
        request.POST or None, initial=entry.storage.initial(draft), **entry.form_kwargs()
    )
    if request.method == "POST" and form.is_valid():
        entry.storage.save(draft, form)
        return after_save(request, slug)
    return render_step(request, draft, slug, form)


def render_step(
    request: HttpRequest, draft: Submission, slug: str, form: Any, status: int = 200
) -> HttpResponse:
    entry = BY_SLUG[slug]
    context = step_context(request, draft, slug)
    context.update(form=form, errors=error_summary(form), **entry.page_text)
    return render(request, entry.template, context, status=status)


def medications(request: HttpRequest, draft: Submission) -> HttpResponse:
    """The list of antidepressants tried. "Add another" is a server round trip, so it works
    without JavaScript and keeps everything typed."""
    if request.method == "POST":
        data = request.POST.copy()
        if data.get("action") == "add":
            try:
                total = int(data.get("form-TOTAL_FORMS") or 0)
            except ValueError:  # a tampered count: the formset reports it, nothing is added
                total = medicine_forms.MAX_TRIALS
            if total < medicine_forms.MAX_TRIALS:
                data["form-TOTAL_FORMS"] = str(total + 1)
            formset = medicine_forms.TrialFormSet(data)
            return render_medications(request, draft, formset, errors=[], focus_last=True)
        formset = medicine_forms.TrialFormSet(data)
        if formset.is_valid():
            intake.draft_save_trials(
                submission_id=draft.pk, trials=formset.trials(), now=timezone.now()
            )
            return after_save(request, "medications")
        errors = [("", str(e)) for e in formset.non_form_errors()]
        for number, form in enumerate(formset.forms, start=1):
            errors.extend(error_summary(form, prefix=f"Medicine {number} — "))
        return render_medications(request, draft, formset, errors=errors)
    stored = answers_of(draft).trials
    initial = [medicine_forms.TrialForm.initial_from(trial) for trial in stored]
    formset = medicine_forms.TrialFormSet(initial=initial)
    if not initial:
        formset.extra = 1  # one empty row to start with
    return render_medications(request, draft, formset, errors=[])


def render_medications(
    request: HttpRequest,
    draft: Submission,
    formset: Any,
    *,
    errors: list[tuple[str, str]],
    focus_last: bool = False,
) -> HttpResponse:
    context = step_context(request, draft, "medications")
    context.update(
        formset=formset,
        errors=errors,
        suggestions=criteria.suggestion_names(include_augmenters=True),
        can_add=formset.total_form_count() < medicine_forms.MAX_TRIALS,
        focus_last=focus_last,
        max_trials=medicine_forms.MAX_TRIALS,
    )
    return render(request, "intake/medications.html", context)


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
    request.session[SESSION_SUBMITTED] = found.pk
    submission = Submission.objects.select_related(
        "current_determination", "preferred_location"
    ).get(pk=found.pk)
    response = render(request, "intake/result.html", intake_result_summary(submission))
    response.delete_cookie(DEVICE_COOKIE)  # the session holds it now
    return response


@never_cache
@require_safe
def continue_draft(request: HttpRequest) -> HttpResponse:
    draft = current_draft(request)
    if draft is None:
        return redirect("intake_start")
    missing = intake.missing_steps(draft)
    return redirect(step_url(missing[0] if missing else "review"))


RESUME_PROBLEMS = {
    "unknown": "This link doesn't work. It may have been copied only in part.",
    "used": "This link has already been used. Each link works once, to keep your answers safe.",
    "expired": "This link has expired. Links work for {days} days.",
}


@never_cache
@require_safe
def resume(request: HttpRequest, token: str) -> HttpResponse:
    try:
        draft = intake.resume_link_redeem(token=token, now=timezone.now())
    except intake.ResumeLinkInvalid as problem:
        return render(
            request,
            "intake/resume_problem.html",
            {
                "problem": RESUME_PROBLEMS[problem.reason].format(
                    days=settings.RESUME_LINK_VALID_DAYS
                ),
                "form": forms.ResumeRequestForm(),
            },
            status=410 if problem.reason != "unknown" else 404,
        )
    request.session.cycle_key()
    request.session[SESSION_DRAFT] = draft.pk
    # Redirect at once, so the token leaves the address bar and the browser history.
    response = redirect("intake_continue")
    remember_device(response, intake.draft_new_device_key(submission_id=draft.pk))
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limited(group="intake_resume_request", setting="RATELIMIT_RESUME_REQUEST")
def resume_request(request: HttpRequest) -> HttpResponse:
    form = forms.ResumeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        intake.resume_link_request(email=form.cleaned_data["email"], now=timezone.now())
        return render(request, "intake/resume_requested.html")
    return render(request, "intake/resume_request.html", {"form": form})

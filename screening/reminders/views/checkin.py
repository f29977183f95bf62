"""Symptom check-ins: a one-page PHQ-9 reached from the link in a check-in email.

The link's single-use token is exchanged for a session at once and dropped by a redirect, so it
never stays in the address bar, the history or a Referer. Every page here is `no-store`.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from screening.intake import access as patient_access
from screening.intake.scales import PHQ9_ATTRIBUTION, STEM, Phq9Form
from screening.pages.languages import remember_patient_language
from screening.reminders import checkins
from screening.security.rates import limited

SESSION_LINK = "checkin_link"
SESSION_DONE = "checkin_done"

LINK_PROBLEMS = {
    "unknown": _("This check-in link does not work. It may have been copied only in part."),
    "used": _("This check-in link has already been used. Each link works once."),
    "expired": _("This check-in link has expired."),
    "no_session": _("We could not find your check-in. Please open the link from your email again."),
}


# A link that never existed is not found; one that did is gone. Arriving at /checkin/ without
# a link (a bookmark, a second visit) is a normal page that says where to start.
PROBLEM_STATUS = {"unknown": 404, "used": 410, "expired": 410, "no_session": 200}


def _problem(request: HttpRequest, reason: str) -> HttpResponse:
    return render(
        request,
        "checkin/link_problem.html",
        {"problem": LINK_PROBLEMS[reason], "no_link": reason == "no_session"},
        status=PROBLEM_STATUS[reason],
    )


def _error_summary(form: Phq9Form) -> list[tuple[str, str]]:
    """(anchor id, message) for each error, so the summary at the top links to the question."""
    return [
        (f"{field.auto_id}_0", f"{field.label}: {error}")
        for field in form
        for error in field.errors
    ]


@never_cache
@require_safe
def checkin_start(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "HEAD":
        # Link checkers and mail scanners probe with HEAD: that must not use up the link.
        return HttpResponse()
    try:
        opened = checkins.checkin_link_open(token=token, now=timezone.now())
    except checkins.CheckinLinkInvalid as problem:
        return _problem(request, problem.reason)
    # A new session key for whoever holds the link (no session fixation), then drop the token.
    # Every earlier session of this case (a result page, an earlier check-in) has ended.
    request.session.cycle_key()
    request.session[SESSION_LINK] = opened.link.pk
    request.session[patient_access.SESSION_CHECKIN_EPOCH] = opened.epoch
    request.session.pop(SESSION_DONE, None)
    response = redirect("checkin")
    remember_patient_language(request, response, opened.link.submission.language)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limited(group="checkin", setting="RATELIMIT_CHECKIN")
def checkin(request: HttpRequest) -> HttpResponse:
    link_id = request.session.get(SESSION_LINK)
    link = checkins.checkin_open_link(link_id=link_id) if link_id else None
    if link is not None and not patient_access.checkin_session_valid(request.session, link):
        link = None  # a later link was opened elsewhere (issue 14 item 1)
    if link is None:
        if SESSION_DONE in request.session:
            return redirect("checkin_done")
        return _problem(request, "no_session")
    form = Phq9Form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            response = checkins.checkin_record(
                link_id=link.pk,
                answers=form.answers(),
                functional_difficulty=form.cleaned_data.get("functional_difficulty") or "",
                now=timezone.now(),
            )
        except checkins.CheckinLinkInvalid:
            return _problem(request, "used")
        del request.session[SESSION_LINK]
        request.session[SESSION_DONE] = {"crisis": response.item9_positive}
        return redirect("checkin_done")
    context: dict[str, Any] = {
        "form": form,
        "stem": STEM,
        "attribution": PHQ9_ATTRIBUTION,
        "first_name": link.submission.first_name,
        "errors": _error_summary(form) if form.is_bound else [],
    }
    return render(request, "checkin/form.html", context, status=400 if form.is_bound else 200)


@never_cache
@require_safe
def checkin_done(request: HttpRequest) -> HttpResponse:
    done = request.session.get(SESSION_DONE)
    if done is None:
        return _problem(request, "no_session")
    return render(request, "checkin/done.html", {"show_crisis_panel": bool(done.get("crisis"))})

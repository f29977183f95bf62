"""Who may open what in the staff workspace: every rule in one place (security.md items 1-3).

- Every staff page: signed in, second factor passed, in a staff group; never cached.
  Anonymous → the sign-in page; password only → the second-factor step.
- Coordinators: the queue, a case's contact details, workflow and notes, callback requests.
- Clinicians and admins: also clinical detail, re-evaluation, rule-out, urgent flags, exports.
- Admins: also the audit trail (and the admin site, see screening.staff.admin_site) and the
  outcomes page (counts by month).

Anything not allowed is a 404, exactly like something that does not exist, and is audited as a
permission failure. Each rule is one conditional on its own line so that tests can show each
is exercised.
"""

import re
from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.defaults import page_not_found

from screening.audit.services import audit_request, client_ip
from screening.models import AuditEvent, CallbackRequest, SavedQueueFilter, Submission
from screening.models.ids import PUBLIC_ID_LENGTH
from screening.staff.middleware import SIGNED_OUT_IDLE_ATTRIBUTE, SIGNED_OUT_USER_ATTRIBUTE
from screening.staff.roles import (
    ROLES,
    StaffRequest,
    may_audit,
    may_see_clinical,
    may_see_outcomes,
    role_of,
    second_factor_done,
    second_factor_skipped,
)
from screening.staff.selectors.case import case_for_staff
from screening.staff.services.kept_notes import kept_note_keep
from screening.staff.services.sessions import totp_device_for

View = Callable[..., HttpResponse]
PUBLIC_ID_SHAPE = re.compile(rf"[A-Za-z0-9_-]{{{PUBLIC_ID_LENGTH}}}")


def deny(
    request: HttpRequest, *, action: str, object_type: str = "", object_id: str = ""
) -> NoReturn:
    """Audit a permission failure and answer 404, as for something that does not exist.

    The id comes from the address as typed; it is kept only when it has the shape of our
    random ids, so whatever else someone types there (a name?) never reaches the audit trail.
    """
    audit_request(
        request,
        action=action,
        outcome=AuditEvent.Outcome.DENIED,
        object_type=object_type,
        object_id=object_id if PUBLIC_ID_SHAPE.fullmatch(object_id) else "",
    )
    raise Http404


def second_factor_step(request: HttpRequest) -> HttpResponse:
    """Where a signed-in person without a second factor goes: enrolment the first time."""
    step = "staff_verify" if totp_device_for(request.user) else "staff_enrol"
    return redirect_to_login(request.get_full_path(), login_url=reverse(step))


def signed_out_now(request: HttpRequest, *, keep_note_on: str = "") -> HttpResponse:
    """To the sign-in page. When this very request ended the session (idle or too old), say
    so, and keep the note it carried for the case `keep_note_on` (issue 18, item 4): the
    CSRF check has passed by now, so the note is the person's own. After signing in again they
    come back to that case's page, where the note is put back in the box."""
    signed_out = getattr(request, SIGNED_OUT_USER_ATTRIBUTE, None)
    # Back to this page after signing in; not to a form's POST-only address, which would
    # answer the GET with "method not allowed".
    next_url = request.get_full_path() if request.method == "GET" else reverse("staff_queue")
    if signed_out is not None:
        if getattr(request, SIGNED_OUT_IDLE_ATTRIBUTE, True):
            minutes = settings.STAFF_IDLE_TIMEOUT_MINUTES
            words = f"You were signed out after {minutes:g} minutes without activity."
        else:
            hours = settings.STAFF_SESSION_MAX_HOURS
            words = f"You were signed out: a session lasts {hours:g} hours at most."
        if keep_note_on and kept_note_keep(
            user=signed_out,
            public_id=keep_note_on,
            body=request.POST.get("body", ""),
            ip=client_ip(request),
            now=timezone.now(),
        ):
            words += " Your note is kept: sign in again and it will be back in the note box."
        messages.info(request, words)
    if keep_note_on:
        next_url = reverse("staff_case", args=[keep_note_on])
    return redirect_to_login(next_url, login_url=reverse("staff_login"))


def staff_page(action: str = "page_view", *, keeps_note: bool = False) -> Callable[[View], View]:
    """Decorate a staff view: no caching, sign-in, second factor, a staff role.

    `action` names what a refusal is audited as. The view gets a StaffRequest: its
    `staff_role` is the person's entry in screening.staff.roles.ROLES. `keeps_note`: the view
    takes a case's note (`body`), kept if the session ends just as it is sent.
    """

    def decorate(view: View) -> View:
        @never_cache
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return guarded(request, *args, **kwargs)
            except Http404 as not_found:
                # Rendered here so that never_cache marks the 404 too.
                return page_not_found(request, not_found)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                keep_on = kwargs.get("public_id", "") if keeps_note else ""
                posted = request.method == "POST" and PUBLIC_ID_SHAPE.fullmatch(keep_on or "")
                return signed_out_now(request, keep_note_on=keep_on if posted else "")
            if not second_factor_done(request):
                return second_factor_step(request)
            role = role_of(request.user)
            if role is None:
                deny(request, action=action)
            # For views and templates: what the role may see, and the demo banner (item 3).
            staff_request: StaffRequest = request  # type: ignore[assignment]
            staff_request.staff_role = ROLES[role]
            staff_request.staff_demo_skipped = second_factor_skipped(request)
            return view(staff_request, *args, **kwargs)

        return wrapper

    return decorate


def access_clinical(request: HttpRequest, *, action: str, object_id: str = "") -> None:
    """Clinical detail and clinical actions: clinicians and admins only."""
    if not may_see_clinical(role_of(request.user)):
        deny(request, action=action, object_type="submission", object_id=object_id)


def access_audit_trail(request: HttpRequest) -> None:
    if not may_audit(role_of(request.user)):
        deny(request, action="audit_view")


def access_outcomes(request: HttpRequest, *, action: str) -> None:
    """The outcomes page and its CSV: the roles whose entry says sees_outcomes (admins)."""
    if not may_see_outcomes(role_of(request.user)):
        deny(request, action=action)


def access_re_evaluation(request: HttpRequest, *, action: str, object_id: str = "") -> None:
    """Re-evaluating every open case (issue 17): the roles that may, admins today."""
    role = role_of(request.user)
    if role not in ROLES or not ROLES[role].re_evaluates_all:
        deny(request, action=action, object_type="re_evaluation_job", object_id=object_id)


def access_case(
    request: HttpRequest, public_id: str, *, action: str, clinical: bool = False
) -> Submission:
    """The submitted case with this public id, if this person may do `action` on it."""
    if clinical:
        access_clinical(request, action=action, object_id=public_id)
    case = case_for_staff(public_id)
    if case is None:
        deny(request, action=action, object_type="submission", object_id=public_id)
    return case


def access_saved_filter(request: HttpRequest, filter_id: str, *, action: str) -> SavedQueueFilter:
    """A saved queue filter belongs to the person who made it; anyone else gets a 404."""
    saved = SavedQueueFilter.objects.filter(public_id=filter_id, owner=request.user).first()
    if saved is None:
        deny(request, action=action, object_type="queue_filter", object_id=filter_id)
    return saved


def access_callback(request: HttpRequest, public_id: str) -> CallbackRequest:
    callback = CallbackRequest.objects.filter(public_id=public_id).first()
    if callback is None:
        deny(
            request, action="callback_handled", object_type="callback_request", object_id=public_id
        )
    return callback


def back_to_case(case: Submission, anchor: str = "") -> HttpResponse:
    url = reverse("staff_case", args=[case.public_id])
    return redirect(f"{url}#{anchor}" if anchor else url)

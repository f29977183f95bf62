"""Staff sign-in: username and password, then the TOTP code (QR enrolment the first time, only
after opening an admin-issued setup link).

Password alone reaches only the second-factor step; every staff page and the admin site also
need the code (security.md item 3). django-axes locks a username+IP after repeated wrong
passwords (item 4); django-otp throttles wrong codes and refuses a code used before.
"""

import base64
import re
from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from screening.audit.services import audit_request
from screening.staff.access import staff_page
from screening.staff.forms import SecondFactorForm, StaffLoginForm
from screening.staff.roles import StaffRequest, demo_skip_allowed, second_factor_done
from screening.staff.services import sessions as staff_sessions
from screening.staff.services import setup_links as staff_setup
from screening.staff.services.sessions import CodeCheck

WRONG_CODE = "That code is not right, or it was already used. Wait for the next code and try again."


def _next_url(request: HttpRequest) -> str:
    """Where to go after signing in: a local path only, never another site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("staff_queue")


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.user.is_authenticated and second_factor_done(request):
        return redirect(next_url)
    if request.user.is_authenticated and request.method == "GET":
        # Password already given in this session: the code is what is missing.
        return redirect(_with_next("staff_verify", next_url))
    form = StaffLoginForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            staff_sessions.staff_sign_in(request=request, user=form.get_user(), now=timezone.now())
            return redirect(_with_next("staff_verify", next_url))
        staff_sessions.staff_sign_in_failed(
            request=request,
            username=request.POST.get("username", "")[:150],
            locked_out=bool(getattr(request, "axes_locked_out", False)),
        )
    return render(request, "staff/login.html", {"form": form, "next": next_url})


def _second_factor_page(
    request: HttpRequest, template: str, form: SecondFactorForm, context: dict[str, Any]
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "form": form,
            "next": _next_url(request),
            "demo_skip_allowed": demo_skip_allowed(request.user),
            **context,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _explain(form: SecondFactorForm, result: staff_sessions.SecondFactorResult) -> bool:
    """Put the reason a code was refused beside the field; True when it was accepted."""
    if result.outcome == CodeCheck.THROTTLED:
        form.add_error(
            "token",
            f"Too many wrong codes. Wait {result.wait_seconds} seconds, then enter the newest"
            " code.",
        )
    elif result.outcome == CodeCheck.WRONG:
        form.add_error("token", WRONG_CODE)
    return result.outcome == CodeCheck.ACCEPTED


def _check_code(request: HttpRequest, form: SecondFactorForm, device: TOTPDevice) -> bool:
    """Check the posted code against the confirmed device; on failure explain beside the field."""
    if not form.is_valid():
        return False
    result = staff_sessions.second_factor_check(
        request=request, device=device, token=form.cleaned_data["token"]
    )
    return _explain(form, result)


@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    """The second step: the code from the authenticator app set up at first sign-in."""
    if not request.user.is_authenticated:
        return redirect("staff_login")
    if second_factor_done(request):
        return redirect(_next_url(request))
    device = staff_sessions.totp_device_for(request.user)
    if device is None:
        return redirect(_with_next("staff_enrol", _next_url(request)))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and _check_code(request, form, device):
        return redirect(_next_url(request))
    return _second_factor_page(request, "staff/verify.html", form, {})


def qr_svg(data: str) -> SafeString:
    """The QR code for `data` as an inline <svg> element (drawn here, no image request)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = image.to_string(encoding="unicode")
    # Sized by CSS, and named for screen readers; the key is also shown as text beside it.
    svg = re.sub(r'^<svg width="[^"]*" height="[^"]*"', "<svg", svg)
    svg = svg.replace(
        "<svg ", '<svg class="qr-code" role="img" aria-label="QR code for your app" ', 1
    )
    # Built from our own device URL, not from user input (bandit B308/B703 reviewed).
    return mark_safe(svg)  # nosec B308 B703


def _key_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for people who type it instead of scanning."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def enrol_view(request: HttpRequest) -> HttpResponse:
    """First sign-in: scan the QR code, then confirm with a code from the app. Only a session
    that opened an admin-issued setup link sees a QR code; each view of the page makes a new
    secret (issue 14 item 5)."""
    if not request.user.is_authenticated:
        return redirect("staff_login")
    if second_factor_done(request):
        return redirect(_next_url(request))
    if staff_sessions.totp_device_for(request.user) is not None:
        return redirect(_with_next("staff_verify", _next_url(request)))
    now = timezone.now()
    link = staff_setup.staff_setup_link_for(request=request, now=now)
    if link is None:
        return _second_factor_page(request, "staff/enrol_needs_link.html", SecondFactorForm(), {})
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST":
        device = staff_setup.totp_enrolment_device_shown(request=request)
        if device is None:
            # Replaced by a newer view of the page (another tab): show the newest one.
            return redirect(_with_next("staff_enrol", _next_url(request)))
        if form.is_valid():
            result = staff_setup.second_factor_enrol(
                request=request, link=link, device=device, token=form.cleaned_data["token"], now=now
            )
            if _explain(form, result):
                return redirect(_next_url(request))
    else:
        device = staff_setup.totp_enrolment_device_new(request=request)
    return _second_factor_page(
        request,
        "staff/enrol.html",
        form,
        {
            "qr_svg": qr_svg(device.config_url),
            "key_for_typing": _key_for_typing(device),
            "issuer": settings.OTP_TOTP_ISSUER,
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def setup_link_view(request: HttpRequest, token: str) -> HttpResponse:
    """An admin-issued setup link: exchanged once for a flag in this session, then away from the
    token URL at once. HEAD (link previews) spends nothing."""
    if request.method == "HEAD":
        return HttpResponse(status=200)
    try:
        staff_setup.staff_setup_link_open(request=request, token=token, now=timezone.now())
    except staff_setup.SetupLinkInvalid as problem:
        response = render(
            request,
            "staff/setup_link_problem.html",
            {"reason": problem.reason, "valid_hours": settings.STAFF_SETUP_LINK_VALID_HOURS},
            status=410 if problem.reason != "unknown" else 404,
        )
        # Django would log "Gone: /staff/login/setup/<token>/": keep the token out of logs.
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response
    if request.user.is_authenticated:
        return redirect("staff_enrol")
    return redirect(_with_next("staff_login", reverse("staff_enrol")))


@never_cache
@require_POST
def demo_skip_view(request: HttpRequest) -> HttpResponse:
    """DEBUG only, demo account only: go on without a code. Anyone else is sent back."""
    if not staff_sessions.second_factor_skip_for_demo(request=request):
        return redirect("staff_login")
    return redirect(_next_url(request))


@never_cache
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    staff_sessions.staff_sign_out(request=request)
    return render(request, "staff/logged_out.html")


@require_POST
@staff_page("session_extended")
def stay_signed_in_view(request: StaffRequest) -> HttpResponse:
    """The timeout warning's "Stay signed in" (static/js/staff-timeout.js posts here without
    reloading the page). Reaching this view has already moved the idle deadline on
    (screening.staff.middleware); the answer is empty. A session that had already ended gets
    the sign-in redirect instead, which the script takes as "signed out"."""
    audit_request(request, action="session_extended")
    return HttpResponse(status=204)

"""Staff sign-in and sign-out: password, then the TOTP second factor (security.md items 3-5).

Signing in gives a new session key; passing the second factor gives another (the session has
gained rights). Every session of a staff member is recorded, so that signing out ends all of
them, on every device. Each step is audited, failures included.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from screening.audit.services import audit_request
from screening.models import AuditEvent, StaffSession
from screening.staff.middleware import LOGIN_AT_KEY, SEEN_AT_KEY
from screening.staff.roles import DEMO_SKIP_SESSION_KEY, demo_skip_allowed

DEVICE_NAME = "Authenticator app"


class CodeCheck(Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"  # wrong, expired or already used
    THROTTLED = "throttled"  # too many wrong codes just now: wait before the next try


@dataclass(frozen=True)
class SecondFactorResult:
    outcome: CodeCheck
    wait_seconds: int = 0


def _session_store() -> type:
    return import_module(settings.SESSION_ENGINE).SessionStore


def staff_sign_in(*, request: HttpRequest, user: AbstractBaseUser, now: datetime) -> None:
    """The password was right: start a fresh session (new key) that still needs the TOTP step."""
    login(request, user)
    session = request.session
    session[LOGIN_AT_KEY] = now.timestamp()
    session[SEEN_AT_KEY] = now.timestamp()
    if session.session_key is None:
        session.save()
    with transaction.atomic():
        # Sessions past the absolute lifetime are dead anyway; forget them.
        StaffSession.objects.filter(
            user=user, started_at__lt=now - timedelta(hours=settings.STAFF_SESSION_MAX_HOURS)
        ).delete()
        StaffSession.objects.create(user=user, session_key=session.session_key, started_at=now)
        audit_request(request, action="login", user=user)


def staff_sign_in_failed(*, request: HttpRequest, username: str, locked_out: bool) -> None:
    """Audit a refused password. The username is kept only when such an account exists, so a
    password typed into the username box never lands in the audit trail."""
    # A NUL character cannot even be looked up in PostgreSQL (and no account has one).
    known = (
        get_user_model().objects.filter(username=username).first()
        if "\x00" not in username
        else None
    )
    audit_request(
        request,
        action="login",
        outcome=AuditEvent.Outcome.DENIED if locked_out else AuditEvent.Outcome.FAILED,
        user=known,
    )


def totp_device_for(user: AbstractBaseUser) -> TOTPDevice | None:
    """The staff member's confirmed authenticator, or None before enrolment."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def second_factor_check(
    *, request: HttpRequest, device: TOTPDevice, token: str, enrolling: bool = False
) -> SecondFactorResult:
    """Check a TOTP code against `device` with django-otp's throttling and replay protection.

    The device row is locked while checking, so one code cannot be used twice even by two
    requests at once. On success the session is marked verified under a new key; when
    `enrolling`, the device is confirmed as this person's authenticator.
    """
    user = request.user
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        allowed, info = locked.verify_is_allowed()
        accepted = allowed and locked.verify_token(token)
        if enrolling and locked.confirmed is False and totp_device_for(user) is not None:
            # Someone already has a confirmed authenticator: no second one (issue 14 item 5).
            accepted = False
        if accepted and enrolling:
            locked.confirmed = True
            locked.save(update_fields=["confirmed"])
    action = "second_factor_enrolled" if enrolling else "second_factor"
    if not accepted:
        audit_request(request, action=action, outcome=AuditEvent.Outcome.FAILED)
        if not allowed:
            wait = (info or {}).get("locked_until")
            seconds = max(1, int((wait - timezone.now()).total_seconds()) + 1) if wait else 1
            return SecondFactorResult(CodeCheck.THROTTLED, seconds)
        return SecondFactorResult(CodeCheck.WRONG)
    old_key = request.session.session_key
    otp_login(request, locked)
    request.session.cycle_key()
    StaffSession.objects.filter(session_key=old_key).update(session_key=request.session.session_key)
    audit_request(request, action=action)
    return SecondFactorResult(CodeCheck.ACCEPTED)


def second_factor_skip_for_demo(*, request: HttpRequest) -> bool:
    """Let the demo account in without a code, in DEBUG only. False for anyone else."""
    if not demo_skip_allowed(request.user):
        return False
    request.session[DEMO_SKIP_SESSION_KEY] = True
    audit_request(request, action="second_factor_skipped")
    return True


def staff_sign_out(*, request: HttpRequest) -> None:
    """End every session of this staff member, on every device (security.md item 5)."""
    user = request.user
    if user.is_authenticated:
        audit_request(request, action="logout")
        store = _session_store()
        with transaction.atomic():
            sessions = StaffSession.objects.select_for_update().filter(user=user)
            for session_key in sessions.values_list("session_key", flat=True):
                store(session_key=session_key).delete()
            sessions.delete()
    logout(request)

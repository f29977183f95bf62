"""The three staff roles (security.md item 1) and the second-factor state of a request.

Roles are Django groups made by a data migration. Pages ask `role_of` and the few `may_*`
questions below; nothing else in the app looks at groups.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest

COORDINATOR = "coordinator"  # contact details, workflow, notes; never clinical answers
CLINICIAN = "clinician"  # everything about a case
ADMIN = "admin"  # everything, plus users, locations, the active profile and the audit trail
ROLES = (COORDINATOR, CLINICIAN, ADMIN)
ROLE_LABELS = {COORDINATOR: "Intake coordinator", CLINICIAN: "Clinician", ADMIN: "Administrator"}

# In DEBUG only, the demo account may skip the TOTP step; the session remembers that it did.
DEMO_USERNAME = "demo"
DEMO_SKIP_SESSION_KEY = "staff_demo_second_factor_skipped"

_CACHE_ATTRIBUTE = "_staff_role"


def role_of(user: AbstractBaseUser | AnonymousUser) -> str | None:
    """The staff role of `user`, or None for anyone who is not staff. One query, then cached."""
    if not user.is_authenticated or not user.is_active:
        return None
    if not hasattr(user, _CACHE_ATTRIBUTE):
        setattr(user, _CACHE_ATTRIBUTE, _role_from_groups(user))
    return getattr(user, _CACHE_ATTRIBUTE)


def _role_from_groups(user: AbstractBaseUser) -> str | None:
    # A superuser made with createsuperuser counts as an admin, so a new install can get in.
    if getattr(user, "is_superuser", False):
        return ADMIN
    names = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
    # The widest role wins when someone is in several groups.
    for role in (ADMIN, CLINICIAN, COORDINATOR):
        if role in names:
            return role
    return None


def may_see_clinical(role: str | None) -> bool:
    return role in (CLINICIAN, ADMIN)


def may_audit(role: str | None) -> bool:
    return role == ADMIN


def demo_skip_allowed(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Only the demo account, only with DEBUG on (`make run`), may skip the second factor."""
    return settings.DEBUG and user.is_authenticated and user.get_username() == DEMO_USERNAME


def second_factor_done(request: HttpRequest) -> bool:
    """True once this session passed the TOTP step (or, in a demo, skipped it as allowed)."""
    user = request.user
    if getattr(user, "is_verified", None) and user.is_verified():
        return True
    return demo_skip_allowed(user) and bool(request.session.get(DEMO_SKIP_SESSION_KEY))


def second_factor_skipped(request: HttpRequest) -> bool:
    """True when this session is in without a TOTP code (the demo account in DEBUG)."""
    user = request.user
    verified = bool(getattr(user, "is_verified", None) and user.is_verified())
    return not verified and second_factor_done(request)

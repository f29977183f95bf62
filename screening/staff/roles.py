"""The staff roles (security.md item 1), in one table, and the second-factor state of a request.

Roles are Django groups (made by a data migration). Pages, access rules and templates ask what a
role may do through its entry here (`request.staff_role.sees_clinical`, `.audits`,
`.sees_outcomes`); nothing else in the app looks at groups. Adding a role: an entry in ROLES
and a data migration that creates its group (ARCHITECTURE.md).
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest

COORDINATOR = "coordinator"
CLINICIAN = "clinician"
ADMIN = "admin"


@dataclass(frozen=True)
class Role:
    name: str  # the Django group
    label: str
    what: str
    sees_clinical: bool = False  # PHQ-9 and GAD-7 answers, the determination, safety flags
    audits: bool = False  # the audit trail and the admin site
    sees_outcomes: bool = False  # the outcomes page: counts by month, never a person (issue 18)
    re_evaluates_all: bool = False  # re-evaluate every open case under a profile (issue 17)


# Narrowest first: someone in several groups gets the widest (the last that matches).
ROLES: dict[str, Role] = {
    role.name: role
    for role in (
        Role(COORDINATOR, "Intake coordinator", "contact details, workflow, notes"),
        Role(CLINICIAN, "Clinician", "everything about a case", sees_clinical=True),
        Role(
            ADMIN,
            "Administrator",
            "everything, plus users, locations, the active profile and the audit trail",
            sees_clinical=True,
            audits=True,
            sees_outcomes=True,
            re_evaluates_all=True,
        ),
    )
}
ROLE_LABELS = {name: role.label for name, role in ROLES.items()}


class StaffRequest(HttpRequest):
    """A request that passed `staff_page` (screening/staff/access.py): what it adds, typed."""

    staff_role: Role
    staff_demo_skipped: bool


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
    for name in reversed(ROLES):
        if name in names:
            return name
    return None


def may_see_clinical(role: str | None) -> bool:
    return role in ROLES and ROLES[role].sees_clinical


def may_audit(role: str | None) -> bool:
    return role in ROLES and ROLES[role].audits


def may_see_outcomes(role: str | None) -> bool:
    return role in ROLES and ROLES[role].sees_outcomes


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

"""Setting up a first authenticator only with an admin-issued link (issue 14 item 5).

Before, the QR code was shown after the password alone and stayed the same until confirmed, so
anyone who held the password then could scan it and keep a working second factor. Now:

- An admin issues a setup link for the person (admin site, user list, or `manage.py
  staff_setup_link`). Its token is opaque and random, shown once, stored only as a hash; it
  works once and for STAFF_SETUP_LINK_VALID_HOURS. Issuing one voids the person's earlier links.
- Opening it puts a flag in that browser's session and redirects away from the token URL.
- Only a session that is signed in as that person and holds the flag sees a QR code, and every
  view of the page makes a new secret, replacing the person's one unconfirmed device.
- Nobody with a confirmed authenticator can enrol another: an admin deletes the old one first.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from screening.audit.services import audit_record, audit_request
from screening.models import StaffSetupLink
from screening.security.links import LinkRefused, link_create, link_spend
from screening.staff.services.sessions import (
    DEVICE_NAME,
    CodeCheck,
    SecondFactorResult,
    second_factor_check,
    totp_device_for,
)

SETUP_LINK_SESSION_KEY = "staff_setup_link_id"
ENROL_DEVICE_SESSION_KEY = "staff_enrol_device_id"


class SetupLinkInvalid(LinkRefused):
    """unknown, used, expired, or enrolled (the person already has an authenticator)."""


class AlreadyEnrolled(Exception):
    """The person has a confirmed authenticator: delete it before issuing a setup link."""


def staff_setup_link_issue(
    *, user: AbstractBaseUser, issued_by: AbstractBaseUser | None, ip: str | None, now: datetime
) -> str:
    """A new single-use setup link token for `user` (show it once; only its hash is kept)."""
    if totp_device_for(user) is not None:
        raise AlreadyEnrolled(user.get_username())
    with transaction.atomic():
        # One live link per person: an earlier one that went astray stops working.
        StaffSetupLink.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
            expires_at=now
        )
        token = link_create(
            StaffSetupLink,
            now=now,
            valid_for=timedelta(hours=settings.STAFF_SETUP_LINK_VALID_HOURS),
            user=user,
            issued_by=issued_by,
        )
        audit_record(
            action="setup_link_issued",
            user=issued_by,
            object_type="staff_user",
            object_id=user.get_username(),
            ip=ip,
            at=now,
        )
    return token


def staff_setup_link_open(*, request: HttpRequest, token: str, now: datetime) -> None:
    """Use a setup link once: this browser's session may then enrol its person. Raises
    SetupLinkInvalid. A session signed in as someone else is signed out of first."""
    link = link_spend(
        StaffSetupLink.objects.select_related("user"),
        token=token,
        now=now,
        refused=SetupLinkInvalid,
        also_refuse=lambda link: "enrolled" if totp_device_for(link.user) is not None else None,
    )
    if request.user.is_authenticated and request.user.pk != link.user_id:
        logout(request)
    request.session[SETUP_LINK_SESSION_KEY] = link.pk
    audit_request(
        request,
        action="setup_link_opened",
        user=link.user,
        object_type="staff_user",
        object_id=link.user.get_username(),
    )


def staff_setup_link_for(*, request: HttpRequest, now: datetime) -> StaffSetupLink | None:
    """The opened, not yet enrolled, unexpired setup link this session holds for its person."""
    link_id = request.session.get(SETUP_LINK_SESSION_KEY)
    if link_id is None or not request.user.is_authenticated:
        return None
    return StaffSetupLink.objects.filter(
        pk=link_id,
        user_id=request.user.pk,
        used_at__isnull=False,
        enrolled_at__isnull=True,
        expires_at__gt=now,
    ).first()


def totp_enrolment_device_new(*, request: HttpRequest) -> TOTPDevice:
    """A fresh secret for this view of the enrolment page. It replaces the person's unconfirmed
    device (at most one exists), and this session remembers which one it was shown."""
    user = request.user
    with transaction.atomic():
        # Serialises two page views at once, so the person never ends up with two.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    request.session[ENROL_DEVICE_SESSION_KEY] = device.pk
    return device


def totp_enrolment_device_shown(*, request: HttpRequest) -> TOTPDevice | None:
    """The unconfirmed device whose QR code this session was last shown, if it still exists."""
    device_id = request.session.get(ENROL_DEVICE_SESSION_KEY)
    if device_id is None:
        return None
    return TOTPDevice.objects.filter(pk=device_id, user=request.user, confirmed=False).first()


def second_factor_enrol(
    *, request: HttpRequest, link: StaffSetupLink, device: TOTPDevice, token: str, now: datetime
) -> SecondFactorResult:
    """Confirm the device with a code from the app; on success the setup link is spent."""
    result = second_factor_check(request=request, device=device, token=token, enrolling=True)
    if result.outcome == CodeCheck.ACCEPTED:
        StaffSetupLink.objects.filter(pk=link.pk).update(enrolled_at=now)
        request.session.pop(SETUP_LINK_SESSION_KEY, None)
        request.session.pop(ENROL_DEVICE_SESSION_KEY, None)
    return result

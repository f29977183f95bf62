"""Staff accounts in each role, signed in the real way (password, then a real TOTP code), and
submitted cases made through the intake services."""

from collections.abc import Callable
from copy import deepcopy
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from screening.demo.cases import DOES_NOT_MEET, MEETS, NEEDS_REVIEW, URGENT
from screening.demo.seed import submission_from_facts
from screening.models import Determination, Location, Submission
from screening.staff.roles import ADMIN, CLINICIAN, COORDINATOR
from tests.clients import FormClient

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("America/New_York"))
PASSWORD = "correct horse battery staple"
# A canary in a trial's medication text: it must never reach a coordinator.
MEDICATION_CANARY = "Canarymedizine-7Q"
# The PHQ-9 / GAD-7 answer words: a page that shows any of them shows clinical answers.
SCALE_ANSWER_WORDS = ("Not at all", "Several days", "More than half the days", "Nearly every day")
HISTORIES = {
    "meets": MEETS,
    "needs_review": NEEDS_REVIEW,
    "does_not_meet": DOES_NOT_MEET,
    "urgent": URGENT,
}


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for this device (django_otp.oath.totp)."""
    device.refresh_from_db()
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def make_staff(username: str, role: str | None, *, with_device: bool = True, **extra: Any):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_staff=role == ADMIN, **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    if with_device:
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


def sign_in(client: Client, user, *, second_factor: bool = True) -> Client:
    """Password through the login page, then (unless told not to) the TOTP step."""
    response = client.post(
        reverse("staff_login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    if second_factor:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        response = client.post(reverse("staff_verify"), {"token": current_code(device)})
        assert response.status_code == 302, response.content.decode()[:2000]
    return client


def open_setup_link(client: Client, user, *, issued_by=None) -> str:
    """What an admin and a new staff member do before the first enrolment (issue 14 item 5):
    issue a setup link for `user` and open it in `client`. Returns the token."""
    from django.utils import timezone

    from screening.staff.services.setup_links import staff_setup_link_issue

    token = staff_setup_link_issue(user=user, issued_by=issued_by, ip=None, now=timezone.now())
    response = client.get(reverse("staff_setup_link", args=[token]))
    assert response.status_code == 302, response.content.decode()[:500]
    return token


@pytest.fixture
def client() -> Client:
    return FormClient()


@pytest.fixture
def coordinator(db):
    return make_staff("casey-coordinator", COORDINATOR)


@pytest.fixture
def clinician(db):
    return make_staff("dr-clinician", CLINICIAN)


@pytest.fixture
def admin_user(db):
    return make_staff("ada-admin", ADMIN)


@pytest.fixture
def staff_client(db) -> Callable[[str], Client]:
    """A client signed in (password + TOTP) as a new account in `role`."""

    def make(role: str, username: str | None = None) -> Client:
        user = make_staff(username or f"{role}-user", role)
        client = FormClient()
        sign_in(client, user)
        client.user = user  # type: ignore[attr-defined]
        return client

    return make


@pytest.fixture
def woburn(db) -> Location:
    return Location.objects.get_or_create(name="Woburn", defaults={"town": "Woburn"})[0]


@pytest.fixture
def danvers(db) -> Location:
    return Location.objects.get_or_create(name="Danvers", defaults={"town": "Danvers"})[0]


def make_case(
    history: str = "meets",
    *,
    now: datetime = NOW,
    facts: dict[str, Any] | None = None,
    **person: Any,
) -> Submission:
    """A submitted case through the intake services (`seed.submission_from_facts`)."""
    return submission_from_facts(facts=deepcopy(facts or HISTORIES[history]), now=now, **person)


def canary_facts() -> dict[str, Any]:
    facts = deepcopy(MEETS)
    facts["trials"].append({**facts["trials"][0], "medication": MEDICATION_CANARY})
    return facts


def clone_cases(template: Submission, count: int, *, start: datetime = NOW) -> None:
    """`count` more submitted cases like `template`, written in bulk (for query-count and size
    tests; the cases made through the intake services are the real thing)."""
    determination = template.current_determination
    cases = Submission.objects.bulk_create(
        Submission(
            state=Submission.State.SUBMITTED,
            first_name=f"Clone{index}",
            last_name="Case",
            email=f"clone{index}@example.org",
            phone="",
            submitted_at=start + timedelta(minutes=index),
            preferred_location_id=template.preferred_location_id,
            urgent=index % 7 == 0,
            answers=template.answers,
            steps_completed=template.steps_completed,
        )
        for index in range(count)
    )
    determinations = Determination.objects.bulk_create(
        Determination(
            submission=case,
            created_at=case.submitted_at,
            profile_name=determination.profile_name,
            profile_version=determination.profile_version,
            profile_parameters=determination.profile_parameters,
            facts=determination.facts,
            result=determination.result,
            explanation=determination.explanation,
            verdict=("meets", "needs_review", "does_not_meet")[index % 3],
            urgent=case.urgent,
            phq9_severity=determination.phq9_severity,
            msm_band=determination.msm_band,
        )
        for index, case in enumerate(cases)
    )
    for case, made in zip(cases, determinations, strict=True):
        case.current_determination = made
    Submission.objects.bulk_update(cases, ["current_determination"])

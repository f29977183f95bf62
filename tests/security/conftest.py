"""Fixtures for the security tests: role clients, a small world of real objects made through the
services, and URL values for every route in the resolver."""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from screening.intake import services as intake
from screening.models import CallbackRequest, Location, SavedQueueFilter, Submission
from screening.pages.services import callback_request_create
from screening.reminders import channels, checkins
from screening.reminders.unsubscribe import unsubscribe_link_create
from screening.staff.selectors.queue import DEFAULT_CRITERIA
from screening.staff.services.cases import queue_filter_save
from tests.clients import FormClient
from tests.reminders.smtp import SmtpServer
from tests.staff.support import make_case

from .support import ALERT_LIST, ANONYMOUS, Route, random_token, role_clients


@pytest.fixture
def client() -> FormClient:
    return FormClient()


@pytest.fixture
def roles(db) -> dict:
    """anonymous, coordinator, clinician and admin, each with a client of their own."""
    return role_clients()


@dataclass
class World:
    """Real objects to point URLs at, and a sample value for each URL argument."""

    case: Submission
    other_case: Submission
    callback: CallbackRequest
    filters: dict[str, SavedQueueFilter] = field(default_factory=dict)
    location: Location | None = None

    def values(self, route: Route, role: str, *, kind: str = "valid") -> dict[str, str] | None:
        """Argument values for `route` as `role` sees them; None when the route takes none of
        this kind. `kind`: valid, random or integer."""
        if not route.arguments:
            return {} if kind == "valid" else None
        values: dict[str, str] = {}
        for argument in route.arguments:
            value = self._value(route, argument, role, kind)
            if value is None:
                return None
            values[argument] = value
        return values

    def _value(self, route: Route, argument: str, role: str, kind: str) -> str | None:
        if kind == "random":
            return random_token()
        if kind == "integer":
            return str(self.case.pk)
        if argument == "slug":
            return "about"
        if argument == "number":  # a medicine on the intake's list (issue 16 item 2)
            return "1"
        if argument == "token":
            return self.token_for(route.name)
        if argument == "public_id" and "re_evaluation" in route.name:
            return self._re_evaluation_job().public_id
        if argument == "public_id":
            return self.callback.public_id if "callback" in route.name else self.case.public_id
        if argument == "filter_id":
            saved = self.filters.get(role)
            return saved.public_id if saved else random_token()
        if argument in ("object_id", "id"):
            return str(self.location.pk if "location" in route.name else self._admin_pk(route))
        if argument == "content_type_id":
            return "1"
        # Issue 17's packets: a treatment and a profile the case page offers.
        if argument == "treatment":
            return "spravato"
        if argument == "profile":
            return "bcbsma-spravato"
        if argument == "app_label":
            return "screening"
        if argument == "url":
            return "no-such-page/"
        return random_token()

    def _re_evaluation_job(self):  # type: ignore[no-untyped-def]
        """A finished re-evaluation job (issue 17): resuming it is allowed and does nothing."""
        from screening.models import ReEvaluationJob

        return ReEvaluationJob.objects.first() or ReEvaluationJob.objects.create(
            profile_name="fda-2019", profile_version=2, status="done", created_at=timezone.now()
        )

    def _admin_pk(self, route: Route) -> int:
        if "auth_user" in route.name:
            return get_user_model().objects.order_by("pk").first().pk
        return 1

    def token_for(self, name: str) -> str:
        now = timezone.now()
        if name == "intake_resume":
            draft = make_case(submit=False)
            return intake.resume_link_create(submission=draft, now=now)
        if name == "checkin_start":
            return checkins.checkin_link_create(submission=self.case, now=now)
        if name == "unsubscribe":
            return unsubscribe_link_create(submission=self.case, now=timezone.now())
        return random_token()


@pytest.fixture
def world(roles) -> World:
    location = Location.objects.get_or_create(name="Woburn", defaults={"town": "Woburn"})[0]
    case = make_case("meets", first_name="Morgan", location=location)
    other = make_case("needs_review", first_name="Jordan", location=location)
    callback = callback_request_create(
        name="Sam Caller", phone="+17815550100", preferred_time="any", preferred_location=None
    )
    filters = {
        role: queue_filter_save(
            owner=client.user,
            criteria_json={**DEFAULT_CRITERIA, "search": f"filter of {role}"},
            ip=None,
            now=timezone.now(),
        )
        for role, client in roles.items()
        if role != ANONYMOUS
    }
    return World(case=case, other_case=other, callback=callback, filters=filters, location=location)


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback, and Django (this process) sending to it."""
    server = SmtpServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.URGENT_ALERT_EMAILS = [ALERT_LIST]
    settings.URGENT_ESCALATION_EMAILS = ["lead@clinic.test"]
    settings.DAILY_DIGEST_EMAILS = ["digest@clinic.test"]
    channels.channels_close()
    yield server
    channels.channels_close()
    server.stop()

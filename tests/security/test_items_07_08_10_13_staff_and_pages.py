"""security.md items 1, 7, 8, 10 and 13, checked across the whole site: roles see only what they
need; the audit trail gets one event per action and cannot be changed; changes after submit are
versioned; CSRF guards every state change but one-click unsubscribe; no page loads anything from
another site."""

import re

import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse

from screening.models import AuditEvent, CaseEvent

from .support import ALL_ROLES, ANONYMOUS, all_routes

pytestmark = pytest.mark.django_db


def test_item_07_one_audit_event_per_action_and_none_can_be_changed(roles, world):
    client = roles["clinician"]
    before = AuditEvent.objects.count()
    client.get(reverse("staff_case", args=[world.case.public_id]))
    event = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.object_id, event.outcome) == (
        "case_view",
        world.case.public_id,
        "ok",
    )
    assert event.username == client.user.username and event.ip == "127.0.0.1"
    for change in (
        lambda: AuditEvent.objects.filter(pk=event.pk).update(action="edited"),
        lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()


def test_item_07_a_refused_look_is_audited_as_denied(roles, world):
    roles["coordinator"].get(reverse("staff_case_fhir", args=[world.case.public_id]))
    denied = AuditEvent.objects.filter(outcome="denied", action="case_export_fhir")
    assert denied.filter(username=roles["coordinator"].user.username).count() == 1


def test_item_08_a_change_after_submit_is_versioned_with_who_when_and_what(roles, world):
    client = roles["clinician"]
    events = CaseEvent.objects.filter(submission=world.case)
    before = events.count()
    client.post(reverse("staff_case_note", args=[world.case.public_id]), {"body": "Called."})
    client.post(
        reverse("staff_case_status", args=[world.case.public_id]),
        {"status": "in_review", "close_reason": ""},
    )
    latest = list(events.order_by("pk"))[before:]
    assert [e.kind for e in latest] == ["note_added", "status_changed"]
    assert all(e.actor_id == client.user.pk and e.at for e in latest)
    assert latest[1].detail  # before and after


@pytest.mark.parametrize("role", ALL_ROLES)
def test_item_10_every_post_without_a_csrf_token_is_refused_but_one_click_unsubscribe(
    role, roles, world
):
    session = roles[role].cookies
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = session
    exempt = set()
    for route in all_routes():
        values = world.values(route, role)
        if values is None:
            continue
        response = strict.post(route.path(values), content_type="application/x-www-form-urlencoded")
        if response.status_code != 403:
            exempt.add(route.name)
    assert exempt == {"unsubscribe"}


def test_item_13_no_page_loads_anything_from_another_site(roles, world):
    pages = 0
    for role in ALL_ROLES:
        for route in all_routes():
            values = world.values(route, role)
            if values is None or route.name == "staff_logout":
                continue
            response = roles[role].get(route.path(values))
            if "html" not in response.get("Content-Type", ""):
                continue
            page = response.content.decode(errors="replace")
            loads = re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", page)
            for tag in loads:
                for url in re.findall(r'(?:src|href)="([^"]*)"', tag):
                    assert not re.match(r"(?i)^(https?:)?//", url), (route.name, tag)
            assert "<style" not in page and " style=" not in page, route.name
            scripts = re.findall(r"<script\b([^>]*)>", page)
            assert all("src=" in attrs for attrs in scripts), (route.name, scripts)
            pages += 1
    assert pages > 100
    assert ANONYMOUS in roles

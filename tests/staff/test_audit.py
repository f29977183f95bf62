"""The audit trail: one event per audited action, no PHI in it, browsable by admins, and
refused UPDATE/DELETE by the database itself."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from screening.audit.services import ACTIONS, audit_record
from screening.models import AuditEvent, CallbackRequest
from screening.staff.roles import ADMIN, CLINICIAN, COORDINATOR

from .support import MEDICATION_CANARY, canary_facts, make_case, make_staff, sign_in

pytestmark = pytest.mark.django_db

PHI_CANARY = "Zanzibarrow"


@pytest.fixture
def case():
    return make_case(
        facts=canary_facts(),
        first_name=PHI_CANARY,
        last_name=PHI_CANARY,
        email=f"{PHI_CANARY.lower()}@example.org",
        phone="+16175550177",
    )


def audited(client, request) -> list[AuditEvent]:
    """The audit events that one request wrote."""
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    request(client)
    return list(AuditEvent.objects.exclude(pk__in=before).order_by("pk"))


ACTIONS_ON_A_CASE = {
    "case_view": lambda c, case: c.get(reverse("staff_case", args=[case.public_id])),
    "case_summary_view": lambda c, case: c.get(
        reverse("staff_case_summary", args=[case.public_id])
    ),
    "case_export_fhir": lambda c, case: c.get(reverse("staff_case_fhir", args=[case.public_id])),
    "case_status_changed": lambda c, case: c.post(
        reverse("staff_case_status", args=[case.public_id]), {"status": "in_review"}
    ),
    "case_assigned": lambda c, case: c.post(
        reverse("staff_case_assign", args=[case.public_id]), {"assignee": c.user.username}
    ),
    "case_note_added": lambda c, case: c.post(
        reverse("staff_case_note", args=[case.public_id]), {"body": f"Spoke to {PHI_CANARY}"}
    ),
    "case_urgent_acknowledged": lambda c, case: c.post(
        reverse("staff_case_acknowledge", args=[case.public_id])
    ),
    "case_re_evaluated": lambda c, case: c.post(
        reverse("staff_case_re_evaluate", args=[case.public_id]), {"profile": "fda-2019"}
    ),
    "case_rule_out_updated": lambda c, case: c.post(
        reverse("staff_case_rule_out", args=[case.public_id]), {"thyroid": "on"}
    ),
}


@pytest.mark.parametrize("action", list(ACTIONS_ON_A_CASE))
def test_one_audit_event_per_action_on_a_case(staff_client, case, action):
    from screening.models import Submission

    Submission.objects.filter(pk=case.pk).update(urgent=True)
    client = staff_client(ADMIN)
    if action == "case_urgent_acknowledged":
        # Already someone's, so acknowledging assigns nobody (that is a second, audited
        # action: tests/staff/test_contact_log.py).
        Submission.objects.filter(pk=case.pk).update(assigned_to=client.user)
    (event,) = audited(client, lambda c: ACTIONS_ON_A_CASE[action](c, case))
    assert event.action == action
    assert event.outcome == "ok"
    assert (event.user_id, event.username) == (client.user.pk, client.user.username)
    assert (event.object_type, event.object_id) == ("submission", case.public_id)
    assert event.ip == "127.0.0.1"
    assert event.at.tzinfo is not None


def test_one_audit_event_per_queue_view_search_and_export(staff_client, case):
    client = staff_client(CLINICIAN)
    (view,) = audited(client, lambda c: c.get(reverse("staff_queue")))
    assert view.action == "queue_view"
    search = {"status": "open", "search": PHI_CANARY}
    (searched,) = audited(client, lambda c: c.post(reverse("staff_queue"), search))
    assert searched.action == "queue_search" and searched.object_type == "queue_filter"
    (export,) = audited(client, lambda c: c.get(reverse("staff_queue_export")))
    assert export.action == "queue_export_csv"


def test_one_audit_event_per_sign_in_step(client):
    user = make_staff("nurse", CLINICIAN)
    (failed,) = audited(
        client,
        lambda c: c.post(reverse("staff_login"), {"username": "nurse", "password": "nope"}),
    )
    assert (failed.action, failed.outcome, failed.user_id) == ("login", "failed", user.pk)
    (login, code) = audited(client, lambda c: sign_in(c, user))
    assert (login.action, login.outcome) == ("login", "ok")
    assert (code.action, code.outcome) == ("second_factor", "ok")
    (logout,) = audited(client, lambda c: c.post(reverse("staff_logout")))
    assert (logout.action, logout.user_id) == ("logout", user.pk)


def test_a_wrong_code_is_one_failed_second_factor_event(client):
    user = make_staff("nurse", CLINICIAN)
    sign_in(client, user, second_factor=False)
    events = audited(client, lambda c: c.post(reverse("staff_verify"), {"token": "12345x"}))
    assert events == []  # not even a code: refused by the form, nothing was checked
    (event,) = audited(client, lambda c: c.post(reverse("staff_verify"), {"token": "000001"}))
    assert (event.action, event.outcome) == ("second_factor", "failed")


@pytest.mark.parametrize(
    ("role", "url_name", "action"),
    [
        (COORDINATOR, "staff_case_fhir", "case_export_fhir"),
        (COORDINATOR, "staff_queue_export", "queue_export_csv"),
        (CLINICIAN, "staff_audit", "audit_view"),
    ],
)
def test_a_permission_failure_is_one_denied_event(staff_client, case, role, url_name, action):
    client = staff_client(role)
    args = [case.public_id] if url_name == "staff_case_fhir" else []
    (event,) = audited(client, lambda c: c.get(reverse(url_name, args=args)))
    assert (event.action, event.outcome) == (action, "denied")


def test_callbacks_are_audited(staff_client):
    callback = CallbackRequest.objects.create(name=PHI_CANARY, phone="+16175550100")
    client = staff_client(COORDINATOR)
    (view,) = audited(client, lambda c: c.get(reverse("staff_callbacks")))
    assert view.action == "callbacks_view"
    (handled,) = audited(
        client, lambda c: c.post(reverse("staff_callback_handled", args=[callback.public_id]))
    )
    assert (handled.action, handled.object_id) == ("callback_handled", callback.public_id)


def test_no_phi_ever_reaches_the_audit_table(staff_client, case):
    client = staff_client(ADMIN)
    for action in ACTIONS_ON_A_CASE.values():
        action(client, case)
    client.post(reverse("staff_queue"), {"status": "open", "search": PHI_CANARY})
    client.post(reverse("staff_login"), {"username": PHI_CANARY, "password": PHI_CANARY})
    client.get(reverse("staff_case", args=[PHI_CANARY]))
    rows = list(AuditEvent.objects.values_list())
    dump = repr(rows)
    assert len(rows) > 10
    for canary in (PHI_CANARY, PHI_CANARY.lower(), MEDICATION_CANARY, "6175550177", "1985-05-17"):
        assert canary not in dump


def test_every_action_code_is_named():
    with pytest.raises(ValueError):
        audit_record(action="made_up")
    assert "case_view" in ACTIONS


# --- Browsing it ---------------------------------------------------------------------------------


def test_admins_browse_the_trail_by_user_case_and_date(staff_client, case):
    clinician = staff_client(CLINICIAN, "dr-a")
    clinician.get(reverse("staff_case", args=[case.public_id]))
    other_case = make_case()
    clinician.get(reverse("staff_case", args=[other_case.public_id]))
    old = AuditEvent.objects.create(
        at=timezone.now() - timedelta(days=40), username="dr-a", action="case_view"
    )
    admin_client = staff_client(ADMIN)
    audit_url = reverse("staff_audit")

    by_case = admin_client.get(audit_url, {"case": case.public_id}).content.decode()
    assert by_case.count(f"<code>{case.public_id}</code>") == 1
    assert other_case.public_id not in by_case

    by_user = admin_client.get(audit_url, {"user": "dr-a"}).content.decode()
    assert "dr-a" in by_user and "1 event" not in by_user
    assert admin_client.user.username not in by_user.split("<tbody>")[1]

    day = old.at.date().isoformat()
    by_date = admin_client.get(audit_url, {"day_from": day, "day_to": day}).content.decode()
    assert "1 event." in by_date

    html = admin_client.get(audit_url).content.decode()
    assert "Time (UTC)" in html and "Case viewed" in html
    assert "<form" in html and 'method="get"' in html


def test_the_day_filter_counts_the_utc_days_the_page_shows(staff_client):
    """An event at 20:30 in Boston on 1 December is listed as 2026-12-02 01:30 (UTC), so it is
    found under 2 December and not under 1 December."""
    from datetime import UTC, datetime

    AuditEvent.objects.create(
        at=datetime(2026, 12, 2, 1, 30, tzinfo=UTC), username="dr-late", action="case_view"
    )
    admin_client = staff_client(ADMIN)

    def events_on(day: str) -> str:
        query = {"user": "dr-late", "day_from": day, "day_to": day}
        return admin_client.get(reverse("staff_audit"), query).content.decode()

    assert "1 event." in events_on("2026-12-02") and "2026-12-02 01:30" in events_on("2026-12-02")
    assert "0 events." in events_on("2026-12-01")
    assert "From (UTC day)" in events_on("2026-12-02")


def test_only_admins_see_the_trail(staff_client):
    assert staff_client(COORDINATOR).get(reverse("staff_audit")).status_code == 404
    assert staff_client(CLINICIAN).get(reverse("staff_audit")).status_code == 404
    assert staff_client(ADMIN).get(reverse("staff_audit")).status_code == 200


def test_the_app_has_no_way_to_change_or_delete_an_event():
    assert AuditEvent not in admin.site._registry


# --- The database guard (PostgreSQL) ------------------------------------------------------------


@pytest.fixture
def event():
    return audit_record(action="case_view", object_id="some-public-id")


def test_the_database_refuses_to_update_an_audit_event(event):
    assert connection.vendor == "postgresql"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(outcome="denied")
    event.refresh_from_db()
    assert event.outcome == "ok"


def test_the_database_refuses_to_delete_an_audit_event(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM screening_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_database_still_accepts_new_events(event):
    audit_record(action="queue_view")
    assert AuditEvent.objects.count() == 2


def test_admin_group_cannot_change_audit_events_in_the_admin(staff_client):
    client = staff_client(ADMIN)
    assert not client.user.has_perm("screening.change_auditevent")
    assert not client.user.has_perm("screening.delete_auditevent")
    assert make_staff("x", ADMIN, with_device=False).has_perm("screening.change_clinicsettings")

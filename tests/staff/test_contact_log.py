"""The contact log, actions on ticked cases from the queue, and acknowledging to take a case on."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from screening.models import AuditEvent, CaseEvent, Submission
from screening.staff.roles import CLINICIAN, COORDINATOR

from .support import make_case

pytestmark = pytest.mark.django_db


def log(client, case, outcome, channel="phone", **extra):
    response = client.post(
        reverse("staff_case_contact", args=[case.public_id]),
        {"channel": channel, "outcome": outcome, **extra},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    return response


def test_each_attempt_is_a_case_event_and_an_audit_entry(staff_client):
    case = make_case("meets")
    client = staff_client(COORDINATOR)
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    log(client, case, "no_answer", next_try_at=later)
    event = CaseEvent.objects.get(submission=case, kind=CaseEvent.Kind.CONTACT_ATTEMPT)
    assert event.actor.username == "coordinator-user"
    assert event.detail["channel"] == "phone" and event.detail["outcome"] == "no_answer"
    assert event.detail["attempt"] == 1 and event.detail["next_try_at"]
    assert AuditEvent.objects.filter(action="case_contact_logged", object_id=case.public_id)
    assert case.last_contact_outcome == "no_answer" and case.next_contact_due_at is not None
    page = client.get(reverse("staff_case", args=[case.public_id])).content.decode()
    assert "No answer (phone call)" in page and "failed attempt 1" in page
    queue = client.get(reverse("staff_queue")).content.decode()
    assert "No answer (phone call)" in queue


def test_three_failed_attempts_move_the_case_to_unable_to_reach_with_the_letter(staff_client):
    case = make_case("meets")
    client = staff_client(COORDINATOR)
    log(client, case, "no_answer")
    log(client, case, "left_message", channel="voicemail")
    assert case.case_status == Submission.CaseStatus.NEW
    log(client, case, "wrong_number", channel="text")
    assert case.case_status == Submission.CaseStatus.UNREACHABLE
    assert CaseEvent.objects.filter(
        submission=case, kind=CaseEvent.Kind.STATUS_CHANGED, detail__to="unreachable"
    ).exists()
    page = client.get(reverse("staff_case", args=[case.public_id])).content.decode()
    assert "Closing letter" in page and f"Dear {case.first_name}" in page
    assert "988" in page
    # The person calls back: the case can be worked again, or closed.
    response = client.post(
        reverse("staff_case_status", args=[case.public_id]), {"status": "contacted"}
    )
    case.refresh_from_db()
    assert response.status_code == 302 and case.case_status == "contacted"


def test_reaching_the_person_ends_the_run(staff_client):
    case = make_case("meets")
    client = staff_client(COORDINATOR)
    log(client, case, "no_answer")
    log(client, case, "no_answer")
    log(client, case, "reached")
    log(client, case, "no_answer")
    assert case.failed_contact_attempts == 1 and case.case_status == "new"


def test_a_next_try_in_the_past_is_refused_beside_the_field(staff_client):
    case = make_case("meets")
    response = staff_client(COORDINATOR).post(
        reverse("staff_case_contact", args=[case.public_id]),
        {"channel": "phone", "outcome": "no_answer", "next_try_at": "2020-01-01T09:00"},
    )
    assert response.status_code == 400
    assert "later than now" in response.content.decode()
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.CONTACT_ATTEMPT).exists()


def test_bulk_assign_and_status_each_audited(staff_client, coordinator):
    first, second = make_case("meets"), make_case("does_not_meet")
    client = staff_client(CLINICIAN)
    response = client.post(
        reverse("staff_queue_bulk"),
        {
            "cases": [first.public_id, second.public_id],
            "action": "assign",
            "assignee": "casey-coordinator",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("staff_queue")
    assert set(Submission.objects.values_list("assigned_to__username", flat=True)) == {
        "casey-coordinator"
    }
    assert AuditEvent.objects.filter(action="case_assigned").count() == 2
    client.post(
        reverse("staff_queue_bulk"),
        {"cases": [first.public_id, second.public_id], "action": "status", "status": "in_review"},
    )
    assert set(Submission.objects.values_list("case_status", flat=True)) == {"in_review"}
    assert AuditEvent.objects.filter(action="case_status_changed").count() == 2
    # One refused (in review cannot jump to scheduled): said so, the other still moves.
    Submission.objects.filter(pk=second.pk).update(case_status="contacted")
    response = client.post(
        reverse("staff_queue_bulk"),
        {"cases": [first.public_id, second.public_id], "action": "status", "status": "scheduled"},
        follow=True,
    )
    html = response.content.decode()
    assert "1 case changed" in html and "cannot move to" in html
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.case_status, second.case_status) == ("in_review", "scheduled")


def test_bulk_with_nothing_ticked_says_so(staff_client):
    make_case("meets")
    response = staff_client(COORDINATOR).post(
        reverse("staff_queue_bulk"), {"action": "assign", "assignee": "casey-coordinator"}
    )
    assert response.status_code == 400 and "Tick at least one case" in response.content.decode()


def test_coordinators_cannot_acknowledge_from_the_queue(staff_client):
    urgent = make_case("urgent")
    client = staff_client(COORDINATOR)
    assert "Acknowledge the urgent flag" not in client.get(reverse("staff_queue")).content.decode()
    response = client.post(
        reverse("staff_queue_bulk"), {"cases": [urgent.public_id], "action": "acknowledge"}
    )
    assert response.status_code == 404
    urgent.refresh_from_db()
    assert urgent.urgent_acknowledged_at is None


def test_acknowledging_assigns_to_the_acknowledger_unless_already_assigned(
    staff_client, coordinator
):
    mine, theirs = make_case("urgent"), make_case("urgent")
    Submission.objects.filter(pk=theirs.pk).update(assigned_to=coordinator)
    client = staff_client(CLINICIAN)
    client.post(reverse("staff_case_acknowledge", args=[mine.public_id]))
    client.post(reverse("staff_queue_bulk"), {"cases": [theirs.public_id], "action": "acknowledge"})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.urgent_acknowledged_at and mine.assigned_to.username == "clinician-user"
    assert theirs.urgent_acknowledged_at and theirs.assigned_to == coordinator
    assigned = CaseEvent.objects.get(submission=mine, kind=CaseEvent.Kind.ASSIGNED)
    assert assigned.actor.username == "clinician-user" == assigned.detail["to"]
    assert not CaseEvent.objects.filter(submission=theirs, kind=CaseEvent.Kind.ASSIGNED).exists()
    assert AuditEvent.objects.filter(action="case_assigned", object_id=mine.public_id).count() == 1
    assert not AuditEvent.objects.filter(action="case_assigned", object_id=theirs.public_id)


def test_the_queue_s_two_forms_never_share_an_element_id(staff_client):
    import re
    from collections import Counter

    make_case("meets")
    html = staff_client(CLINICIAN).get(reverse("staff_queue")).content.decode()
    ids = Counter(re.findall(r'\bid="([^"]+)"', html))
    assert [name for name, count in ids.items() if count > 1] == []
    assert 'id="bulk_status"' in html and 'id="id_status"' in html

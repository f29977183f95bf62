"""The review queue: order, every filter, search, paging, and a query count that does not grow."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from screening.models import SavedQueueFilter, Submission
from screening.staff.roles import CLINICIAN, COORDINATOR
from screening.staff.selectors.queue import DEFAULT_CRITERIA, queue_submissions

from .support import NOW, clone_cases, make_case, make_staff

pytestmark = pytest.mark.django_db

CASE_LINK = re.compile(r'href="/staff/case/([A-Za-z0-9_-]+)/"')


def queue_ids(client, url: str | None = None) -> list[str]:
    html = client.get(url or reverse("staff_queue")).content.decode()
    # The queue's own rows: the urgent-alert banner above may link to cases too (issue 18).
    table = html[html.find('<table class="table queue-table">') :]
    return CASE_LINK.findall(table)


def filtered_ids(client, **criteria) -> list[str]:
    data = {"status": "open", **criteria}
    response = client.post(reverse("staff_queue"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return queue_ids(client, response["Location"])


@pytest.fixture
def mixed_queue(woburn, danvers):
    """Cases received in this order: each verdict, plus an urgent one that arrived last."""
    cases = {
        "does_not_meet_old": make_case("does_not_meet", now=NOW, location=woburn),
        "meets_new": make_case("meets", now=NOW + timedelta(hours=3), location=danvers),
        "needs_review": make_case("needs_review", now=NOW + timedelta(hours=1)),
        "meets_old": make_case("meets", now=NOW + timedelta(hours=2), location=woburn),
        "urgent": make_case("urgent", now=NOW + timedelta(hours=5), location=danvers),
        "urgent_acknowledged": make_case("urgent", now=NOW + timedelta(hours=4)),
    }
    case = cases["urgent_acknowledged"]
    Submission.objects.filter(pk=case.pk).update(urgent_acknowledged_at=NOW)
    return cases


def test_urgent_unacknowledged_first_then_by_verdict_oldest_first(staff_client, mixed_queue):
    ids = queue_ids(staff_client(CLINICIAN))
    order = [
        name for public_id in ids for name, c in mixed_queue.items() if c.public_id == public_id
    ]
    # An acknowledged urgent case takes its place by verdict (it meets).
    assert order == [
        "urgent",
        "meets_old",
        "meets_new",
        "urgent_acknowledged",
        "needs_review",
        "does_not_meet_old",
    ]


def test_coordinators_get_the_same_order(staff_client, mixed_queue):
    assert queue_ids(staff_client(COORDINATOR)) == queue_ids(staff_client(CLINICIAN))


def test_closed_cases_leave_the_default_queue_but_a_status_filter_finds_them(
    staff_client, mixed_queue
):
    closed = mixed_queue["meets_old"]
    Submission.objects.filter(pk=closed.pk).update(case_status="closed")
    client = staff_client(CLINICIAN)
    assert closed.public_id not in queue_ids(client)
    assert filtered_ids(client, status="closed") == [closed.public_id]
    assert closed.public_id in filtered_ids(client, status="all")


def test_status_filter(staff_client, mixed_queue):
    case = mixed_queue["needs_review"]
    Submission.objects.filter(pk=case.pk).update(case_status="contacted")
    assert filtered_ids(staff_client(CLINICIAN), status="contacted") == [case.public_id]


def test_verdict_filter(staff_client, mixed_queue):
    client = staff_client(CLINICIAN)
    assert filtered_ids(client, verdict="needs_review") == [mixed_queue["needs_review"].public_id]
    assert filtered_ids(client, verdict="does_not_meet") == [
        mixed_queue["does_not_meet_old"].public_id
    ]
    assert len(filtered_ids(client, verdict="meets")) == 4


def test_coordinators_cannot_filter_by_verdict(staff_client, mixed_queue):
    # The field is not on their form; a hand-made POST is ignored rather than obeyed.
    ids = filtered_ids(staff_client(COORDINATOR), verdict="needs_review")
    assert len(ids) == len(mixed_queue)


def test_location_filter(staff_client, mixed_queue, danvers):
    ids = filtered_ids(staff_client(CLINICIAN), location=danvers.pk)
    assert ids == [mixed_queue["urgent"].public_id, mixed_queue["meets_new"].public_id]


def test_urgent_filters(staff_client, mixed_queue):
    client = staff_client(CLINICIAN)
    assert filtered_ids(client, urgent="unacknowledged") == [mixed_queue["urgent"].public_id]
    assert set(filtered_ids(client, urgent="urgent")) == {
        mixed_queue["urgent"].public_id,
        mixed_queue["urgent_acknowledged"].public_id,
    }
    assert len(filtered_ids(client, urgent="not_urgent")) == 4


def test_assigned_to_me_filter(staff_client, mixed_queue):
    client = staff_client(CLINICIAN)
    other = make_staff("someone-else", CLINICIAN)
    Submission.objects.filter(pk=mixed_queue["needs_review"].pk).update(assigned_to=client.user)
    Submission.objects.filter(pk=mixed_queue["meets_old"].pk).update(assigned_to=other)
    assert filtered_ids(client, mine="on") == [mixed_queue["needs_review"].public_id]


def test_received_between_filter_uses_the_clinic_calendar(staff_client, woburn):
    client = staff_client(CLINICIAN)
    day_before = make_case(now=NOW - timedelta(days=1))
    late_evening = make_case(now=NOW.replace(hour=23, minute=30))  # 04:30 UTC the next day
    next_day = make_case(now=NOW + timedelta(days=1))
    day = NOW.date().isoformat()
    assert filtered_ids(client, received_from=day, received_to=day) == [late_evening.public_id]
    ids = filtered_ids(client, received_from=day)
    assert ids == [late_evening.public_id, next_day.public_id]
    assert day_before.public_id in filtered_ids(client, received_to=day)


def test_received_dates_the_wrong_way_round_are_refused_beside_the_field(staff_client):
    client = staff_client(CLINICIAN)
    response = client.post(
        reverse("staff_queue"),
        {"status": "open", "received_from": "2026-11-20", "received_to": "2026-11-01"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_received_to_error"' in html
    assert 'aria-describedby="id_received_to_error"' in html


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("Robin", "robin"),
        ("okafor", "robin"),
        ("Robin Okafor", "robin"),
        ("r.okafor@example", "robin"),
        ("(617) 555-0142", "robin"),
        ("5550142", "robin"),
        ("Jamie", "jamie"),
    ],
)
def test_search_by_name_email_or_phone(staff_client, search, expected):
    people = {
        "robin": make_case(
            first_name="Robin",
            last_name="Okafor",
            email="r.okafor@example.net",
            phone="+16175550142",
        ),
        "jamie": make_case(
            first_name="Jamie", last_name="Lee", email="jamie@example.org", phone="+19785550100"
        ),
    }
    assert filtered_ids(staff_client(COORDINATOR), search=search) == [people[expected].public_id]


def test_a_search_is_kept_on_the_server_not_in_the_address(staff_client):
    make_case(first_name="Robin", last_name="Okafor")
    client = staff_client(CLINICIAN)
    response = client.post(reverse("staff_queue"), {"status": "open", "search": "Okafor"})
    assert "Okafor" not in response["Location"]
    saved = SavedQueueFilter.objects.get(owner=client.user)
    assert saved.criteria["search"] == "Okafor"
    # The same filter again reuses the row and its address.
    again = client.post(reverse("staff_queue"), {"status": "open", "search": "Okafor"})
    assert again["Location"] == response["Location"]
    html = client.get(response["Location"]).content.decode()
    assert 'value="Okafor"' in html  # the form shows what is filtered on


def test_fifty_cases_a_page(staff_client, woburn):
    clone_cases(make_case(location=woburn), 120)
    client = staff_client(CLINICIAN)
    first = queue_ids(client)
    third = queue_ids(client, reverse("staff_queue") + "?page=3")
    assert len(first) == 50 and len(third) == 21
    assert not set(first) & set(third)
    html = client.get(reverse("staff_queue")).content.decode()
    assert "121 cases" in html and "page 1 of 3" in html


def page_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("role", [CLINICIAN, COORDINATOR])
def test_a_page_costs_the_same_queries_for_5_and_for_500_cases(staff_client, woburn, role):
    template = make_case(location=woburn)
    clone_cases(template, 4)
    client = staff_client(role)
    client.get(reverse("staff_queue"))  # warm the session
    with_5 = page_queries(client, reverse("staff_queue"))
    clone_cases(template, 495, start=NOW + timedelta(days=1))
    assert Submission.objects.filter(state="submitted").count() == 500
    with_500 = page_queries(client, reverse("staff_queue"))
    assert len(with_5) == len(with_500), "\n".join(with_500)
    filtered = client.post(reverse("staff_queue"), {"status": "open", "search": "Clone"})
    url = filtered["Location"]
    assert len(page_queries(client, url)) == len(page_queries(client, url + "?page=2"))


def test_queue_selector_never_loads_the_determination_json(woburn):
    make_case(location=woburn)
    user = make_staff("reader", CLINICIAN)
    sql = str(
        queue_submissions(criteria_json=DEFAULT_CRITERIA, user=user, clinical=True)
        .select_related("current_determination")
        .only("public_id", "current_determination__verdict")
        .query
    )
    assert '"facts"' not in sql and '"result"' not in sql


def rank(case: Submission) -> int:
    return Submission.objects.values_list("queue_rank", flat=True).get(pk=case.pk)


def test_the_database_keeps_each_case_s_rank_through_every_writer(staff_client):
    """Submit, a later urgent answer, acknowledgement and re-evaluation all move the rank,
    though only the trigger computes it (screening.db.queue_rank)."""
    meets, review, not_met = (
        make_case("meets"),
        make_case("needs_review"),
        make_case("does_not_meet"),
    )
    assert (rank(meets), rank(review), rank(not_met)) == (1, 2, 3)
    urgent = make_case("urgent")
    assert rank(urgent) == 0
    client = staff_client(CLINICIAN)
    client.post(reverse("staff_case_acknowledge", args=[urgent.public_id]))
    assert rank(urgent) == 1
    # A check-in with a new urgent answer clears the acknowledgement (the check-in service).
    Submission.objects.filter(pk=urgent.pk).update(urgent_acknowledged_at=None)
    assert rank(urgent) == 0
    client.post(
        reverse("staff_case_re_evaluate", args=[meets.public_id]), {"profile": "seed-article"}
    )
    assert rank(meets) == 3
    draft = make_case("meets", submit=False)
    assert rank(draft) == 4


@pytest.mark.parametrize(
    "spoken",
    ["REF-{n:06d}", "ref {n}", "Ref-{n}", "REF {n:06d}", "ref#{n}", "REF-{n:06d} Jamie"],
)
def test_search_by_the_reference_the_person_was_given(staff_client, spoken):
    """The result page and the email give REF-000123; a caller reads it out however they do."""
    robin = make_case(first_name="Robin", last_name="Okafor", phone="+16175550142")
    jamie = make_case(first_name="Jamie", last_name="Lee", phone="+19785550100")
    client = staff_client(COORDINATOR)
    assert filtered_ids(client, search=spoken.format(n=jamie.pk)) == [jamie.public_id]
    assert filtered_ids(client, search=spoken.format(n=robin.pk).replace("Jamie", "")) == [
        robin.public_id
    ]


def test_a_reference_with_a_name_that_is_not_its_case_finds_nothing(staff_client):
    robin = make_case(first_name="Robin", last_name="Okafor")
    make_case(first_name="Jamie", last_name="Lee")
    assert filtered_ids(staff_client(COORDINATOR), search=f"REF-{robin.pk:06d} Lee") == []


def test_the_case_page_shows_the_reference(staff_client):
    case = make_case(first_name="Robin")
    html = staff_client(COORDINATOR).get(reverse("staff_case", args=[case.public_id])).content
    assert f"<dt>Reference</dt><dd>REF-{case.pk:06d}</dd>" in html.decode()


@pytest.mark.parametrize("spoken", ["REF-999999999999", "ref 9223372036854775808", "REF-", "ref 0"])
def test_a_reference_no_case_has_finds_nothing_and_never_fails(staff_client, spoken):
    """Twelve digits at most are read as a reference (a bigint holds them); more are a phone."""
    make_case(first_name="Robin")
    assert filtered_ids(staff_client(COORDINATOR), search=spoken) == []

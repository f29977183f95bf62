"""The queue says why each case is there and how long it has waited against its target."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from screening.models import Submission
from screening.staff.presenters.queue import queue_rows
from screening.staff.presenters.targets import add_working_hours, case_clock
from screening.staff.roles import CLINICIAN, COORDINATOR
from screening.staff.selectors.queue import DEFAULT_CRITERIA, queue_page

from .support import NOW, make_case, make_staff

pytestmark = pytest.mark.django_db
CLINIC = ZoneInfo("America/New_York")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CLINIC)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (at(30, 9), at(30, 13)),  # Monday morning: four hours later
        (at(30, 16), datetime(2026, 12, 1, 10, tzinfo=CLINIC)),  # 2 h today, 2 h tomorrow
        (at(27, 22), at(30, 12)),  # Friday night: counting starts Monday at opening
        (at(28, 11), at(30, 12)),  # Saturday: the same
        (at(30, 6), at(30, 12)),  # before opening
    ],
)
def test_working_hours_skip_nights_and_weekends(start, expected):
    assert settings.CLINIC_WORKING_HOURS == (8, 18)
    assert add_working_hours(start, 4) == expected


def rows_for(case: Submission, *, clinical: bool, now: datetime):
    role = CLINICIAN if clinical else COORDINATOR
    user = User.objects.filter(username=role).first() or make_staff(role, role)
    _, cases = queue_page(
        criteria_json=DEFAULT_CRITERIA, user=user, clinical=clinical, page_number=1
    )
    return {row.public_id: row for row in queue_rows(cases, clinical=clinical, now=now)}[
        case.public_id
    ]


def test_clinicians_read_the_self_harm_answer_and_the_verdict():
    urgent = make_case("urgent", now=at(30, 9))
    row = rows_for(urgent, clinical=True, now=at(30, 10))
    # URGENT's item 9 is 1: "Several days".
    assert row.why == ["Thoughts of self-harm: several days", "Meets clinic criteria"]


def test_a_case_needing_review_says_what_the_call_must_find_out():
    case = make_case("needs_review", now=at(30, 9))
    assert rows_for(case, clinical=True, now=at(30, 10)).why == ["Needs a dose"]


def test_coordinators_get_the_flag_never_the_answer_or_verdict():
    urgent = make_case("urgent", now=at(30, 9))
    row = rows_for(urgent, clinical=False, now=at(30, 10))
    assert row.why == ["Urgent flag: call today"]
    assert rows_for(make_case("meets", now=at(30, 9)), clinical=False, now=at(30, 10)).why == [
        "New case: first contact due"
    ]


def test_an_urgent_flag_is_due_within_four_working_hours_then_overdue():
    urgent = make_case("urgent", now=at(30, 9))
    clock = case_clock(urgent, now=at(30, 12))
    assert (clock.overdue, clock.status, clock.target) == (
        False,
        "Due in 1 h",
        "Same day (4 working hours)",
    )
    late = case_clock(urgent, now=at(30, 15, 30))
    assert late.overdue and late.status == "Overdue by 2 h 30 min"
    assert late.age == "6 h 30 min"


def test_an_acknowledged_flag_falls_back_to_the_new_case_target():
    urgent = make_case("urgent", now=at(30, 9))
    Submission.objects.filter(pk=urgent.pk).update(urgent_acknowledged_at=at(30, 10))
    urgent.refresh_from_db()
    clock = case_clock(urgent, now=at(30, 15))
    assert clock.target == "Within 2 business days" and not clock.overdue


def test_a_new_case_uses_the_result_page_s_business_days():
    case = make_case("meets", now=NOW)  # Thursday 10:00
    assert case_clock(case, now=NOW + timedelta(days=3)).status.startswith("Due in")
    assert case_clock(case, now=NOW + timedelta(days=4, minutes=1)).status == "Overdue by 1 min"
    with override_settings(REMINDER_NEXT_STEPS_AFTER_BUSINESS_DAYS=1):
        # One setting moves both the queue's target and the patient's promise.
        assert case_clock(case, now=NOW + timedelta(days=2)).overdue


def test_a_case_taken_on_has_no_clock():
    case = make_case("meets", now=NOW)
    Submission.objects.filter(pk=case.pk).update(case_status=Submission.CaseStatus.CONTACTED)
    case.refresh_from_db()
    clock = case_clock(case, now=NOW + timedelta(days=30))
    assert clock.status == "" and not clock.overdue


def test_the_queue_page_says_overdue_in_words(staff_client):
    old = make_case("meets", now=timezone.now() - timedelta(days=10))
    fresh = make_case("does_not_meet", now=timezone.now())
    html = staff_client(CLINICIAN).get(reverse("staff_queue")).content.decode()
    assert "Overdue by" in html and "queue-row--overdue" in html
    assert "Meets clinic criteria" in html and "Does not meet clinic criteria" in html
    assert "Within 2 business days" in html
    assert old.public_id in html and fresh.public_id in html


def test_the_result_page_promises_the_same_number():
    from django.template.loader import render_to_string

    text = render_to_string("intake/result.html", {"follow_up_business_days": 2, "urgent": False})
    assert "within 2 business days" in " ".join(text.split())


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (at(27, 21, 30), datetime(2026, 12, 1, 21, 30, tzinfo=CLINIC)),  # Friday evening
        (at(26, 10), at(30, 10)),  # Thursday morning: Friday, then Monday
        (at(28, 23, 30), datetime(2026, 12, 1, 23, 30, tzinfo=CLINIC)),  # Saturday night
        # Across the change to daylight time (8 March 2026), the same hour on the clock.
        (datetime(2026, 3, 6, 20, tzinfo=CLINIC), datetime(2026, 3, 10, 20, tzinfo=CLINIC)),
    ],
)
def test_business_days_are_the_clinic_s_weekdays_not_utc_s(start, expected):
    """Friday 21:30 in Boston is Saturday in UTC; two business days are Monday and Tuesday."""
    from screening.reminders.outbox import add_business_days

    assert add_business_days(start.astimezone(ZoneInfo("UTC")), 2) == expected

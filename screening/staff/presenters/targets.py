"""How long a case has waited, against the clinic's target for it (issue 18).

Two targets, both from settings so the queue and the patient's result page say the same thing:
an unacknowledged urgent flag is due within URGENT_CONTACT_TARGET_WORKING_HOURS working hours
(CLINIC_WORKING_HOURS, Monday to Friday); a new case within
REMINDER_NEXT_STEPS_AFTER_BUSINESS_DAYS business days of being received, the promise the result
page makes. Other cases have been taken on and have no clock.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from screening.models import Submission
from screening.reminders.outbox import add_business_days


def _at_hour(moment: datetime, hour: int) -> datetime:
    """`hour`:00 on `moment`'s clinic day (made aware afresh, so a DST change is respected)."""
    return timezone.make_aware(datetime.combine(moment.date(), time(hour)))


def add_working_hours(start: datetime, hours: float) -> datetime:
    """`start` plus `hours` of the clinic's working time (weekdays within CLINIC_WORKING_HOURS;
    public holidays are not skipped). A flag raised at night starts counting next morning."""
    opens, closes = settings.CLINIC_WORKING_HOURS
    moment = timezone.localtime(start)
    remaining = timedelta(hours=hours)
    while True:
        if moment.weekday() >= 5 or moment >= _at_hour(moment, closes):
            moment = _at_hour(moment + timedelta(days=1), opens)
            continue
        moment = max(moment, _at_hour(moment, opens))
        left_today = _at_hour(moment, closes) - moment
        if remaining <= left_today:
            return moment + remaining
        remaining -= left_today
        moment = _at_hour(moment + timedelta(days=1), opens)


def span_words(delta: timedelta) -> str:
    """A waiting time as staff say it: "40 min", "3 h 5 min", "2 days 4 h"."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''}" + (f" {hours} h" if hours else "")
    if hours:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    return f"{minutes} min"


@dataclass(frozen=True)
class CaseClock:
    age: str  # how long since the case was received (or the urgent draft last saved)
    target: str  # the target in words, e.g. "Same day (4 working hours)"
    due_at: datetime | None
    overdue: bool
    status: str  # "Overdue by 1 h 5 min" / "Due in 40 min"; empty without a target


def case_clock(case: Submission, *, now: datetime) -> CaseClock:
    received = case.submitted_at or case.updated_at
    age = span_words(now - received) if received else ""
    due_at: datetime | None = None
    target = ""
    if case.urgent and case.urgent_acknowledged_at is None and received:
        hours = settings.URGENT_CONTACT_TARGET_WORKING_HOURS
        due_at = add_working_hours(received, hours)
        target = f"Same day ({hours} working hours)"
    elif case.case_status == Submission.CaseStatus.NEW and case.submitted_at:
        days = settings.REMINDER_NEXT_STEPS_AFTER_BUSINESS_DAYS
        due_at = add_business_days(case.submitted_at, days)
        target = f"Within {days} business days"
    if due_at is None:
        return CaseClock(age=age, target="", due_at=None, overdue=False, status="")
    overdue = now > due_at
    status = (
        f"Overdue by {span_words(now - due_at)}"
        if overdue
        else f"Due in {span_words(due_at - now)}"
    )
    return CaseClock(age=age, target=target, due_at=due_at, overdue=overdue, status=status)

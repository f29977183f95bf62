"""Issue 13, defect 5: a long SMTP outage on a simulated clock.

The mail server refuses every connection for a day. Nothing may be failed for good in the first
24 hours: urgent alerts are tried every 1-2 minutes, a patient's resume link at most an hour
apart; staff see them "retrying", then "failing", with a banner for the late urgent alert; after
24 hours they fail, and "send again" delivers once the server is back. The clock is the test's:
dispatcher and send run in this process at each due time (conftest.run_due), against a real SMTP
port that refuses.
"""

from datetime import datetime, timedelta

import pytest

from screening.models import Reminder
from screening.reminders.dispatch import reminder_send_again
from screening.reminders.selectors import delivery_problems, undelivered_urgent_count

from .conftest import NEW_YORK, canary_case, reminders_of, run_due

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=NEW_YORK)
DAY = timedelta(hours=24)


def test_a_day_long_smtp_outage_retries_for_24_hours_shows_staff_and_sends_again(smtp, settings):
    assert settings.REMINDER_RETRY_FOR_HOURS >= 24
    urgent_case = canary_case(now=NOW, item9=2)
    [alert] = reminders_of(urgent_case, Reminder.Kind.URGENT_ALERT)
    draft = canary_case(now=NOW, submit=False)
    [link] = reminders_of(draft, Reminder.Kind.RESUME_LINK)
    watched = {alert.pk: "alert", link.pk: "link"}
    tries: dict[str, list[datetime]] = {"alert": [], "link": []}
    seen_states: dict[str, set[str]] = {"alert": set(), "link": set()}
    banner_at: datetime | None = None
    smtp.stop()  # connection refused, for the whole day

    clock = NOW
    while clock < NOW + DAY + timedelta(hours=2):
        for pk, outcome in run_due(clock).items():
            if pk in watched:
                tries[watched[pk]].append(clock)
                assert outcome.status in ("retrying", "failed"), outcome
        states = {p.reminder_id: p.state for p in delivery_problems(now=clock)}
        for pk, name in watched.items():
            if pk in states:
                seen_states[name].add(states[pk])
        if banner_at is None and undelivered_urgent_count(now=clock):
            banner_at = clock
        open_rows = Reminder.objects.filter(
            pk__in=watched, status=Reminder.Status.PENDING
        ).order_by("due_at")
        if not open_rows.exists():
            break
        clock = open_rows.first().due_at

    alert.refresh_from_db()
    link.refresh_from_db()
    # Failed only after 24 hours of trying, never before.
    for row, name in ((alert, "alert"), (link, "link")):
        assert row.status == Reminder.Status.FAILED, name
        assert row.last_error_kind == "connection_refused"
        assert tries[name][-1] - tries[name][0] >= DAY, name
        assert seen_states[name] == {"retrying", "failing", "failed"}, (name, seen_states)
    # Urgent: every minute or two. Patient message: capped backoff, at most an hour apart.
    alert_gaps = [b - a for a, b in zip(tries["alert"], tries["alert"][1:], strict=False)]
    assert all(timedelta(seconds=59) <= gap <= timedelta(seconds=121) for gap in alert_gaps)
    link_gaps = [b - a for a, b in zip(tries["link"], tries["link"][1:], strict=False)]
    assert max(link_gaps) <= timedelta(hours=1, seconds=1)
    assert link_gaps[1] > link_gaps[0]  # backing off
    # The banner came up within 5 minutes (and a beat) of the alert's first failure.
    assert banner_at is not None and banner_at - NOW <= timedelta(minutes=5, seconds=121)

    # The server is back; staff press "send again" on the failed alert.
    smtp.start()
    reminder_send_again(reminder_id=alert.pk, now=clock)
    assert run_due(clock)[alert.pk].status == "sent"
    assert smtp.handler.count() == 1
    assert alert.pk not in {p.reminder_id for p in delivery_problems(now=clock)}

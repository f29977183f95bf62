"""Beat's schedule, the worker settings the outbox relies on, and the scheduled tasks."""

from datetime import datetime, timedelta

import pytest
from celery.schedules import crontab
from django.utils import timezone

from screening.intake import tasks as intake_tasks
from screening.models import Reminder, Submission
from screening.reminders import dispatch as reminders
from screening.reminders import tasks
from screening.reminders.dispatch import digest_schedule
from trd_clinic.celery import app

from .conftest import NEW_YORK, canary_case


def test_beat_runs_the_dispatcher_each_minute_the_digest_at_8_and_the_purge_daily(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["dispatch-due-reminders"]["schedule"] == 60.0
    digest = schedule["schedule-daily-digest"]["schedule"]
    assert isinstance(digest, crontab) and digest.hour == {8} and digest.minute == {0}
    purge = schedule["purge-old-drafts"]["schedule"]
    assert isinstance(purge, crontab) and len(purge.hour) == 1 and len(purge.minute) == 1
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE  # 8:00 is clinic time
    app.loader.import_default_modules()
    for entry in schedule.values():
        assert entry["task"] in app.tasks
        # Never a countdown or ETA: nothing waits in Redis (security.md 17).
        assert not {"countdown", "eta"} & set(entry.get("options", {}))
        assert entry["options"]["expires"] <= 3600


def test_worker_settings_keep_a_task_until_it_is_done(settings):
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_ACCEPT_CONTENT == ["json"] and settings.CELERY_TASK_IGNORE_RESULT
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > settings.CELERY_TASK_TIME_LIMIT
    # The lease outlives a send that is still running, so it is never claimed twice.
    assert settings.REMINDER_LEASE_SECONDS > settings.CELERY_TASK_TIME_LIMIT
    assert settings.EMAIL_TIMEOUT < settings.CELERY_TASK_SOFT_TIME_LIMIT


@pytest.mark.django_db
def test_the_digest_is_written_once_per_clinic_day():
    eight = datetime(2026, 11, 27, 8, 0, tzinfo=NEW_YORK)
    first = digest_schedule(now=eight)
    assert digest_schedule(now=eight + timedelta(hours=3)).pk == first.pk
    assert (first.kind, first.submission, first.sequence) == (
        "daily_digest",
        None,
        eight.date().toordinal(),
    )
    assert digest_schedule(now=eight + timedelta(days=1)).pk != first.pk
    # 23:30 on the 27th in New York is already the 28th in UTC: still the 27th's digest.
    assert digest_schedule(now=datetime(2026, 11, 27, 23, 30, tzinfo=NEW_YORK)).pk == first.pk


@pytest.mark.django_db
def test_the_digest_task_writes_todays_row():
    tasks.schedule_daily_digest.run()
    today = timezone.localdate()
    assert Reminder.objects.filter(kind="daily_digest", sequence=today.toordinal()).count() == 1


@pytest.mark.django_db
def test_the_purge_task_deletes_old_drafts_and_their_reminders(settings):
    draft = canary_case(now=timezone.now(), submit=False)
    Submission.objects.filter(pk=draft.pk).update(
        updated_at=timezone.now() - timedelta(days=settings.DRAFT_PURGE_AFTER_DAYS + 1)
    )
    assert intake_tasks.purge_old_drafts.run() > 0
    assert not Submission.objects.filter(pk=draft.pk).exists()
    assert not Reminder.objects.filter(submission_id=draft.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_dispatch_task_claims_what_is_due_by_the_clock(monkeypatch):
    handed: list[int] = []
    monkeypatch.setattr(reminders, "enqueue_send_tasks", lambda ids, **_: handed.extend(ids))
    draft = canary_case(now=timezone.now(), submit=False)
    assert tasks.dispatch_due_reminders.run() == 1
    assert handed == [Reminder.objects.get(submission=draft, kind="resume_link").pk]

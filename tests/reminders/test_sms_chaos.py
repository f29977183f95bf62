"""The outbox's guarantees hold for texts as for emails (issue 18 item 6): a real Celery worker
texting a batch through the Twilio backend to the fake API on loopback, killed with SIGKILL
mid-batch and restarted: every text delivered, none more than once more, and a second copy
only for a text caught in the one window (Twilio has it, the commit recording it has not
happened). Texts have no Message-ID to fold copies into one, which is why the window must
stay this narrow: each number below belongs to one row, so copies are counted per number.

Mirrors test_chaos.py (kill -9 mid-batch) and test_chaos_window.py (the window on purpose).
"""

import os
import secrets
import signal
import time
from collections import Counter

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from screening.intake import services as intake
from screening.models import Reminder
from screening.reminders.dispatch import reminders_dispatch
from tests.conftest import start_celery_worker

from .conftest import CANARY, CANARY_EMAIL, FIRST_NAME, wait_until
from .fake_twilio import FakeTwilio
from .test_chaos import all_sent, forget_unacked, limits_as_in_production
from .test_chaos_window import pool_children
from .texting import TEXT_CONSENT, assert_clean_text, new_number

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def drafts_with_texted_links(count: int) -> dict[int, str]:
    """`count` drafts whose link to continue goes by text, each to a number of its own
    (a message asked for, so it goes at any hour: the real clock never holds it back).
    Returns reminder id -> number."""
    now = timezone.now()
    numbers: dict[int, str] = {}
    for _ in range(count):
        draft, _key = intake.draft_start(consents=TEXT_CONSENT, now=now)
        phone = new_number()
        while phone in numbers.values():
            phone = new_number()
        intake.draft_save_about(
            submission_id=draft.pk,
            first_name=FIRST_NAME,
            last_name=CANARY,
            date_of_birth=None,
            email=CANARY_EMAIL.replace("@", f"+{secrets.token_hex(6)}@"),
            phone=phone,
            preferred_location=None,
            contact_method="text",
            now=now,
        )
        link = Reminder.objects.get(submission=draft, kind=Reminder.Kind.RESUME_LINK)
        Reminder.objects.filter(pk=link.pk).update(channel=Reminder.Channel.SMS)
        numbers[link.pk] = phone
    return numbers


def settle(fake: FakeTwilio, quiet: float = 0.5, timeout: float = 10) -> None:
    """Wait until the fake has recorded nothing new for `quiet` seconds."""
    deadline = time.monotonic() + timeout
    seen = fake.state.count()
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now_seen = fake.state.count()
        if now_seen == seen:
            return
        seen = now_seen


def copies_by_row(fake: FakeTwilio, numbers: dict[int, str]) -> dict[int, int]:
    counts = Counter(text.to for text in fake.state.snapshot())
    return {pk: counts[phone] for pk, phone in numbers.items()}


def test_kill_9_mid_batch_of_200_texts_then_restart_texts_each_at_most_once_more(
    tmp_path, settings
):
    limits = limits_as_in_production(settings, lease=8)
    fake = FakeTwilio().start()
    fake.state.delay = 0.01  # so that the kill lands mid-batch
    numbers = drafts_with_texted_links(200)
    ids = list(numbers)
    env = fake.settings_env(**limits, REMINDER_RETRY_BASE_SECONDS="1")
    worker = start_celery_worker(tmp_path, concurrency=2, extra_env=env)
    try:
        assert len(reminders_dispatch(now=timezone.now())) == 200
        assert wait_until(lambda: fake.state.count() >= 40, timeout=60), worker.log()
        worker.stop(signal.SIGKILL)  # kill -9 of the whole worker: main process and pool
        # A request sent just before the kill is still being answered (the fake records a text
        # after its delay, as Twilio may accept one after the client is gone): it belongs to the
        # window too, so read the fake only once it has settled.
        settle(fake)
        texted_before_kill = {text.to for text in fake.state.snapshot()}
        sent_before_kill = set(
            Reminder.objects.filter(pk__in=ids, status=Reminder.Status.SENT).values_list(
                "pk", flat=True
            )
        )
        assert 0 < len(sent_before_kill) < 200, "the kill should land mid-batch"
        # Twilio has the text but the row does not say SENT: the documented window.
        in_window = {pk for pk in ids if numbers[pk] in texted_before_kill} - sent_before_kill
        assert len(in_window) <= 2  # at most one send in flight per pool process

        worker = start_celery_worker(tmp_path, concurrency=2, extra_env=env)

        def beat() -> bool:  # the dispatcher's every-minute run, sped up
            reminders_dispatch(now=timezone.now())
            return all_sent(ids)

        assert wait_until(beat, timeout=120, interval=0.5), worker.log()
    finally:
        worker.stop()
        fake.stop()
        forget_unacked(django_settings.CELERY_BROKER_URL, django_settings.CELERY_TASK_DEFAULT_QUEUE)

    copies = copies_by_row(fake, numbers)
    assert all(count >= 1 for count in copies.values())  # every one of the 200 went out
    assert max(copies.values()) <= 2  # at most once more
    twice = {pk for pk, count in copies.items() if count > 1}
    assert twice <= in_window  # a second copy only for a row caught inside the window
    # Each row keeps the id Twilio gave the copy it recorded; no text carries patient data.
    sids = {text.sid for text in fake.state.snapshot()}
    for row in Reminder.objects.filter(pk__in=ids):
        assert row.provider_message_id in sids
    for text in fake.state.snapshot():
        assert_clean_text(text.body, phone=text.to)
    assert "+1617" not in worker.log()  # no number in the worker's log


def test_a_pool_child_killed_in_the_window_sends_exactly_one_extra_text(tmp_path):
    """Twilio has the text and has not answered yet when the sending process dies: the task
    runs again at once (task_reject_on_worker_lost) and that one row gets one more copy."""
    assert django_settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    fake = FakeTwilio().start()
    fake.state.hold = 1
    numbers = drafts_with_texted_links(3)
    ids = list(numbers)
    worker = start_celery_worker(tmp_path, concurrency=1, extra_env=fake.settings_env())
    try:
        reminders_dispatch(now=timezone.now())  # once: no later run may rescue a lost task
        assert fake.state.holding.wait(30), worker.log()
        [held] = fake.state.snapshot()
        [child] = pool_children(worker.process.pid)
        os.kill(child, signal.SIGKILL)  # the pool child alone; the main process lives on
        fake.state.release.set()
        assert wait_until(lambda: all_sent(ids), timeout=40, interval=0.2), worker.log()
    finally:
        fake.state.release.set()
        worker.stop()
        fake.stop()
        forget_unacked(django_settings.CELERY_BROKER_URL, django_settings.CELERY_TASK_DEFAULT_QUEUE)
    copies = copies_by_row(fake, numbers)
    assert sorted(copies.values()) == [1, 1, 2], copies  # exactly one extra, for the killed one
    [killed] = [pk for pk, count in copies.items() if count == 2]
    assert numbers[killed] == held.to

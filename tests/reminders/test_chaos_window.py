"""Chaos in the one window (issue 13): the SMTP server has the message, the sender has not yet
recorded it as sent, and the sender dies right there, on purpose, not by chance.

The SMTP server stores the message and holds back its "250" reply (smtp.RecordingHandler.hold)
while the test kills the sending process. Real worker subprocesses, real Redis, PostgreSQL and
SMTP on loopback; leases and task time limits are production's (the lease above the limit).

- A pool child killed alone: the worker's main process sees it lost, and because of
  `task_reject_on_worker_lost` the task goes back to the queue and runs again at once, sending
  one more copy with the same Message-ID. With the setting off the task is acknowledged as
  failed and nothing more happens until the lease (5 minutes) ends: the first test fails.
- The whole worker killed: an urgent alert is claimed again after its own short lease and sent
  by the next worker within 2 minutes of the kill; a patient message waits for its longer lease.
"""

import os
import signal
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from screening.models import Reminder
from screening.reminders.dispatch import reminders_dispatch
from screening.reminders.messages import message_id_for
from tests.conftest import start_celery_worker

from .conftest import canary_case, reminders_of, wait_until, worker_env
from .smtp import SmtpServer
from .test_chaos import (
    RedisServer,
    all_sent,
    drafts_with_resume_links,
    enqueue_on,
    forget_unacked,
    limits_as_in_production,
    send_by_name,
)

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

# A beat runs the dispatcher every minute (CELERY_BEAT_SCHEDULE).
BEAT_SECONDS = 60
URGENT_BACK_WITHIN = timedelta(minutes=2)


def pool_children(main_pid: int) -> list[int]:
    children = Path(f"/proc/{main_pid}/task/{main_pid}/children").read_text().split()
    return [int(pid) for pid in children]


def stop_all(server: SmtpServer, worker) -> None:
    server.handler.release.set()
    worker.stop()
    server.stop()
    forget_unacked(django_settings.CELERY_BROKER_URL, django_settings.CELERY_TASK_DEFAULT_QUEUE)


def copies(server: SmtpServer) -> Counter[str]:
    return Counter(received.message_id for received in server.handler.snapshot())


def test_a_pool_child_killed_in_the_window_sends_one_extra_copy_with_the_same_message_id(
    tmp_path,
):
    assert django_settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert django_settings.REMINDER_LEASE_SECONDS > django_settings.CELERY_TASK_TIME_LIMIT
    server = SmtpServer().start()
    server.handler.hold = 1
    ids = drafts_with_resume_links(3)
    worker = start_celery_worker(tmp_path, concurrency=1, extra_env=worker_env(server))
    try:
        reminders_dispatch(now=timezone.now())  # once: no later run may rescue a lost task
        assert server.handler.holding.wait(30), worker.log()
        [child] = pool_children(worker.process.pid)
        os.kill(child, signal.SIGKILL)  # the pool child alone; the main process lives on
        server.handler.release.set()
        # Redelivered by the broker at once (reject_on_worker_lost), long before any lease.
        assert wait_until(lambda: all_sent(ids), timeout=40, interval=0.2), worker.log()
        assert "WorkerLostError" in worker.log() or "exited with" in worker.log()
    finally:
        stop_all(server, worker)
    counted = copies(server)
    per_row = {pk: counted[message_id_for(pk)] for pk in ids}
    assert sorted(per_row.values()) == [1, 1, 2], per_row  # exactly one extra, for the killed one
    assert sum(counted.values()) == 4 and set(counted) == {message_id_for(pk) for pk in ids}


def test_an_urgent_alert_lost_with_a_killed_worker_is_sent_within_2_minutes(tmp_path, settings):
    lease = settings.URGENT_LEASE_SECONDS
    assert settings.URGENT_TASK_TIME_LIMIT < lease < settings.REMINDER_LEASE_SECONDS
    assert timedelta(seconds=lease + BEAT_SECONDS) <= URGENT_BACK_WITHIN
    server = SmtpServer().start()
    server.handler.hold = 2
    now = timezone.now()
    case = canary_case(now=now, item9=2)
    [alert] = reminders_of(case, Reminder.Kind.URGENT_ALERT)
    [link] = Reminder.objects.filter(pk__in=drafts_with_resume_links(1))
    # One alert and one patient message in the window (two held by the server, two worker
    # slots): the case's own "we have your answers" is kept out of it, as if already handled.
    assert Reminder.objects.filter(submission=case, kind=Reminder.Kind.RECEIVED).update(
        status=Reminder.Status.CANCELLED
    )
    env = worker_env(server)
    worker = start_celery_worker(tmp_path, concurrency=2, extra_env=env)
    try:
        handed = reminders_dispatch(now=timezone.now())
        assert {alert.pk, link.pk} <= set(handed)
        assert wait_until(lambda: server.handler.held == 2, timeout=30), worker.log()
        worker.stop(signal.SIGKILL)  # the whole worker, both sends lost mid-way
        killed_at = timezone.now()
        server.handler.release.set()
        worker = start_celery_worker(tmp_path, concurrency=2, extra_env=env)

        # The first dispatcher run after the urgent lease ends: the alert only.
        next_beat = killed_at + timedelta(seconds=lease + 1)
        assert reminders_dispatch(now=next_beat) == [alert.pk]
        assert wait_until(
            lambda: Reminder.objects.get(pk=alert.pk).status == Reminder.Status.SENT, timeout=30
        ), worker.log()
        # The patient message keeps its own, longer lease.
        assert Reminder.objects.get(pk=link.pk).status == Reminder.Status.SENDING
        later = killed_at + timedelta(seconds=settings.REMINDER_LEASE_SECONDS + 1)
        assert reminders_dispatch(now=later) == [link.pk]
        assert wait_until(lambda: all_sent([alert.pk, link.pk]), timeout=30), worker.log()
    finally:
        stop_all(server, worker)
    counted = copies(server)
    # Both were inside the window when the worker died: one extra copy each, same Message-ID.
    assert counted[message_id_for(alert.pk)] == 2
    assert counted[message_id_for(link.pk)] == 2


def test_redis_emptied_under_a_running_worker_mid_dispatch_loses_nothing(tmp_path, settings):
    """Half the batch handed to Redis, Redis killed and restarted empty, the other half handed
    to the new one, a worker consuming all along: the lost half comes back by its lease."""
    limits = limits_as_in_production(settings, lease=4)
    broker = RedisServer(tmp_path).start()
    server = SmtpServer().start()
    server.handler.delay = 0.2  # the worker is mid-batch when Redis goes
    ids = drafts_with_resume_links(30)
    worker = start_celery_worker(
        tmp_path,
        extra_env={**worker_env(server, **limits), "REDIS_URL": broker.url},
    )
    queue = django_settings.CELERY_TASK_DEFAULT_QUEUE
    emptied: list[int] = []

    def hand_over_while_redis_dies(reminder_ids) -> None:
        half = len(reminder_ids) // 2
        enqueue_on(broker.url)(reminder_ids[:half])
        assert wait_until(lambda: server.handler.count() >= 1, timeout=20)
        broker.kill()
        broker.start()
        emptied.append(broker.queue_length(queue))
        enqueue_on(broker.url)(reminder_ids[half:])

    try:
        assert len(reminders_dispatch(now=timezone.now(), enqueue=hand_over_while_redis_dies)) == 30
        assert emptied == [0]

        def beat() -> bool:  # beat's every-minute dispatcher, sped up, through the new Redis
            send_by_name(broker.url, "screening.dispatch_due_reminders")
            return all_sent(ids)

        assert wait_until(beat, timeout=90, interval=1.0), worker.log()
    finally:
        worker.stop()
        broker.kill()
        server.stop()
    counted = copies(server)
    per_row = [counted[message_id_for(pk)] for pk in ids]
    assert min(per_row) == 1 and max(per_row) <= 2
    assert per_row.count(2) <= 1  # only the one send in flight when Redis died, if any


def test_an_urgent_send_task_carries_its_lower_time_limits_to_the_broker(settings):
    """What the worker will enforce is in the message itself: read it back from Redis."""
    import json

    import redis

    from screening.reminders.dispatch import enqueue_send_tasks

    queue = django_settings.CELERY_TASK_DEFAULT_QUEUE
    client = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    client.delete(queue)
    enqueue_send_tasks([1], urgent=True)
    enqueue_send_tasks([2])
    raw = [json.loads(client.rpop(queue)) for _ in range(2)]
    client.delete(queue)
    limits = {msg["headers"]["argsrepr"]: msg["headers"]["timelimit"] for msg in raw}
    assert limits["(1,)"] == [settings.URGENT_TASK_TIME_LIMIT, settings.URGENT_TASK_SOFT_TIME_LIMIT]
    assert limits["(2,)"] == [settings.CELERY_TASK_TIME_LIMIT, settings.CELERY_TASK_SOFT_TIME_LIMIT]
    assert settings.URGENT_TASK_TIME_LIMIT < settings.URGENT_LEASE_SECONDS

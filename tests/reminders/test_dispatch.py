"""The dispatcher on real PostgreSQL: what it claims, its lease, SKIP LOCKED, and two at once."""

import base64
import json
import threading
from datetime import datetime, timedelta

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection, transaction

from screening.models import Reminder
from screening.reminders.dispatch import reminders_dispatch

from .conftest import CANARY, FIRST_NAME, NEW_YORK, canary_case

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=NEW_YORK)


def digest_rows(count: int, due_at: datetime) -> list[int]:
    """Rows with no case, so thousands are cheap; the dispatcher treats every kind alike."""
    rows = Reminder.objects.bulk_create(
        Reminder(kind=Reminder.Kind.DAILY_DIGEST, sequence=n, due_at=due_at)
        for n in range(1, count + 1)
    )
    return [row.pk for row in rows]


def test_it_claims_due_rows_only_and_leases_them(settings):
    settings.REMINDER_LEASE_SECONDS = 120
    past, exactly_now = digest_rows(2, NOW - timedelta(hours=1))
    Reminder.objects.filter(pk=exactly_now).update(due_at=NOW)
    [future] = Reminder.objects.bulk_create(
        [Reminder(kind=Reminder.Kind.DAILY_DIGEST, sequence=99, due_at=NOW + timedelta(seconds=1))]
    )
    handed: list[int] = []
    assert reminders_dispatch(now=NOW, enqueue=handed.extend) == [past, exactly_now]
    assert handed == [past, exactly_now]
    assert all(type(pk) is int for pk in handed)  # ids only cross to the broker
    claimed = Reminder.objects.filter(pk__in=handed)
    assert {(r.status, r.lease_expires_at, r.attempts) for r in claimed} == {
        ("sending", NOW + timedelta(seconds=120), 1)
    }
    assert Reminder.objects.get(pk=future.pk).status == Reminder.Status.PENDING


def test_an_expired_lease_is_claimed_again_and_a_live_one_is_not(settings):
    settings.REMINDER_LEASE_SECONDS = 60
    [pk] = digest_rows(1, NOW)
    assert reminders_dispatch(now=NOW, enqueue=lambda ids: None) == [pk]
    assert reminders_dispatch(now=NOW + timedelta(seconds=59), enqueue=lambda ids: None) == []
    assert reminders_dispatch(now=NOW + timedelta(seconds=60), enqueue=lambda ids: None) == [pk]
    assert Reminder.objects.get(pk=pk).attempts == 2


def test_a_row_whose_lease_keeps_running_out_fails_visibly(settings):
    settings.REMINDER_LEASE_SECONDS = 60
    settings.REMINDER_MAX_ATTEMPTS = 2
    [pk] = digest_rows(1, NOW)
    for minutes in (0, 1):
        assert reminders_dispatch(now=NOW + timedelta(minutes=minutes), enqueue=list) == [pk]
    assert reminders_dispatch(now=NOW + timedelta(minutes=2), enqueue=list) == []
    row = Reminder.objects.get(pk=pk)
    assert (row.status, row.last_error_kind, row.attempts) == ("failed", "lease_expired", 2)


def test_the_ids_are_handed_over_only_after_the_claim_is_committed():
    ids = digest_rows(3, NOW)
    seen_elsewhere: list[set[str]] = []

    def look_from_another_connection(handed):
        def look():
            try:
                seen_elsewhere.append(
                    set(Reminder.objects.filter(pk__in=handed).values_list("status", flat=True))
                )
            finally:
                connection.close()  # this thread's own connection

        thread = threading.Thread(target=look)
        thread.start()
        thread.join()

    reminders_dispatch(now=NOW, enqueue=look_from_another_connection)
    assert seen_elsewhere == [{"sending"}]
    assert len(ids) == 3


def test_a_row_locked_by_someone_else_is_skipped_not_waited_for():
    locked, free = digest_rows(2, NOW)
    holding, release = threading.Event(), threading.Event()

    def hold_lock():
        try:
            with transaction.atomic():
                Reminder.objects.select_for_update().get(pk=locked)
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()  # this thread's own connection

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert holding.wait(timeout=10)
        assert reminders_dispatch(now=NOW, enqueue=list) == [free]
    finally:
        release.set()
        holder.join()
    assert reminders_dispatch(now=NOW, enqueue=list) == [locked]


def test_two_dispatchers_at_once_never_claim_the_same_row(settings):
    settings.REMINDER_DISPATCH_BATCH = 20
    ids = digest_rows(1500, NOW)
    claimed: dict[str, list[int]] = {"a": [], "b": []}
    barrier = threading.Barrier(2)

    def dispatcher(name: str) -> None:
        try:
            barrier.wait()
            # Both keep going until neither finds anything due.
            while reminders_dispatch(now=NOW, enqueue=claimed[name].extend):
                pass
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=dispatcher, args=(name,)) for name in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    a, b = set(claimed["a"]), set(claimed["b"])
    assert len(claimed["a"]) == len(a) and len(claimed["b"]) == len(b)
    assert not a & b
    assert a | b == set(ids)
    assert a and b, "both dispatchers should have claimed a share"
    assert set(Reminder.objects.values_list("attempts", flat=True)) == {1}


def test_broker_messages_carry_the_reminder_id_and_nothing_else():
    """security.md 12: the real enqueue, read back from Redis before any worker takes it."""
    case = canary_case(now=NOW, submit=False)
    handed = reminders_dispatch(now=NOW)
    assert handed
    queue = django_settings.CELERY_TASK_DEFAULT_QUEUE
    client = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    try:
        raw = client.lrange(queue, 0, -1)
        assert raw, "the send tasks should be waiting in this run's queue"
        for item in raw:
            envelope = json.loads(item)
            args, kwargs, _ = json.loads(base64.b64decode(envelope["body"]))
            assert args in ([pk] for pk in handed) and kwargs == {}
            for text in (item.decode(), json.dumps(args)):
                assert CANARY not in text and FIRST_NAME not in text
                assert case.email not in text and case.public_id not in text
    finally:
        # This run's own queue: nobody else reads it.
        client.delete(queue)

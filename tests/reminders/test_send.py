"""The send service against a real SMTP server: once, stable Message-ID, retries, failures,
and the one window in which a message can go out twice."""

import random
import re
import threading
from datetime import datetime, timedelta

import pytest
from django.db import connection

from screening.intake import services as intake
from screening.models import Reminder, Submission
from screening.reminders import channels
from screening.reminders.dispatch import (
    SendOutcome,
    reminder_send,
    reminders_dispatch,
    retry_delay,
)
from screening.reminders.messages import message_id_for
from screening.reminders.selectors import delivery_problems

from .conftest import CANARY, FIRST_NAME, NEW_YORK, canary_case, reminders_of, run_due

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=NEW_YORK)


def claim(now: datetime) -> list[int]:
    handed: list[int] = []
    reminders_dispatch(now=now, enqueue=handed.extend)
    return handed


def test_a_reminder_is_sent_once_with_a_message_id_of_its_own(smtp):
    draft = canary_case(now=NOW, submit=False)
    [pk] = claim(NOW)
    assert reminder_send(reminder_id=pk, now=NOW).status == "sent"
    assert reminder_send(reminder_id=pk, now=NOW + timedelta(seconds=1)) == SendOutcome(
        "skipped", "sent"
    )
    [received] = smtp.handler.snapshot()
    assert received.message_id == message_id_for(pk) == message_id_for(pk)
    # Derived from the row, but not the row's number: an HMAC, on the clinic's domain.
    assert re.fullmatch(r"<[0-9a-f]{40}@127\.0\.0\.1>", received.message_id)
    row = reminders_of(draft, Reminder.Kind.RESUME_LINK)[0]
    assert (row.status, row.sent_at, row.attempts) == (Reminder.Status.SENT, NOW, 1)
    assert row.provider_message_id == received.message_id
    assert row.lease_expires_at is None


def test_two_sends_of_the_same_id_at_once_deliver_one_message(smtp):
    canary_case(now=NOW, submit=False)
    [pk] = claim(NOW)
    smtp.handler.delay = 0.3  # the first holds the row lock while the server takes its time
    outcomes: list[SendOutcome] = []
    barrier = threading.Barrier(2)

    def send() -> None:
        try:
            barrier.wait()
            outcomes.append(reminder_send(reminder_id=pk, now=NOW))
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o.status for o in outcomes) == ["sent", "skipped"]
    assert smtp.handler.count() == 1


@pytest.mark.parametrize("attempt", range(1, 10))
def test_retry_delay_doubles_with_jitter_and_a_cap(attempt, settings):
    settings.REMINDER_RETRY_BASE_SECONDS = 60
    settings.REMINDER_RETRY_MAX_SECONDS = 3600
    ceiling = min(60 * 2 ** (attempt - 1), 3600)
    delays = {retry_delay(attempt=attempt, rng=random.Random(seed)) for seed in range(20)}
    assert all(ceiling / 2 <= d.total_seconds() <= ceiling for d in delays)
    assert len(delays) > 1  # jittered, so failed rows do not all come back at once


def test_a_transient_refusal_goes_back_to_the_outbox_then_delivers(smtp, settings):
    settings.REMINDER_RETRY_BASE_SECONDS = 60
    smtp.handler.refusals = 2  # "421 try again later", twice
    draft = canary_case(now=NOW, submit=False)
    row = reminders_of(draft, Reminder.Kind.RESUME_LINK)[0]
    assert run_due(NOW)[row.pk] == SendOutcome("retrying", "smtp_421")
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error_kind) == ("pending", 1, "smtp_421")
    assert NOW + timedelta(seconds=30) <= row.due_at <= NOW + timedelta(seconds=60)
    assert run_due(row.due_at - timedelta(seconds=1)) == {}
    first_retry = row.due_at
    assert run_due(first_retry)[row.pk].status == "retrying"
    row.refresh_from_db()
    assert first_retry + timedelta(seconds=60) <= row.due_at <= first_retry + timedelta(seconds=120)
    assert run_due(row.due_at)[row.pk].status == "sent"
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error_kind) == ("sent", 3, "")
    assert smtp.handler.count() == 1 and smtp.handler.refused == 2


def test_refused_connections_are_retried_once_the_server_is_back(smtp):
    draft = canary_case(now=NOW, submit=False)
    row = reminders_of(draft, Reminder.Kind.RESUME_LINK)[0]
    smtp.stop()
    assert run_due(NOW)[row.pk] == SendOutcome("retrying", "connection_refused")
    smtp.start()
    row.refresh_from_db()
    assert run_due(row.due_at)[row.pk].status == "sent"


def test_transient_errors_stop_after_the_retry_window_and_show_as_a_problem(smtp, settings):
    settings.REMINDER_RETRY_FOR_HOURS = 1
    smtp.handler.refusal = "451 4.7.1 Greylisted, try again later"
    smtp.handler.refusals = -1  # for ever
    draft = canary_case(now=NOW, submit=False)
    row = reminders_of(draft, Reminder.Kind.RESUME_LINK)[0]
    statuses = []
    while row.status != Reminder.Status.FAILED and len(statuses) < 20:
        statuses.append(run_due(row.due_at)[row.pk].status)
        row.refresh_from_db()
    assert statuses[-1] == "failed" and set(statuses[:-1]) == {"retrying"}
    assert row.due_at - row.retrying_since >= timedelta(hours=1) - timedelta(minutes=60)
    assert (row.status, row.last_error_kind) == ("failed", "smtp_451")
    [problem] = delivery_problems(now=row.due_at)
    assert (problem.kind, problem.case_public_id, problem.attempts, problem.last_error_kind) == (
        "resume_link",
        draft.public_id,
        len(statuses),
        "smtp_451",
    )
    assert problem.state == "failed"
    assert run_due(NOW + timedelta(days=1)).get(row.pk) is None


def test_a_permanent_refusal_fails_at_once(smtp):
    smtp.handler.rcpt_reply = "550 5.1.1 No such user here"
    draft = canary_case(now=NOW, submit=False)
    row = reminders_of(draft, Reminder.Kind.RESUME_LINK)[0]
    assert run_due(NOW)[row.pk] == SendOutcome("failed", "smtp_550")
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 1)
    assert smtp.handler.count() == 0
    assert [p.last_error_kind for p in delivery_problems(now=NOW)] == ["smtp_550"]


class Crash(BaseException):
    """Stands in for kill -9: nothing after it runs, and the open transaction is rolled back
    (as PostgreSQL does when a connection dies)."""


def crashing(when: str):
    def channel(name: str):
        real = channels.channel_for(name)

        class Crashing:
            def send(self, message):
                if when == "before_smtp":
                    raise Crash
                provider_id = real.send(message)
                if when == "after_smtp_accept":
                    raise Crash
                return provider_id

            def close(self):
                real.close()

        return Crashing()

    return channel


def test_the_only_window_for_a_second_copy_is_between_the_smtp_accept_and_the_commit(
    smtp, settings
):
    settings.REMINDER_LEASE_SECONDS = 60
    # Three people (resume emails to one address are limited: issue 14 item 4).
    drafts = [canary_case(now=NOW, submit=False, email=f"person{n}@example.org") for n in range(3)]
    ids = [reminders_of(draft, Reminder.Kind.RESUME_LINK)[0].pk for draft in drafts]
    assert sorted(claim(NOW)) == sorted(ids)
    before, window, after = ids
    with pytest.raises(Crash):
        reminder_send(reminder_id=before, now=NOW, channel=crashing("before_smtp"))
    with pytest.raises(Crash):
        reminder_send(reminder_id=window, now=NOW, channel=crashing("after_smtp_accept"))
    assert reminder_send(reminder_id=after, now=NOW).status == "sent"  # then the crash
    assert Reminder.objects.get(pk=window).status == Reminder.Status.SENDING

    # Nothing is claimed again while the lease runs; then the two crashed rows are.
    assert run_due(NOW + timedelta(seconds=59)) == {}
    recovered = run_due(NOW + timedelta(seconds=60))
    assert {pk: o.status for pk, o in recovered.items()} == {before: "sent", window: "sent"}

    copies = [r.message_id for r in smtp.handler.snapshot()]
    assert copies.count(message_id_for(before)) == 1
    assert copies.count(message_id_for(window)) == 2  # the documented window: same Message-ID
    assert copies.count(message_id_for(after)) == 1


def test_the_sms_channel_slot_sends_through_the_console_backend(capsys):
    sms_consent = intake.ConsentAnswers(
        privacy=True, adult=True, email_reminders=False, sms_reminders=True
    )
    case = canary_case(now=NOW, consents=sms_consent)
    Submission.objects.filter(pk=case.pk).update(phone="+16175550100")
    [checkin] = reminders_of(case, Reminder.Kind.CHECKIN)[:1]
    Reminder.objects.filter(pk=checkin.pk).update(channel=Reminder.Channel.SMS)
    outcomes = run_due(checkin.due_at)
    assert outcomes[checkin.pk].status == "sent"
    printed = capsys.readouterr().out
    assert "SMS to +16175550100" in printed and "/checkin/" in printed
    # A text shows on a lock screen, to whoever holds the phone now: not even the first name.
    assert FIRST_NAME not in printed
    assert CANARY not in printed
    # The email kinds, without email consent, were not sent.
    assert outcomes[reminders_of(case, Reminder.Kind.NEXT_STEPS)[0].pk].reason == "no_consent"


def test_an_sms_needs_its_own_consent(capsys):
    case = canary_case(now=NOW)  # email reminders yes, text reminders no
    [checkin] = reminders_of(case, Reminder.Kind.CHECKIN)[:1]
    Reminder.objects.filter(pk=checkin.pk).update(channel=Reminder.Channel.SMS)
    Reminder.objects.filter(submission=case, kind=Reminder.Kind.NEXT_STEPS).delete()
    assert run_due(checkin.due_at)[checkin.pk] == SendOutcome("cancelled", "no_consent")
    assert "SMS to" not in capsys.readouterr().out

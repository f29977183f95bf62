"""Send-time rules with explicit times: quiet hours, the budget, and each stopping condition.

These run the real dispatcher and send service in this process against a real SMTP server, so
the time is whatever the test says it is.
"""

from datetime import datetime, timedelta

import pytest

from screening.intake import services as intake
from screening.intake.purge import drafts_purge
from screening.models import Consent, Reminder, Submission
from screening.reminders.checkins import checkin_link_create, checkin_link_redeem, checkin_record
from screening.reminders.dispatch import reminder_send, reminders_dispatch
from screening.reminders.rules import budget_frees_at, quiet_hours_end
from screening.reminders.unsubscribe import submission_unsubscribe

from .conftest import (
    NEW_YORK,
    RECEIVED_SUBJECT,
    besides_the_confirmation,
    canary_case,
    reminders_of,
    run_due,
    subjects,
)

pytestmark = pytest.mark.django_db(transaction=True)

THURSDAY_10AM = datetime(2026, 11, 26, 10, 0, tzinfo=NEW_YORK)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(26, 7, 59), at(26, 8)),
        (at(26, 8, 0), None),
        (at(26, 12, 0), None),
        (at(26, 19, 59), None),
        (at(26, 20, 0), at(27, 8)),
        (at(26, 23, 30), at(27, 8)),
        (at(27, 0, 10), at(27, 8)),
        # The evening before clocks spring forward: still 08:00 clinic time, now in EDT.
        (datetime(2026, 3, 7, 21, 0, tzinfo=NEW_YORK), datetime(2026, 3, 8, 8, 0, tzinfo=NEW_YORK)),
    ],
)
def test_quiet_hours_run_from_20_to_8_clinic_time(now, expected):
    assert quiet_hours_end(now=now) == expected


def test_quiet_hours_follow_the_clinic_time_zone_not_utc():
    # 02:00 UTC is 21:00 in New York (quiet) and mid-morning in Tokyo.
    assert quiet_hours_end(now=datetime.fromisoformat("2026-11-27T02:00:00+00:00")) == at(27, 8)


def _mark_sent(submission: Submission, kind: str, sequence: int, sent_at: datetime) -> None:
    Reminder.objects.update_or_create(
        submission=submission,
        kind=kind,
        sequence=sequence,
        defaults={"due_at": sent_at, "status": Reminder.Status.SENT, "sent_at": sent_at},
    )


def test_the_budget_allows_three_patient_messages_in_any_seven_days():
    case = canary_case(now=THURSDAY_10AM)
    _mark_sent(case, Reminder.Kind.RESUME_LINK, 1, at(20, 9))
    _mark_sent(case, Reminder.Kind.NEXT_STEPS, 1, at(24, 9))
    assert budget_frees_at(submission_id=case.pk, now=THURSDAY_10AM) is None
    _mark_sent(case, Reminder.Kind.CHECKIN, 1, at(25, 9))
    # The oldest leaves the window seven days after it was sent.
    assert budget_frees_at(submission_id=case.pk, now=THURSDAY_10AM) == at(27, 9)
    assert budget_frees_at(submission_id=case.pk, now=at(27, 9)) is None


def test_staff_messages_do_not_count_towards_the_patients_budget():
    case = canary_case(now=THURSDAY_10AM)
    for sequence in (1, 2, 3):
        _mark_sent(case, Reminder.Kind.URGENT_ALERT, sequence, at(25, 9))
    assert budget_frees_at(submission_id=case.pk, now=THURSDAY_10AM) is None


def test_a_fourth_patient_message_waits_for_the_budget_then_goes(smtp):
    case = canary_case(now=THURSDAY_10AM)
    next_steps = reminders_of(case, Reminder.Kind.NEXT_STEPS)[0]
    assert next_steps.due_at == at(30, 10)  # two business days after Thursday
    # Three in the window: a link, the "we have your answers" sent at the submit, a reminder.
    [received] = reminders_of(case, Reminder.Kind.RECEIVED)
    _mark_sent(case, Reminder.Kind.RESUME_LINK, 1, at(24, 9))
    assert run_due(THURSDAY_10AM)[received.pk].status == "sent"
    _mark_sent(case, Reminder.Kind.RESUME_INTAKE, 2, at(29, 9))
    assert smtp.handler.count() == 1
    outcomes = run_due(next_steps.due_at)
    assert outcomes[next_steps.pk].status == "deferred"
    next_steps.refresh_from_db()
    assert next_steps.status == Reminder.Status.PENDING
    freed = at(1, 9, month=12)  # seven days after the first of the three
    assert next_steps.due_at == freed
    assert next_steps.last_error_kind == "budget"
    assert next_steps.attempts == 0  # a deferral is not an attempt
    assert smtp.handler.count() == 1
    assert run_due(freed - timedelta(seconds=1)) == {}
    assert run_due(freed)[next_steps.pk].status == "sent"
    assert smtp.handler.count() == 2


def test_a_reminder_due_in_quiet_hours_waits_until_8_then_goes(smtp):
    draft = canary_case(now=at(25, 21, 30), submit=False)
    run_due(at(25, 21, 30))  # the link asked for at step 2 goes at once, as it would
    first = reminders_of(draft, Reminder.Kind.RESUME_INTAKE)[0]
    assert first.due_at == at(26, 21, 30)
    assert run_due(at(26, 21, 30))[first.pk].status == "deferred"
    first.refresh_from_db()
    assert (first.status, first.due_at, first.last_error_kind) == (
        "pending",
        at(27, 8),
        "quiet_hours",
    )
    assert run_due(at(27, 7, 59)) == {}
    assert run_due(at(27, 8))[first.pk].status == "sent"
    resume_intake = [r for r in smtp.handler.snapshot() if "left off" in r.message["Subject"]]
    assert len(resume_intake) == 1


def test_a_requested_resume_link_goes_at_once_even_at_night(smtp):
    draft = canary_case(now=at(25, 23, 0), submit=False)
    link = reminders_of(draft, Reminder.Kind.RESUME_LINK)[0]
    assert run_due(at(25, 23, 0))[link.pk].status == "sent"


# --- Each stopping condition cancels at send time ---------------------------------------------


def test_resume_reminders_stop_once_the_intake_is_submitted(smtp):
    draft = canary_case(now=THURSDAY_10AM, submit=False)
    resume = reminders_of(draft, Reminder.Kind.RESUME_INTAKE)
    # Claimed first (as if a worker had it), then submitted before the send ran.
    handed: list[int] = []
    reminders_dispatch(now=resume[0].due_at, enqueue=handed.extend)
    assert resume[0].pk in handed
    intake.submission_submit(submission_id=draft.pk, now=resume[0].due_at)
    outcomes = {
        (o.status, o.reason)
        for o in (reminder_send(reminder_id=pk, now=resume[0].due_at) for pk in handed)
    }
    assert outcomes == {("cancelled", "submitted")}
    # The one not yet claimed was cancelled by the submit itself.
    resume[1].refresh_from_db()
    assert resume[1].status == Reminder.Status.CANCELLED
    assert smtp.handler.count() == 0


def test_resume_reminders_stop_when_the_draft_is_purged(smtp, settings):
    draft = canary_case(now=THURSDAY_10AM, submit=False)
    Submission.objects.filter(pk=draft.pk).update(updated_at=THURSDAY_10AM)
    later = THURSDAY_10AM + timedelta(days=settings.DRAFT_PURGE_AFTER_DAYS, minutes=1)
    drafts_purge(now=later)
    assert not Reminder.objects.filter(submission_id=draft.pk).exists()
    assert run_due(later) == {}
    assert smtp.handler.count() == 0


def test_next_steps_stop_when_the_status_moves_on(smtp):
    case = canary_case(now=THURSDAY_10AM)
    Submission.objects.filter(pk=case.pk).update(case_status=Submission.CaseStatus.CONTACTED)
    next_steps = reminders_of(case, Reminder.Kind.NEXT_STEPS)[0]
    outcome = run_due(next_steps.due_at)[next_steps.pk]
    assert (outcome.status, outcome.reason) == ("cancelled", "status_moved_on")
    assert subjects(smtp.handler.snapshot()) == [RECEIVED_SUBJECT]  # only the one at submit


def test_checkins_stop_when_the_case_is_closed(smtp):
    case = canary_case(now=THURSDAY_10AM)
    Submission.objects.filter(pk=case.pk).update(
        case_status=Submission.CaseStatus.CLOSED, close_reason="not_interested"
    )
    checkin = reminders_of(case, Reminder.Kind.CHECKIN)[0]
    outcome = run_due(checkin.due_at)[checkin.pk]
    assert (outcome.status, outcome.reason) == ("cancelled", "case_closed")
    assert not [r for r in smtp.handler.snapshot() if "quick question" in r.message["Subject"]]


def test_checkins_stop_when_the_patient_unsubscribes(smtp):
    case = canary_case(now=THURSDAY_10AM)
    submission_unsubscribe(public_id=case.public_id, now=THURSDAY_10AM + timedelta(days=1))
    checkins = reminders_of(case, Reminder.Kind.CHECKIN)
    assert {r.status for r in checkins} == {Reminder.Status.CANCELLED}
    assert run_due(checkins[-1].due_at) == {}


def test_a_claimed_checkin_is_cancelled_at_send_time_after_an_unsubscribe(smtp):
    case = canary_case(now=THURSDAY_10AM)
    checkin = reminders_of(case, Reminder.Kind.CHECKIN)[0]
    handed: list[int] = []
    reminders_dispatch(now=checkin.due_at, enqueue=handed.extend)
    # The person unsubscribes while the row is with a worker; it must not go.
    Submission.objects.filter(pk=case.pk).update(unsubscribed_at=checkin.due_at)
    outcomes = [reminder_send(reminder_id=pk, now=checkin.due_at) for pk in handed]
    assert ("cancelled", "unsubscribed") in [(o.status, o.reason) for o in outcomes]
    # The confirmation (claimed in the same batch, it answers the submit) is the only one out.
    assert subjects(smtp.handler.snapshot()) == [RECEIVED_SUBJECT]


def test_patient_messages_need_email_consent(smtp):
    no_reminders = intake.ConsentAnswers(
        privacy=True, adult=True, email_reminders=False, sms_reminders=False
    )
    case = canary_case(now=THURSDAY_10AM, consents=no_reminders)
    assert not case.has_consent(Consent.Kind.EMAIL_REMINDERS)
    next_steps = reminders_of(case, Reminder.Kind.NEXT_STEPS)[0]
    outcome = run_due(next_steps.due_at)[next_steps.pk]
    assert (outcome.status, outcome.reason) == ("cancelled", "no_consent")
    # They chose email as the way to reach them: that is agreeing to the confirmation, not to
    # reminders.
    assert case.contact_method == Submission.ContactMethod.EMAIL
    assert subjects(smtp.handler.snapshot()) == [RECEIVED_SUBJECT]


def test_urgent_alert_and_escalation_stop_once_acknowledged(smtp):
    case = canary_case(now=THURSDAY_10AM, item9=1)
    alert = reminders_of(case, Reminder.Kind.URGENT_ALERT)[0]
    escalation = reminders_of(case, Reminder.Kind.URGENT_ESCALATION)[0]
    assert run_due(THURSDAY_10AM)[alert.pk].status == "sent"
    Submission.objects.filter(pk=case.pk).update(
        urgent_acknowledged_at=THURSDAY_10AM + timedelta(minutes=5)
    )
    outcome = run_due(escalation.due_at)[escalation.pk]
    assert (outcome.status, outcome.reason) == ("cancelled", "acknowledged")
    assert [r.recipients for r in besides_the_confirmation(smtp.handler.snapshot())] == [
        ["oncall@clinic.test"]
    ]


def test_an_urgent_alert_not_yet_sent_is_cancelled_by_an_acknowledgement(smtp):
    case = canary_case(now=THURSDAY_10AM, item9=2)
    Submission.objects.filter(pk=case.pk).update(urgent_acknowledged_at=THURSDAY_10AM)
    [received] = reminders_of(case, Reminder.Kind.RECEIVED)
    outcomes = run_due(THURSDAY_10AM + timedelta(hours=2))
    assert outcomes.pop(received.pk).status == "sent"  # the person's own confirmation
    assert {(o.status, o.reason) for o in outcomes.values()} == {("cancelled", "acknowledged")}
    assert subjects(smtp.handler.snapshot()) == [RECEIVED_SUBJECT]


def test_an_urgent_alert_with_nobody_to_tell_fails_loudly(smtp, settings):
    settings.URGENT_ALERT_EMAILS = []
    case = canary_case(now=THURSDAY_10AM, item9=1)
    alert = reminders_of(case, Reminder.Kind.URGENT_ALERT)[0]
    outcome = run_due(THURSDAY_10AM)[alert.pk]
    assert (outcome.status, outcome.reason) == ("failed", "no_recipients")


def test_a_positive_checkin_needs_a_new_acknowledgement(smtp):
    case = canary_case(now=THURSDAY_10AM, item9=1)
    run_due(THURSDAY_10AM)  # the first alert goes
    Submission.objects.filter(pk=case.pk).update(urgent_acknowledged_at=THURSDAY_10AM)
    run_due(THURSDAY_10AM + timedelta(hours=1))  # its escalation is cancelled
    later = THURSDAY_10AM + timedelta(weeks=2)
    token = checkin_link_create(submission=case, now=later)
    link = checkin_link_redeem(token=token, now=later)
    checkin_record(
        link_id=link.pk, answers=[1, 1, 1, 1, 1, 1, 1, 1, 2], functional_difficulty="", now=later
    )
    case.refresh_from_db()
    assert case.urgent and case.urgent_acknowledged_at is None
    second_alert = reminders_of(case, Reminder.Kind.URGENT_ALERT)[-1]
    assert (second_alert.sequence, second_alert.due_at) == (2, later)
    outcomes = run_due(later + timedelta(minutes=60))
    sent_kinds = {
        Reminder.objects.get(pk=pk).kind for pk, o in outcomes.items() if o.status == "sent"
    }
    assert {Reminder.Kind.URGENT_ALERT, Reminder.Kind.URGENT_ESCALATION} <= sent_kinds


def test_a_resume_link_is_sent_without_reminder_consent(smtp):
    """Issue 16 item 1: the link a person asks for (or the one the contact page promises) is
    not a reminder; it goes even when "email me reminders" was left unticked."""
    from django.urls import reverse

    from tests.clients import FormClient
    from tests.intake.walk import ABOUT, START, step_url

    client = FormClient()
    client.post(reverse("intake_start"), {**START, "email_reminders": ""})
    client.post(step_url("about"), ABOUT)
    draft = Submission.objects.get()
    assert not draft.has_consent(Consent.Kind.EMAIL_REMINDERS)
    link = Reminder.objects.get(submission=draft, kind=Reminder.Kind.RESUME_LINK)
    outcome = run_due(link.due_at)[link.pk]
    assert outcome.status == "sent", outcome
    assert smtp.handler.count() == 1
    # Reminders themselves still need the consent.
    reminder = Reminder.objects.filter(submission=draft, kind=Reminder.Kind.RESUME_INTAKE)[0]
    assert run_due(reminder.due_at)[reminder.pk].reason == "no_consent"

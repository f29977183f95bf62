"""The intake's write services: drafts, steps, submit (idempotent), resume links, purge."""

from copy import deepcopy
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from screening import criteria
from screening.demo import cases as demo_cases
from screening.demo.seed import submission_from_facts
from screening.intake import medicine_services
from screening.intake import services as intake
from screening.intake.facts import facts_from_submission
from screening.intake.purge import drafts_purge
from screening.models import CaseEvent, Determination, Reminder, Submission

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("America/New_York"))

# The demo "meets" history, with every safety answer "no" so no treatment is flagged.
MEETS = {**deepcopy(demo_cases.MEETS), "safety": dict(demo_cases.NO_SAFETY_ISSUES)}


@pytest.mark.django_db
def test_submit_stores_the_engines_determination_under_the_active_profile():
    submission = submission_from_facts(facts=MEETS, now=NOW)
    determination = submission.current_determination
    expected = criteria.evaluate(
        criteria.parse_facts(facts_from_submission(submission)),
        criteria.get_profile("clinic-default"),
    )
    assert determination.result == expected.to_json()
    assert determination.verdict == "meets"
    assert determination.profile_name == "clinic-default"
    assert determination.profile_parameters["min_distinct_classes"] == 2
    assert submission.state == Submission.State.SUBMITTED
    assert CaseEvent.objects.filter(submission=submission, kind="submitted").count() == 1


@pytest.mark.django_db
def test_submitting_twice_yields_the_same_submission_and_one_determination():
    submission = submission_from_facts(facts=MEETS, now=NOW, submit=False)
    first = intake.submission_submit(submission_id=submission.pk, now=NOW)
    second = intake.submission_submit(submission_id=submission.pk, now=NOW + timedelta(seconds=1))
    assert first.pk == second.pk
    assert Determination.objects.filter(submission=submission).count() == 1
    assert Reminder.objects.filter(submission=submission, kind="next_steps").count() == 1


@pytest.mark.django_db
def test_a_submitted_intake_is_frozen():
    submission = submission_from_facts(facts=MEETS, now=NOW)
    with pytest.raises(intake.IntakeClosed):
        medicine_services.draft_save_trials(submission_id=submission.pk, trials=[], now=NOW)


@pytest.mark.django_db
def test_submit_refuses_a_draft_with_steps_missing():
    submission, _ = intake.draft_start(
        consents=intake.ConsentAnswers(True, True, False, False), now=NOW
    )
    with pytest.raises(intake.IntakeIncomplete) as error:
        intake.submission_submit(submission_id=submission.pk, now=NOW)
    assert "about" in error.value.missing
    assert Determination.objects.count() == 0


@pytest.mark.django_db
def test_item9_positive_marks_urgent_and_queues_alert_and_escalation():
    facts = {**MEETS, "phq9": [2, 2, 2, 2, 1, 2, 1, 1, 1]}
    submission = submission_from_facts(facts=facts, now=NOW)
    assert submission.urgent
    kinds = set(Reminder.objects.filter(submission=submission).values_list("kind", "due_at"))
    assert ("urgent_alert", NOW) in kinds
    assert ("urgent_escalation", NOW + timedelta(minutes=60)) in kinds


@pytest.mark.django_db
def test_submit_cancels_resume_reminders_and_schedules_next_steps_and_checkins():
    submission = submission_from_facts(facts=MEETS, now=NOW)  # a Thursday
    reminders = {(r.kind, r.sequence): r for r in Reminder.objects.filter(submission=submission)}
    assert reminders[("resume_intake", 1)].status == "cancelled"
    assert reminders[("resume_link", 1)].status == "cancelled"
    # Two business days after Thursday is Monday.
    assert reminders[("next_steps", 1)].due_at == NOW + timedelta(days=4)
    assert reminders[("checkin", 1)].due_at == NOW + timedelta(weeks=2)
    assert reminders[("checkin", 2)].due_at == NOW + timedelta(weeks=4)


@pytest.mark.django_db
def test_a_resume_link_works_once_and_expires():
    submission = submission_from_facts(facts=MEETS, now=NOW, submit=False)
    token = intake.resume_link_create(submission=submission, now=NOW)
    assert intake.resume_link_redeem(token=token, now=NOW).pk == submission.pk
    with pytest.raises(intake.ResumeLinkInvalid, match="used"):
        intake.resume_link_redeem(token=token, now=NOW)
    old = intake.resume_link_create(submission=submission, now=NOW - timedelta(days=8))
    with pytest.raises(intake.ResumeLinkInvalid, match="expired"):
        intake.resume_link_redeem(token=old, now=NOW)
    with pytest.raises(intake.ResumeLinkInvalid, match="unknown"):
        intake.resume_link_redeem(token="not-a-token", now=NOW)


@pytest.mark.django_db
def test_an_urgent_draft_is_a_case_and_is_never_purged():
    urgent = submission_from_facts(
        facts={**MEETS, "phq9": [0, 0, 0, 0, 0, 0, 0, 0, 1]}, now=NOW, submit=False
    )
    Submission.objects.update(updated_at=NOW - timedelta(days=90))
    drafts_purge(now=NOW)
    assert Submission.objects.filter(pk=urgent.pk).exists()


@pytest.mark.django_db
def test_drafts_untouched_for_30_days_are_purged_and_submissions_are_kept():
    draft = submission_from_facts(facts=MEETS, now=NOW, submit=False)
    kept = submission_from_facts(facts=MEETS, now=NOW)
    Submission.objects.update(updated_at=NOW - timedelta(days=31))
    assert drafts_purge(now=NOW) > 0
    assert not Submission.objects.filter(pk=draft.pk).exists()
    assert Submission.objects.filter(pk=kept.pk).exists()

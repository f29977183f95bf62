"""Submissions made from engine histories, through the same services the intake uses.

For demo data (`load_demo_data`), tests and benchmarks: nothing here writes a row directly.
"""

from datetime import date, datetime
from typing import Any

from screening.intake import medicine_services
from screening.intake import services as intake
from screening.intake.facts import answers_from_facts
from screening.models import Location, ScaleResponse, Submission

FULL_CONSENT = intake.ConsentAnswers(
    privacy=True, adult=True, email_reminders=True, sms_reminders=False
)


def submission_from_facts(
    *,
    facts: dict[str, Any],
    now: datetime,
    first_name: str = "Alex",
    last_name: str = "Example",
    email: str = "alex@example.org",
    phone: str = "",
    date_of_birth: date = date(1985, 5, 17),
    location: Location | None = None,
    consents: intake.ConsentAnswers = FULL_CONSENT,
    submit: bool = True,
) -> Submission:
    """Fill every intake step with answers that give `facts`, then submit (unless told not to)."""
    answers = answers_from_facts(facts)
    if answers.phq9 is None or answers.gad7 is None:
        raise ValueError("the intake always has a PHQ-9 and a GAD-7; give both in the facts")
    submission, _ = intake.draft_start(consents=consents, now=now)
    intake.draft_save_about(
        submission_id=submission.pk,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        email=email,
        phone=phone,
        preferred_location=location,
        contact_method=Submission.ContactMethod.EMAIL,
        now=now,
    )
    steps = {
        "episode": answers.episode or {},
        "treatments": answers.treatments or {},
        "health": answers.health or {},
        "medicines_now": {"kinds": ["none"], "other": "", "allergies": ""},
        "safety": answers.safety or {},
    }
    for step, stored in steps.items():
        intake.draft_save_answers(submission_id=submission.pk, step=step, answers=stored, now=now)
    medicine_services.draft_save_trials(submission_id=submission.pk, trials=answers.trials, now=now)
    intake.draft_save_insurance(
        submission_id=submission.pk, insurer="", plan_type="", member_id="", now=now
    )
    for scale, values in (
        (ScaleResponse.Scale.PHQ9, answers.phq9),
        (ScaleResponse.Scale.GAD7, answers.gad7),
    ):
        intake.draft_save_scale(
            submission_id=submission.pk, scale=scale, answers=list(values), now=now
        )
    if submit:
        return intake.submission_submit(submission_id=submission.pk, now=now)
    submission.refresh_from_db()
    return submission

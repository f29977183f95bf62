"""Writes of the patient intake: starting a draft, saving each step, resuming, submitting.

Every function runs in one transaction and takes keyword-only arguments. Views validate input
with forms first; these functions trust cleaned data and enforce the state rules (a submitted
intake is frozen).
"""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from screening.criteria import Gad7Result, Phq9Result
from screening.criteria.scales import score_gad7, score_phq9
from screening.intake import urgent_contact
from screening.intake.determinations import active_profile, determination_record
from screening.models import (
    CaseEvent,
    Consent,
    Location,
    ResumeLink,
    ResumeRequest,
    ScaleResponse,
    Submission,
)
from screening.pages.languages import patient_language
from screening.reminders import outbox
from screening.security.links import LinkRefused, link_create, link_spend, token_hash

# Bump when the wording of the consent questions (forms.StartForm) changes; each consent stores
# the version shown.
CONSENT_TEXT_VERSION = "2026-12-01"  # issue 16: the privacy notice reworded, same terms


class IntakeClosed(Exception):
    """The intake was already submitted; its answers can no longer change."""


class IntakeIncomplete(Exception):
    def __init__(self, missing: list[str]):
        super().__init__(f"steps not yet saved: {', '.join(missing)}")
        self.missing = missing


class ResumeLinkInvalid(LinkRefused):
    """Unknown, used, expired, or changed (the draft's email changed since it was sent)."""


def address_hash(email: str) -> str:
    """What a resume link remembers of the address it was sent to (never the address)."""
    return token_hash(email.strip().lower()) if email.strip() else ""


@dataclass(frozen=True)
class ConsentAnswers:
    privacy: bool
    adult: bool
    email_reminders: bool
    sms_reminders: bool


def _record_consents(submission: Submission, consents: ConsentAnswers, now: datetime) -> None:
    """Store each answer with its time and the wording version, only when it changed."""
    answers = {
        Consent.Kind.PRIVACY: consents.privacy,
        Consent.Kind.ADULT: consents.adult,
        Consent.Kind.EMAIL_REMINDERS: consents.email_reminders,
        Consent.Kind.SMS_REMINDERS: consents.sms_reminders,
    }
    latest: dict[str, bool] = {}
    for consent in submission.consents.order_by("recorded_at", "id"):
        latest[consent.kind] = consent.given
    Consent.objects.bulk_create(
        Consent(
            submission=submission,
            kind=kind,
            given=given,
            text_version=CONSENT_TEXT_VERSION,
            recorded_at=now,
        )
        for kind, given in answers.items()
        if latest.get(kind) != given
    )


def _mark_step(submission: Submission, step: str) -> None:
    if step not in submission.steps_completed:
        submission.steps_completed = [*submission.steps_completed, step]


def _locked_draft(submission_id: int) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission_id)
    if not submission.is_draft:
        raise IntakeClosed
    return submission


def _touch(submission: Submission, now: datetime, fields: Iterable[str]) -> None:
    # Issue 19: the language this step was answered in (the request's, set by LocaleMiddleware
    # and the switcher), kept at every step so later emails and texts go in it.
    submission.language = patient_language()
    submission.save(update_fields=[*fields, "language", "steps_completed", "updated_at"])
    outbox.outbox_draft_touched(submission=submission, now=now)


def draft_start(*, consents: ConsentAnswers, now: datetime) -> tuple[Submission, str]:
    """Open a draft once the person has agreed to the privacy notice and is 18 or older.

    Returns the draft and the device key for the cookie that finds it again on this device.
    """
    if not (consents.privacy and consents.adult):
        raise ValueError("a draft needs the privacy notice accepted and age 18 or older")
    device_key = secrets.token_urlsafe(32)
    with transaction.atomic():
        submission = Submission.objects.create(
            device_key_hash=token_hash(device_key),
            steps_completed=["start"],
            language=patient_language(),  # issue 19, as in _touch
        )
        _record_consents(submission, consents, now)
    return submission, device_key


def draft_save_consents(*, submission_id: int, consents: ConsentAnswers, now: datetime) -> None:
    with transaction.atomic():
        submission = _locked_draft(submission_id)
        _record_consents(submission, consents, now)
        _mark_step(submission, "start")
        _touch(submission, now, [])


def draft_save_about(
    *,
    submission_id: int,
    first_name: str,
    last_name: str,
    date_of_birth: Any,
    email: str,
    phone: str,
    preferred_location: Location | None,
    contact_method: str,
    now: datetime,
    phone_as_typed: str = "",
) -> Submission:
    """Save the contact step. The first time an email is given, a resume link goes out.

    The number is stored in E.164 for texting; the review shows it as typed (issue 16 item 8)."""
    with transaction.atomic():
        submission = _locked_draft(submission_id)
        first_email = not submission.email and email
        submission.first_name = first_name
        submission.last_name = last_name
        submission.date_of_birth = date_of_birth
        submission.email = email
        submission.phone = phone
        submission.preferred_location = preferred_location
        submission.contact_method = contact_method
        submission.answers = {
            **submission.answers,
            "contact": {"phone_as_typed": phone_as_typed.strip() if phone else ""},
        }
        _mark_step(submission, "about")
        _touch(
            submission,
            now,
            [
                "first_name",
                "last_name",
                "date_of_birth",
                "email",
                "phone",
                "preferred_location",
                "contact_method",
                "answers",
            ],
        )
        if first_email:
            outbox.outbox_resume_link(submission=submission, now=now)
        # An urgent answer given before any contact detail pages staff now (issue 14 item 6).
        urgent_contact.urgent_alert_when_reachable(submission=submission, now=now)
    return submission


def draft_save_phone(*, submission_id: int, phone: str, now: datetime) -> None:
    """Save the number given on the "can we call you?" page after an urgent answer on a draft
    with no contact details; staff are paged now that someone can call (issue 14 item 6)."""
    with transaction.atomic():
        submission = _locked_draft(submission_id)
        submission.phone = phone
        _touch(submission, now, ["phone"])
        urgent_contact.urgent_alert_when_reachable(submission=submission, now=now)


def draft_save_insurance(
    *, submission_id: int, insurer: str, plan_type: str, member_id: str, now: datetime
) -> None:
    """Save the insurance step (all optional; skipping it saves it empty)."""
    with transaction.atomic():
        submission = _locked_draft(submission_id)
        submission.insurer, submission.plan_type = insurer, plan_type
        submission.member_id = member_id
        _mark_step(submission, "insurance")
        _touch(submission, now, ["insurer", "plan_type", "member_id"])


def submission_save_phone(*, submission_id: int, phone: str, now: datetime) -> None:
    """A number given on the result page after an urgent screening without one (issue 16
    item 6): the only answer that may still change once submitted, and only from empty."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission_id)
        if submission.phone or not submission.urgent:
            return
        submission.phone = phone
        submission.save(update_fields=["phone", "updated_at"])


def draft_save_answers(
    *, submission_id: int, step: str, answers: dict[str, Any], now: datetime
) -> None:
    """Save a step whose answers are kept as JSON (episode, treatments, health, safety)."""
    # steps.py builds on these services, so its registry is read here, at call time.
    from screening.intake.steps import JSON_STEPS

    if step not in JSON_STEPS:
        raise ValueError(f"step {step!r} is not stored as answers")
    with transaction.atomic():
        submission = _locked_draft(submission_id)
        submission.answers = {**submission.answers, step: answers}
        _mark_step(submission, step)
        _touch(submission, now, ["answers"])


def draft_save_scale(
    *,
    submission_id: int,
    scale: str,
    answers: list[int],
    functional_difficulty: str = "",
    now: datetime,
) -> None:
    """Save a completed PHQ-9 or GAD-7, replacing an earlier answer to the same step."""
    result: Phq9Result | Gad7Result | None
    if scale == ScaleResponse.Scale.PHQ9:
        result = score_phq9(tuple(answers))
        item9 = bool(result and result.item9_positive)
    else:
        result = score_gad7(tuple(answers))
        item9 = False
    with transaction.atomic():
        submission = _locked_draft(submission_id)
        ScaleResponse.objects.filter(
            submission=submission, scale=scale, source=ScaleResponse.Source.INTAKE
        ).delete()
        ScaleResponse.objects.create(
            submission=submission,
            scale=scale,
            source=ScaleResponse.Source.INTAKE,
            answers=list(answers),
            functional_difficulty=functional_difficulty,
            total=result.total if result else None,
            severity=(result.severity or "") if result else "",
            item9_positive=item9,
            recorded_at=now,
            language=patient_language(),  # the translation answered (issue 19)
        )
        _mark_step(submission, scale)
        fields = []
        if item9 and not submission.urgent:
            # Staff hear at once, not only if the person goes on to submit; but only once they
            # have a way to reach the person (issue 14 item 6, screening.intake.urgent_contact).
            submission.urgent = True
            fields.append("urgent")
        _touch(submission, now, fields)
        urgent_contact.urgent_alert_when_reachable(submission=submission, now=now)


def resume_link_create(*, submission: Submission, now: datetime) -> str:
    """A fresh single-use token for this draft. Only its hash is stored."""
    return link_create(
        ResumeLink,
        now=now,
        valid_for=timedelta(days=settings.RESUME_LINK_VALID_DAYS),
        submission=submission,
        address_hash=address_hash(submission.email),
    )


def resume_link_redeem(*, token: str, now: datetime) -> Submission:
    """Use a resume link once. Raises ResumeLinkInvalid('unknown' | 'used' | 'expired' |
    'changed'). Call it through screening.intake.access.resume_link_open, which also
    moves the draft to the opener."""

    def changed(link: ResumeLink) -> str | None:
        # The draft's email changed after this was sent: opening it proves nothing about the
        # new address (issue 14 item 1).
        return None if link.address_hash == address_hash(link.submission.email) else "changed"

    link = link_spend(
        ResumeLink.objects.select_related("submission"),
        token=token,
        now=now,
        refused=ResumeLinkInvalid,
        spent=lambda link: not link.submission.is_draft,
        also_refuse=changed,
    )
    return link.submission


def resume_link_request(*, email: str, now: datetime) -> None:
    """Someone asks for a new link by email. Only the request is written, the same one row
    whatever the address: the dispatcher looks for a draft afterwards
    (screening.security.resume_mail.resume_requests_process), so neither the answer nor its
    timing says whether the address has a draft (issue 14 item 11)."""
    ResumeRequest.objects.create(email=email.strip().lower(), requested_at=now)


def missing_steps(submission: Submission) -> list[str]:
    from screening.intake.steps import STEPS_TO_SUBMIT

    return [step for step in STEPS_TO_SUBMIT if step not in submission.steps_completed]


def submission_submit(*, submission_id: int, now: datetime) -> Submission:
    """Freeze the draft, evaluate it under the active profile, and set what follows going.

    Idempotent: a second call (a double click, a re-POST) returns the same submission.
    """
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission_id)
        if not submission.is_draft:
            return submission
        missing = missing_steps(submission)
        if missing:
            raise IntakeIncomplete(missing)
        determination = determination_record(
            submission=submission, profile=active_profile(), now=now
        )
        submission.state = Submission.State.SUBMITTED
        submission.submitted_at = now
        # An item-9 answer given at any point stays urgent, even if changed before submitting.
        submission.urgent = submission.urgent or determination.urgent
        submission.current_determination = determination
        submission.language = patient_language()  # issue 19, as in _touch
        # The device key stays for SUBMITTED_FOUND_BY_DEVICE_HOURS: if this response is lost,
        # the same device's retry finds the result instead of a new step 1 (issue 13).
        submission.save(
            update_fields=[
                "state",
                "submitted_at",
                "urgent",
                "current_determination",
                "language",
                "updated_at",
            ]
        )
        CaseEvent.objects.create(
            submission=submission,
            kind=CaseEvent.Kind.SUBMITTED,
            at=now,
            detail={"verdict": determination.verdict, "urgent": determination.urgent},
        )
        outbox.outbox_after_submit(submission=submission, now=now)
    return submission

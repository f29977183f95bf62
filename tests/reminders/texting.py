"""Cases that chose texts, for the SMS tests: every patient field a canary but the number."""

import re
import secrets
from datetime import datetime

from screening.intake import services as intake
from screening.models import Reminder, Submission

from .conftest import CANARY, CLINICAL_WORDS, FIRST_NAME, canary_case

TEXT_CONSENT = intake.ConsentAnswers(
    privacy=True, adult=True, email_reminders=True, sms_reminders=True
)
TEXTS_ONLY = intake.ConsentAnswers(
    privacy=True, adult=True, email_reminders=False, sms_reminders=True
)


def new_number() -> str:
    """A valid US number in E.164, different each call (617-2xx-xxxx).

    Never 617-211-xxxx: 211 is an N11 service code, which screening.phone refuses, so one run
    in a hundred once drew a number no STOP or START could reach (a flaky CI failure)."""
    while True:
        number = f"+16172{secrets.randbelow(10**6):06d}"
        if number[5:8] != "211":
            return number


def texting_case(
    *,
    now: datetime,
    phone: str | None = None,
    consents: intake.ConsentAnswers = TEXT_CONSENT,
    **kwargs,
) -> Submission:
    """A screening submitted by someone who asked to be contacted by text: the outbox schedules
    their next-steps message and check-ins as texts."""
    draft = canary_case(now=now, submit=False, consents=consents, **kwargs)
    Submission.objects.filter(pk=draft.pk).update(
        phone=phone or new_number(), contact_method=Submission.ContactMethod.TEXT
    )
    return intake.submission_submit(submission_id=draft.pk, now=now)


def texts_of(submission: Submission) -> list[Reminder]:
    return list(
        Reminder.objects.filter(submission=submission, channel=Reminder.Channel.SMS).order_by(
            "due_at", "pk"
        )
    )


def assert_clean_text(body: str, *, phone: str = "") -> None:
    """No clinical word, no personal data: the clinic's name, plain words and a link."""
    assert CANARY not in body and CANARY.lower() not in body, body
    assert FIRST_NAME not in body, body
    if phone:
        assert phone not in body and phone[2:] not in body, body
    words = re.sub(r"https?://\S+", " ", body).lower()
    found = [word for word in CLINICAL_WORDS if word in words]
    assert not found, (found, body)

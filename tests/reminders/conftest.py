"""Fixtures for the reminder tests: a loopback SMTP server, canary-filled cases, time helpers.

Time is the tests' to choose: services take `now=`, and the dispatcher decides what is due from
the `now` it is given. A worker reads its own clock only for the send-time checks (quiet hours,
budget); those are tested in-process with explicit times (test_rules.py), and worker tests run
the clinic in a time zone where it is mid-day right now (`daytime_zone`), so the real clock is
never inside quiet hours while they run.
"""

import copy
import re
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from screening import criteria
from screening.demo.seed import submission_from_facts
from screening.models import CaseNote, MedicationTrial, Reminder, Submission
from screening.reminders import channels
from screening.reminders.dispatch import SendOutcome, reminder_send, reminders_dispatch

from .fake_twilio import FakeTwilio
from .smtp import Received, SmtpServer

CANARY = "CANARY-7f3a"
# Letters and a hyphen: a name with digits is refused, and never greeted by (issue 14 item 3).
FIRST_NAME = "FIRSTNAME-cqnq"  # a canary of its own: the one field patient messages may show
CANARY_EMAIL = f"{CANARY.lower()}@example.org"
ALERT_LIST = "oncall@clinic.test"
ESCALATION_LIST = "lead@clinic.test"
DIGEST_LIST = "digest@clinic.test"
# Words that must never reach a patient's inbox or lock screen.
CLINICAL_WORDS = (
    "depress", "phq", "score", "suicid", "harm", "ketamine", "spravato", "esketamine",
    "tms", "trd", "treatment", "screening", "mood", "anxi", "medic", "antidepress",
    "diagnos", "crisis", "urgent", "symptom", "mental", "psychiatr", "eligib", "result",
)  # fmt: skip

FACTS = {
    "episode": {"months": 14, "onset_age": 16, "prior_episodes": 2, "psychotic_features": False},
    "trials": [
        {"medication": "Zoloft", "dose_mg": 100, "weeks": 8, "adherence": "most",
         "improvement": "partial", "stopped_for_side_effects": False, "current_episode": True,
         "augmented_with": CANARY},
        {"medication": CANARY, "dose_mg": 225, "weeks": 10, "adherence": "all",
         "improvement": "none", "stopped_for_side_effects": False, "current_episode": True,
         "augmented_with": None},
    ],
    "ect": False,
    "phq9": [2, 2, 2, 2, 1, 2, 1, 1, 0],
    "gad7": [1, 1, 2, 1, 0, 0, 1],
    "comorbidities": ["hypothyroidism", "generalized_anxiety"],
    "substance_use": ["alcohol"],
    "social_support": "limited",
    "safety": dict.fromkeys(criteria.SAFETY_KEYS, False),
}  # fmt: skip


def facts(*, item9: int = 0) -> dict:
    chosen = copy.deepcopy(FACTS)
    chosen["phq9"][8] = item9
    return chosen


def canary_case(
    *, now: datetime, item9: int = 0, submit: bool = True, email: str = CANARY_EMAIL, **kwargs
) -> Submission:
    """A case made through the intake's own services, every patient field a canary."""
    submission = submission_from_facts(
        facts=facts(item9=item9),
        now=now,
        first_name=FIRST_NAME,
        last_name=CANARY,
        email=email,
        phone=CANARY,
        submit=submit,
        **kwargs,
    )
    # Free text the intake keeps as JSON, and a staff note: canaries too.
    answers = {step: {**values, "other": CANARY} for step, values in submission.answers.items()}
    Submission.objects.filter(pk=submission.pk).update(answers=answers)
    MedicationTrial.objects.filter(submission=submission).update(augmented_with=CANARY)
    CaseNote.objects.create(submission=submission, body=CANARY, created_at=now)
    submission.refresh_from_db()
    return submission


def message_parts(received: Received) -> str:
    """Everything a reader sees, decoded: every header but To, the subject, both parts."""
    headers = "\n".join(
        f"{name}: {value}" for name, value in received.message.items() if name.lower() != "to"
    )
    return "\n".join([headers, received.text(), received.html()])


def assert_no_patient_data(received: Received, *, first_name_allowed: bool) -> None:
    seen = message_parts(received)
    assert CANARY not in seen and CANARY.lower() not in seen, seen
    if not first_name_allowed:
        assert FIRST_NAME not in seen, seen


def assert_no_clinical_words(received: Received) -> None:
    words = re.sub(r"https?://\S+", " ", f"{received.message['Subject']}\n{received.text()}")
    words += re.sub(r'href="[^"]*"', " ", received.html())
    found = [word for word in CLINICAL_WORDS if word in words.lower()]
    assert not found, (found, words)


# Issue 16 item 9: every case made by canary_case chose email, so its submit sends this at once.
RECEIVED_SUBJECT = f"We have your answers - {settings.CLINIC_NAME}"


def subjects(received: list[Received]) -> list[str]:
    return [message.message["Subject"] for message in received]


def besides_the_confirmation(received: list[Received]) -> list[Received]:
    """What arrived other than the "we have your answers" email, which is checked for once."""
    found = subjects(received).count(RECEIVED_SUBJECT)
    assert found <= 1, f"{found} confirmation emails"
    return [message for message in received if message.message["Subject"] != RECEIVED_SUBJECT]


def wait_until(predicate: Callable[[], bool], *, timeout: float = 30, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def settled(ids: list[int]) -> bool:
    """None of these reminders is still with a worker."""
    return not Reminder.objects.filter(pk__in=ids, status=Reminder.Status.SENDING).exists()


def daytime_zone(*, at: datetime | None = None) -> str:
    """A fixed-offset zone where the wall clock reads about noon right now."""
    utc_hour = (at or datetime.now(UTC)).hour
    offset = 12 - utc_hour  # -11 .. +12, all valid Etc/GMT offsets
    if offset == 0:
        return "UTC"
    # POSIX sign convention: Etc/GMT-5 is five hours *ahead* of UTC.
    return f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


def worker_env(smtp: SmtpServer, **more: str) -> dict[str, str]:
    env = {
        "EMAIL_URL": smtp.url,
        "EMAIL_TIMEOUT": "5",
        "URGENT_ALERT_EMAILS": ALERT_LIST,
        "URGENT_ESCALATION_EMAILS": ESCALATION_LIST,
        "DAILY_DIGEST_EMAILS": DIGEST_LIST,
        "REMINDER_RETRY_BASE_SECONDS": "1",
    }
    env.update(more)
    return env


@pytest.fixture(autouse=True)
def staff_lists(settings):
    settings.URGENT_ALERT_EMAILS = [ALERT_LIST]
    settings.URGENT_ESCALATION_EMAILS = [ESCALATION_LIST]
    settings.DAILY_DIGEST_EMAILS = [DIGEST_LIST]


@pytest.fixture(autouse=True)
def fresh_channels() -> Iterator[None]:
    """The email channel keeps its SMTP connection per process: none may leak between tests."""
    channels.channels_close()
    yield
    channels.channels_close()


def use_smtp(settings, server: SmtpServer) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp(settings) -> Iterator[SmtpServer]:
    """A real SMTP server on loopback, and Django (this process) pointed at it."""
    server = SmtpServer().start()
    use_smtp(settings, server)
    yield server
    server.stop()


NEW_YORK = ZoneInfo("America/New_York")


def a_recent_thursday_10am() -> datetime:
    """A Thursday at 10:00 clinic time, 6 to 12 days before today.

    For tests whose story ends with a click or a text at the real time (the views read the
    clock). A fixed date drifts out of a link's validity, or falls after that click, as the
    calendar moves on: run with the clock moved to 2027, three such tests failed."""
    today = datetime.now(NEW_YORK).date()
    back = (today.weekday() - 3) % 7  # days since the last Thursday (0 on a Thursday)
    if back < 6:
        back += 7
    day = today - timedelta(days=back)
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=NEW_YORK)


def run_due(now: datetime, **send_options) -> dict[int, SendOutcome]:
    """What beat and a worker do, in this process: dispatch at `now`, then send each claimed id
    at `now`. Needs a transactional test (the hand-over happens after the commit)."""
    handed: list[int] = []
    reminders_dispatch(now=now, enqueue=handed.extend)
    return {pk: reminder_send(reminder_id=pk, now=now, **send_options) for pk in handed}


def reminders_of(submission: Submission, kind: str) -> list[Reminder]:
    return list(Reminder.objects.filter(submission=submission, kind=kind).order_by("sequence"))


def form_post(client, path: str, data: dict[str, str] | None = None, **extra):
    """POST as a browser posts a form without files (urlencoded): the app refuses multipart."""
    return client.post(
        path, urlencode(data or {}), content_type="application/x-www-form-urlencoded", **extra
    )


@pytest.fixture
def twilio(settings) -> Iterator[FakeTwilio]:
    """A fake of Twilio's Messages API on loopback, and this process's SMS backend aimed at it."""
    fake = FakeTwilio().start()
    fake.use_in(settings)
    yield fake
    fake.stop()

"""security.md item 12, the acceptance test: fill every field with a canary, run the whole flow
(intake, a resume link, submit, a forced server error, reminders and an urgent alert through a
real SMTP server, staff views, a search, a note and both exports), then search every place
personal data must never go: the log output, the emails (subjects, headers and bodies), the
broker and cache in Redis, the audit table, and every URL seen (requests, Location headers, links
and form actions in every page).

The first name has a marker of its own: patient emails may greet the patient by it (the reminders
spec); it must appear nowhere else.
"""

import logging
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from screening.models import AuditEvent, Submission
from screening.reminders.dispatch import reminder_send, reminders_dispatch
from screening.staff.roles import CLINICIAN, COORDINATOR
from tests.clients import FormClient
from tests.intake.walk import (
    EPISODE,
    HEALTH,
    SAFETY,
    START,
    TREATMENTS,
    TRIAL_EFFEXOR,
    TRIAL_ZOLOFT,
    medicines_posts,
    scale_post,
    step_url,
)
from tests.staff.support import make_staff, sign_in

from .capture import all_log_output
from .support import ALERT_LIST, ensure_role_groups
from .urls_forced_error import FORCED_ERROR_PATH

# Letters only: it is also the last name, which refuses digits (issue 14 item 3).
CANARY = "PqxzCanary"  # in every free-text field (case-insensitive search)
FIRST_NAME = "Wrenfirstq"
EMAIL = f"{CANARY.lower()}@example.org"
PHONE_DIGITS = "7815550199"
DATE_OF_BIRTH = ("1979-02-13", "02/13/1979")
MARKERS = (CANARY.lower(), FIRST_NAME.lower(), PHONE_DIGITS, *DATE_OF_BIRTH)
NEW_YORK = ZoneInfo("America/New_York")


class RecordingClient(FormClient):
    """Keeps every response, so the test can read every URL and page the browser would see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.responses: list = []

    def request(self, **request):
        response = super().request(**request)
        self.responses.append(response)
        return response


def found_in(text: str, *, first_name_allowed: bool = False) -> list[str]:
    lowered = text.lower()
    digits = re.sub(r"\D", "", text)
    hits = [
        m for m in MARKERS if m in lowered and not (first_name_allowed and m == FIRST_NAME.lower())
    ]
    if PHONE_DIGITS in digits and PHONE_DIGITS not in hits:
        # Only a phone number written with separators; ids and tokens are not digit runs.
        formatted = re.search(r"781\D{0,3}555\D{0,3}0199", text)
        hits += [PHONE_DIGITS] if formatted else []
    return hits


def urls_seen(clients: list[RecordingClient]) -> list[str]:
    urls = []
    for client in clients:
        for response in client.responses:
            request = response.wsgi_request
            urls.append(request.get_full_path())
            if response.has_header("Location"):
                urls.append(response["Location"])
            if "html" in response.get("Content-Type", "") and not response.streaming:
                page = response.content.decode(errors="replace")
                urls += re.findall(r'(?:href|action|src)="([^"]*)"', page)
    return urls


def redis_contents() -> str:
    """Every key and value in this run's Redis database: the broker's queues and the cache."""
    connection = redis.Redis.from_url(settings.REDIS_URL)
    dumped = []
    for key in connection.scan_iter(count=1000):
        kind = connection.type(key).decode()
        if kind == "string":
            value = connection.get(key)
        elif kind == "list":
            value = connection.lrange(key, 0, -1)
        elif kind == "hash":
            value = connection.hgetall(key)
        elif kind == "set":
            value = connection.smembers(key)
        elif kind == "zset":
            value = connection.zrange(key, 0, -1)
        else:
            value = b""
        dumped.append(f"{key!r} {value!r}")
    return "\n".join(dumped)


def walk_with_canaries(client: RecordingClient) -> None:
    about = {
        "first_name": FIRST_NAME,
        "last_name": CANARY,
        "date_of_birth": DATE_OF_BIRTH[1],
        "email": EMAIL,
        "phone": "(781) 555-0199",
        "preferred_location": "either",
        "contact_method": "email",
    }
    canary_trial = {**TRIAL_ZOLOFT, "medication": f"{CANARY} tablets", "meant": "as-typed"}
    canary_trial["offered"] = canary_trial["medication"]
    health = {
        **HEALTH,
        "medical_conditions": ["other"],
        "medical_other": CANARY,
        "mental_health_conditions": ["other"],
        "mental_health_other": CANARY,
    }
    medicines_now = {"kinds": ["opioid"], "other": f"{CANARY} 10 mg", "allergies": CANARY}
    posts = [
        (reverse("intake_start"), {**START, "sms_reminders": "on"}),
        (step_url("about"), about),
        (step_url("episode"), EPISODE),
        *medicines_posts([canary_trial, TRIAL_ZOLOFT, TRIAL_EFFEXOR]),
        (step_url("treatments"), TREATMENTS),
        # Item 9 of the PHQ-9 above zero: an urgent alert to staff.
        (step_url("phq9"), scale_post([2, 2, 2, 2, 1, 2, 1, 1, 1], functional_difficulty="very")),
        (step_url("gad7"), scale_post([1, 1, 2, 1, 0, 0, 1])),
        (step_url("health"), health),
        (step_url("medicines_now"), medicines_now),
        (step_url("safety"), SAFETY),
        (step_url("insurance"), {"insurer": "other", "plan_type": "hmo", "member_id": CANARY}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:2000])
    # A resume link asked for mid-way (an email to the patient), then the submit.
    assert client.post(reverse("intake_resume_request"), {"email": EMAIL}).status_code == 200
    client.get(reverse("intake_review"))
    assert client.post(reverse("intake_review"), follow=True).status_code == 200


def send_due_reminders(smtp_now: datetime, django_capture_on_commit_callbacks) -> int:
    """Dispatch at `smtp_now` with real broker messages, then send each claimed id in-process
    (what a worker does), through the loopback SMTP server."""
    with django_capture_on_commit_callbacks(execute=True):
        handed = reminders_dispatch(now=smtp_now)
    for reminder_id in handed:
        reminder_send(reminder_id=reminder_id, now=smtp_now)
    return len(handed)


def weekday_noon(days_ahead: int) -> datetime:
    day = (timezone.now() + timedelta(days=days_ahead)).astimezone(NEW_YORK)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.replace(hour=12, minute=0, second=0, microsecond=0)


@pytest.fixture
def clean_queue():
    """The broker messages this test publishes are read, then removed from this run's queue."""
    yield
    redis.Redis.from_url(settings.REDIS_URL).delete(settings.CELERY_TASK_DEFAULT_QUEUE)


@pytest.mark.django_db
@pytest.mark.urls("tests.security.urls_forced_error")
def test_item_12_phi_canary_never_leaves_the_database(
    smtp, clean_queue, caplog, django_capture_on_commit_callbacks
):
    ensure_role_groups()
    caplog.set_level(logging.DEBUG)
    patient = RecordingClient(raise_request_exception=False)
    clinician, coordinator = RecordingClient(), RecordingClient()
    with all_log_output() as log_output:
        walk_with_canaries(patient)
        case = Submission.objects.get(last_name=CANARY, state=Submission.State.SUBMITTED)

        # A forced server error with the canary in the posted fields.
        error = patient.post(FORCED_ERROR_PATH, {"last_name": CANARY, "email": EMAIL})
        assert error.status_code == 500

        # Staff: search, list, case pages, a note, both exports.
        sign_in(clinician, make_staff("canary-clinician", CLINICIAN))
        sign_in(coordinator, make_staff("canary-coordinator", COORDINATOR))
        search = clinician.post(reverse("staff_queue"), {"status": "open", "search": CANARY})
        assert search.status_code == 302
        assert clinician.get(search["Location"]).status_code == 200
        for name in ("staff_case", "staff_case_summary", "staff_case_fhir"):
            assert clinician.get(reverse(name, args=[case.public_id])).status_code == 200
        note = clinician.post(reverse("staff_case_note", args=[case.public_id]), {"body": CANARY})
        assert note.status_code == 302
        assert clinician.get(reverse("staff_queue_export")).status_code == 200
        assert coordinator.get(reverse("staff_case", args=[case.public_id])).status_code == 200

        # Reminders and alerts, through the outbox, the broker and a real SMTP server.
        sent = 0
        for moment in (timezone.now(), weekday_noon(4), weekday_noon(15), weekday_noon(30)):
            sent += send_due_reminders(moment, django_capture_on_commit_callbacks)
        broker_and_cache = redis_contents()

    # Something of each kind really happened.
    received = smtp.handler.snapshot()
    recipients = {address for message in received for address in message.recipients}
    assert EMAIL in recipients and ALERT_LIST in recipients, recipients
    assert sent >= 3
    assert "send_reminder" in broker_and_cache

    leaks: dict[str, list[str]] = {}

    logs = log_output.getvalue() + caplog.text
    assert "Internal Server Error" in logs
    leaks["logs"] = found_in(logs)

    for message in received + [m.message() for m in mail.outbox]:  # type: ignore[operator]
        if hasattr(message, "recipients") and hasattr(message, "message"):
            parsed, to = message.message, message.recipients
            bodies = f"{message.text()}\n{message.html()}"
        else:
            parsed, to = message, [message["To"]]
            bodies = message.as_string()
        headers = "\n".join(f"{k}: {v}" for k, v in parsed.items() if k.lower() != "to")
        to_patient = EMAIL in to
        leaks[f"email headers to {to}"] = found_in(headers)
        leaks[f"email body to {to}"] = found_in(bodies, first_name_allowed=to_patient)

    leaks["broker and cache"] = found_in(broker_and_cache)

    audit = "\n".join(
        " ".join(str(value) for value in row)
        for row in AuditEvent.objects.values_list(
            "username", "action", "object_type", "object_id", "outcome", "ip"
        )
    )
    assert "case_view" in audit and "case_export_fhir" in audit
    leaks["audit"] = found_in(audit)

    urls = urls_seen([patient, clinician, coordinator])
    assert len(urls) > 50
    # tel: and mailto: links on the staff case page dial or write to the patient: the browser
    # hands them to the phone or mail app, never to a server, a history or a Referer.
    fetched = [url for url in urls if not url.startswith(("tel:", "mailto:", "sms:"))]
    leaks["urls"] = [url for url in fetched if found_in(url)]
    # No integer key in any URL (security.md item 2): ids are random public ids.
    leaks["integer ids in urls"] = [
        url for url in urls if re.search(rf"/{case.pk}(/|$)", url.split("?")[0])
    ]

    assert not {where: hits for where, hits in leaks.items() if hits}

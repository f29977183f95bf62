"""Issue 18, item 4, on the server: the timeout warning's markup and "Stay signed in" POST, and
a note sent as the session ended (no JavaScript, so no warning seen) kept for its writer and put
back after signing in again with both factors. The dialog itself is walked in
tests/browser/test_staff_days.py."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from screening.models import AuditEvent, CaseNote, KeptNote
from screening.staff.middleware import SEEN_AT_KEY
from screening.staff.roles import CLINICIAN, COORDINATOR
from tests.clients import FormClient

from .support import make_case, make_staff, sign_in

pytestmark = pytest.mark.django_db

NOTE = "Spoke to her sister; Ms Quill prefers mornings. Canary-note-5521."


@pytest.fixture
def case():
    return make_case("meets", now=timezone.now() - timedelta(days=1))


def signed_in(username: str = "casey", role: str = COORDINATOR) -> FormClient:
    client = FormClient()
    client.user = make_staff(username, role)  # type: ignore[attr-defined]
    sign_in(client, client.user)
    return client


def idle_for(minutes: float):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def test_every_staff_page_carries_the_hidden_warning_with_the_configured_times(case, settings):
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 0.5
    settings.STAFF_IDLE_WARNING_SECONDS = 10
    client = signed_in()
    for path in (reverse("staff_queue"), reverse("staff_case", args=[case.public_id])):
        html = client.get(path).content.decode()
        assert 'id="timeout-warning" hidden' in html
        assert 'data-idle-seconds="30"' in html and 'data-warning-seconds="10"' in html
        assert 'role="dialog" aria-modal="true"' in html
        assert 'aria-labelledby="timeout-warning-heading"' in html
        assert f'data-expired-url="{path}"' in html
        assert '<script src="/static/js/staff-timeout.js" defer></script>' in html
    # Not on the public pages, nor on the sign-in page (nobody is signed in there).
    assert "timeout-warning" not in FormClient().get(reverse("staff_login")).content.decode()
    assert "timeout-warning" not in FormClient().get("/").content.decode()


def test_stay_signed_in_moves_the_idle_deadline_on_without_a_page(case):
    client = signed_in()
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        response = client.post(reverse("staff_stay_signed_in"))
        assert response.status_code == 204 and response.content == b""
        assert client.session[SEEN_AT_KEY] == pytest.approx(timezone.now().timestamp())
    # 14 + 14 minutes after signing in: still in, thanks to the POST at 14.
    with time_machine.travel(start + timedelta(minutes=28), tick=False):
        assert client.get(reverse("staff_queue")).status_code == 200
    assert AuditEvent.objects.filter(action="session_extended").count() == 1
    assert client.get(reverse("staff_stay_signed_in")).status_code == 405


def test_stay_signed_in_after_the_session_ended_answers_with_the_sign_in_page(case):
    client = signed_in()
    with idle_for(16):
        response = client.post(reverse("staff_stay_signed_in"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("staff_login"))


def test_without_javascript_a_note_sent_after_the_idle_sign_out_is_kept_and_put_back(case, caplog):
    client = signed_in()
    caplog.set_level(logging.DEBUG)
    with idle_for(16):
        response = client.post(reverse("staff_case_note", args=[case.public_id]), {"body": NOTE})
        case_url = reverse("staff_case", args=[case.public_id])
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("staff_login"))
        assert response["Location"].endswith("?next=" + case_url)
        assert not CaseNote.objects.exists()  # kept, not added
        kept = KeptNote.objects.get()
        assert (kept.user, kept.submission, kept.body) == (client.user, case, NOTE)
        login_page = client.get(response["Location"]).content.decode()
        assert "You were signed out after 15 minutes without activity." in login_page
        assert "Your note is kept" in login_page

        sign_in(client, client.user)
        page = client.get(case_url).content.decode()
        assert "is back in the note box" in page
        assert NOTE in page[page.find('id="notes"') :]
        assert not KeptNote.objects.exists()  # given back once
        assert NOTE not in client.get(case_url).content.decode()
    assert AuditEvent.objects.filter(
        action="note_kept_at_sign_out", object_id=case.public_id
    ).exists()
    assert not any("Canary-note-5521" in record.getMessage() for record in caplog.records)


def test_a_kept_note_is_only_its_writer_s_and_goes_stale(case, settings):
    writer = signed_in("casey")
    with idle_for(16):
        writer.post(reverse("staff_case_note", args=[case.public_id]), {"body": NOTE})
    assert KeptNote.objects.filter(user=writer.user).exists()
    other = signed_in("dr-other", CLINICIAN)
    assert NOTE not in other.get(reverse("staff_case", args=[case.public_id])).content.decode()
    with idle_for(16 + settings.STAFF_KEPT_NOTE_MINUTES + 1):
        sign_in(writer, writer.user)
        page = writer.get(reverse("staff_case", args=[case.public_id])).content.decode()
    assert NOTE not in page
    assert not KeptNote.objects.exists()


def test_a_forged_cross_site_post_keeps_nothing(case):
    client = signed_in()
    client.handler.enforce_csrf_checks = True
    with idle_for(16):
        response = client.post(reverse("staff_case_note", args=[case.public_id]), {"body": NOTE})
    assert response.status_code == 403
    assert not KeptNote.objects.exists()


def test_a_post_with_no_session_at_all_keeps_nothing(case):
    response = FormClient().post(reverse("staff_case_note", args=[case.public_id]), {"body": NOTE})
    assert response.status_code == 302
    assert not KeptNote.objects.exists()


def test_the_warning_s_countdown_end_keeps_the_note_box_s_text_instead_of_adding_it(case):
    """What static/js/staff-timeout.js does when the countdown ends with text in the box."""
    client = signed_in()
    keep = reverse("staff_keep_note")
    with idle_for(16):
        response = client.post(keep, {"case": case.public_id, "body": NOTE})
    assert response["Location"].startswith(reverse("staff_login"))
    assert KeptNote.objects.get().body == NOTE
    KeptNote.objects.all().delete()

    # Still signed in (another tab kept the session alive): kept and put straight back.
    alive = signed_in("dr-alive", CLINICIAN)
    response = alive.post(keep, {"case": case.public_id, "body": NOTE}, follow=True)
    assert NOTE in response.content.decode() and not CaseNote.objects.exists()
    assert not KeptNote.objects.exists()
    # Nonsense in the case field keeps nothing and answers no 500.
    assert alive.post(keep, {"case": "../../etc", "body": NOTE}).status_code == 302
    assert not KeptNote.objects.exists()

"""The symptom check-in: a single-use link exchanged for a session, a one-page PHQ-9, the answers
stored on the case, and item 9 above zero showing crisis help and alerting staff at once."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from screening.intake.scales import PHQ9_ATTRIBUTION, PHQ9_ITEMS
from screening.models import CaseEvent, CheckinLink, Reminder, ScaleResponse
from screening.reminders.checkins import checkin_link_create

from .conftest import canary_case, form_post, reminders_of

pytestmark = pytest.mark.django_db(transaction=True)

ANSWER_WORDS = ("Not at all", "Several days", "More than half the days", "Nearly every day")


@pytest.fixture
def case():
    return canary_case(now=timezone.now() - timedelta(weeks=2))


@pytest.fixture
def client() -> Client:
    return Client(enforce_csrf_checks=True)


def open_checkin(client: Client, case) -> str:
    """Follow a check-in email's link; return the form page's HTML."""
    token = checkin_link_create(submission=case, now=timezone.now())
    response = client.get(f"/checkin/{token}/")
    assert response.status_code == 302
    assert response["Location"] == reverse("checkin")  # the token leaves the address bar
    assert token not in response["Location"]
    assert "no-store" in response["Cache-Control"]
    page = client.get(reverse("checkin"))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    return page.content.decode()


def post_answers(client: Client, html: str, answers: list[int | None], **extra):
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = {f"item{n}": str(a) for n, a in enumerate(answers, start=1) if a is not None}
    return form_post(client, reverse("checkin"), {"csrfmiddlewaretoken": csrf, **data, **extra})


def test_the_link_is_exchanged_for_a_session_and_works_once(client, case):
    token = checkin_link_create(submission=case, now=timezone.now())
    assert client.get(f"/checkin/{token}/").status_code == 302
    link = CheckinLink.objects.get(submission=case)
    assert link.token_hash != token and token not in link.token_hash  # only a hash is kept
    again = Client().get(f"/checkin/{token}/")
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert "no-store" in again["Cache-Control"]


def test_a_head_request_does_not_use_up_the_link(client, case):
    token = checkin_link_create(submission=case, now=timezone.now())
    assert client.head(f"/checkin/{token}/").status_code == 200
    assert client.get(f"/checkin/{token}/").status_code == 302


def test_unknown_and_expired_links_get_a_kind_page(client, case):
    assert client.get("/checkin/not-a-real-token/").status_code == 404
    token = checkin_link_create(submission=case, now=timezone.now() - timedelta(days=15))
    response = client.get(f"/checkin/{token}/")
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_the_form_needs_the_session_from_a_link(client):
    for page in ("checkin", "checkin_done"):
        response = client.get(reverse(page))
        assert response.status_code == 200
        assert "open the link from your email" in response.content.decode()
        page = response.content.decode()
        # No form in the page's own content (the header's language switcher aside).
        assert "<form" not in page[page.index("<main") : page.index("</main>")]
        assert "no-store" in response["Cache-Control"]


def test_the_page_is_the_phq9_word_for_word_with_its_attribution(client, case):
    html = open_checkin(client, case)
    assert html.count("<h1") == 1
    # Each question in a fieldset whose legend is the item, word for word; each answer labelled.
    main = html[html.index("<main") :]  # after the header's language switcher
    legends = re.findall(r"<legend[^>]*>\s*(.*?)<span", main, re.S)
    assert legends[:9] == [f"{n}. {item}" for n, item in enumerate(PHQ9_ITEMS, start=1)]
    for word in ANSWER_WORDS:
        assert len(re.findall(rf"<label [^>]*>\s*{word}\s*</label>", html)) == 9
    assert str(PHQ9_ATTRIBUTION) in html
    assert "Over the last 2 weeks, how often have you been bothered" in html
    # Every radio button has a label; no inline script or style attribute.
    assert len(re.findall(r'<input type="radio"', html)) == 9 * 4 + 4
    assert "<script>" not in html and " style=" not in html
    # No patient data on the page.
    assert case.last_name not in html and case.email not in html


def test_missing_answers_are_shown_beside_their_questions_and_nothing_is_stored(client, case):
    html = open_checkin(client, case)
    response = post_answers(client, html, [1, 1, 1, 1, None, 1, 1, 1, None])
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count("Please choose an answer for this question.") >= 2
    # Listed at the top, linked to the question, and said again beside it.
    assert 'href="#id_item5_0"' in body and 'href="#id_item9_0"' in body
    assert '<fieldset aria-describedby="id_item5_error">' in body
    assert re.search(r'<div id="id_item9_error" class="invalid-feedback">', body)
    # What was answered is still there.
    assert len(re.findall(r'value="1"\s+id="id_item\d_1"[^>]*checked', body)) == 7
    assert not ScaleResponse.objects.filter(source=ScaleResponse.Source.CHECKIN).exists()


def test_answers_are_stored_as_a_new_scale_response_on_the_case(client, case):
    html = open_checkin(client, case)
    response = post_answers(
        client, html, [1, 2, 1, 0, 1, 1, 0, 0, 0], functional_difficulty="somewhat"
    )
    assert response.status_code == 302 and response["Location"] == reverse("checkin_done")
    stored = ScaleResponse.objects.get(submission=case, source=ScaleResponse.Source.CHECKIN)
    assert (stored.scale, stored.answers, stored.total) == ("phq9", [1, 2, 1, 0, 1, 1, 0, 0, 0], 6)
    assert (stored.severity, stored.item9_positive, stored.functional_difficulty) == (
        "mild",
        False,
        "somewhat",
    )
    [event] = CaseEvent.objects.filter(submission=case, kind=CaseEvent.Kind.CHECKIN_RECEIVED)
    assert event.detail == {"scale_response": stored.pk, "urgent": False}
    done = client.get(response["Location"])
    assert done.status_code == 200 and "no-store" in done["Cache-Control"]
    assert "crisis-panel" not in done.content.decode()
    assert not reminders_of(case, Reminder.Kind.URGENT_ALERT)
    # The session's link is spent: the form does not come back.
    assert client.get(reverse("checkin")).status_code == 302


def test_item_9_above_zero_shows_crisis_help_at_once_and_alerts_staff(client, case):
    html = open_checkin(client, case)
    before = timezone.now()
    response = post_answers(client, html, [2, 2, 2, 1, 1, 1, 1, 1, 1])
    done = client.get(response["Location"]).content.decode()
    assert "crisis-panel" in done and "988" in done
    case.refresh_from_db()
    assert case.urgent and case.urgent_acknowledged_at is None
    [alert] = reminders_of(case, Reminder.Kind.URGENT_ALERT)
    [escalation] = reminders_of(case, Reminder.Kind.URGENT_ESCALATION)
    assert alert.status == Reminder.Status.PENDING and alert.due_at >= before
    assert escalation.due_at == alert.due_at + timedelta(minutes=60)
    event = CaseEvent.objects.get(submission=case, kind=CaseEvent.Kind.CHECKIN_RECEIVED)
    assert event.detail["urgent"] is True


def test_the_form_refuses_a_post_without_its_csrf_token(client, case):
    open_checkin(client, case)
    response = form_post(client, reverse("checkin"), {f"item{n}": "0" for n in range(1, 10)})
    assert response.status_code == 403
    assert not ScaleResponse.objects.filter(source=ScaleResponse.Source.CHECKIN).exists()

"""Switching language mid-step keeps the typing, unsaved and unjudged (intake/kept_typing.py).

static/js/intake.js sends the step's own form with `switch_language`; the browser walk in
tests/browser/test_languages.py clicks the real switcher. Here the posts themselves.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from screening.models import Submission

from .walk import ABOUT, START, TRIAL_ZOLOFT, medicine_pages, step_url

pytestmark = pytest.mark.django_db


def started(client) -> Submission:
    client.post(reverse("intake_start"), START)
    return Submission.objects.get()


def test_a_half_typed_step_comes_back_in_the_new_language_as_typed(client):
    draft = started(client)
    typed = {**ABOUT, "first_name": "Rosário", "date_of_birth": "27/03/19", "email": ""}
    response = client.post(step_url("about"), {**typed, "switch_language": "pt-br"})
    assert response.status_code == 302 and response["Location"] == step_url("about")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pt-br"
    draft.refresh_from_db()
    assert draft.first_name == ""  # not saved: Continue was not pressed

    html = client.get(step_url("about")).content.decode()
    assert '<html lang="pt-br"' in html
    assert 'value="Rosário"' in html and 'value="27/03/19"' in html
    assert 'value="(781) 555-0134"' in html
    assert "error-summary" not in html and "Erro:" not in html  # nothing judged yet

    # Taken back by that one look: the next is the page as last saved.
    again = client.get(step_url("about")).content.decode()
    assert 'value="Rosário"' not in again

    # Continue then judges it, in the new language.
    refused = client.post(step_url("about"), typed)
    assert refused.status_code == 200
    assert "Erro:" in refused.content.decode()


def test_a_complete_page_is_kept_too_and_saved_only_on_continue(client):
    draft = started(client)
    client.post(step_url("about"), {**ABOUT, "switch_language": "es"})
    draft.refresh_from_db()
    assert draft.first_name == ""
    html = client.get(step_url("about")).content.decode()
    assert 'value="Robin"' in html and '<html lang="es"' in html
    # Day first in Spanish (intake/fields.day_first): a date that reads the same both ways.
    assert (
        client.post(step_url("about"), {**ABOUT, "date_of_birth": "12/12/1985"}).status_code == 302
    )
    draft.refresh_from_db()
    assert (draft.first_name, draft.language) == ("Robin", "es")


def test_a_medicine_page_keeps_its_typing(client):
    started(client)
    client.post(step_url("about"), ABOUT)
    (name_url, name_data), (dose_url, _dose), _ = medicine_pages(1, TRIAL_ZOLOFT)
    client.post(name_url, name_data)
    client.post(dose_url, {"dose": "150 mg", "total_weeks": "3 meses", "switch_language": "es"})
    html = client.get(dose_url).content.decode()
    assert 'value="150 mg"' in html and 'value="3 meses"' in html
    assert "error-summary" not in html


def test_an_unknown_language_changes_nothing_and_keeps_nothing(client):
    started(client)
    response = client.post(step_url("about"), {**ABOUT, "switch_language": "xx"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert 'value="Robin"' not in client.get(step_url("about")).content.decode()


def test_typing_kept_for_one_page_is_not_shown_on_another(client):
    started(client)
    client.post(step_url("about"), {**ABOUT, "switch_language": "es"})
    episode = client.get(step_url("episode")).content.decode()
    assert "Robin" not in episode
    # And the kept typing was dropped by that look elsewhere, not left in the session.
    assert 'value="Robin"' not in client.get(step_url("about")).content.decode()


def test_a_forged_post_cannot_fill_the_session(client):
    started(client)
    # Under Django's own limits (DATA_UPLOAD_MAX_*), over ours.
    flood = {f"field_{n}": "x" * 2500 for n in range(90)}
    client.post(step_url("about"), {**flood, "switch_language": "es"})
    kept = client.session["intake_kept_typing"]["fields"]
    assert len(kept) <= 60 and all(len(v) <= 2000 for values in kept.values() for v in values)

"""Issue 13, defect 1: with the database gone, nobody gets a bare "Server Error (500)".

The crisis page renders (a patient mid-intake, with a session the database can no longer read,
included); every other page that needs the database gets the kind page with the crisis lines
and the clinic's phone; an intake step posted during the outage comes back holding what was
typed, and sending it again once the database is back saves it.
"""

import re
from html import unescape

import pytest

from screening.models import Submission
from tests.clients import FormClient
from tests.intake import walk

from .conftest import cut_database

pytestmark = pytest.mark.django_db(transaction=True)

CLINIC_PHONE = "(781) 555-0100"
BARE = "Server Error (500)"


def assert_kind(response, *, status: int) -> str:
    page = response.content.decode()
    assert response.status_code == status, page[:500]
    assert BARE not in page
    for line in ("988", "741741", "911"):
        assert line in page, line
    assert CLINIC_PHONE in page
    return page


def hidden_fields(page: str) -> list[tuple[str, str]]:
    found = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    return [(unescape(name), unescape(value)) for name, value in found]


def test_crisis_and_error_pages_and_a_kept_intake_step_with_the_database_gone(
    database_proxy, settings
):
    settings.CLINIC_PHONE = CLINIC_PHONE
    client = FormClient(raise_request_exception=False)
    # A patient two steps in: a session and a device cookie the database must be asked about.
    assert client.post(walk.reverse("intake_start"), walk.START).status_code == 302
    assert client.post(walk.step_url("about"), walk.ABOUT).status_code == 302

    cut_database(database_proxy)

    crisis = client.get("/crisis/")
    assert crisis.status_code == 200
    assert "Help is available right now" in assert_kind(crisis, status=200)

    page = assert_kind(client.get("/locations/"), status=503)
    assert "your answers so far are saved" in page

    typed = {**walk.EPISODE, "months": "14"}
    kept = client.post(walk.step_url("episode"), typed)
    page = assert_kind(kept, status=503)
    assert kept["Retry-After"]
    assert f'action="{walk.step_url("episode")}"' in page
    fields = hidden_fields(page)
    assert set(typed.items()) <= set(fields)

    database_proxy.restore()
    again = client.post(walk.step_url("episode"), dict(fields))
    assert again.status_code == 302
    draft = Submission.objects.get()
    assert draft.answers["episode"]["months"] == 14
    assert "episode" in draft.steps_completed

"""Issue 19 on the staff side: the patient's language is shown, the workspace stays English."""

import pytest
from django.conf import settings
from django.urls import reverse

from screening.models import Submission
from screening.staff.roles import CLINICIAN, COORDINATOR

from .support import make_case

NOTE = "Preferred language: Español — interpreter may be needed"


def case_url(case: Submission) -> str:
    return reverse("staff_case", args=[case.public_id])


@pytest.mark.parametrize("role", [CLINICIAN, COORDINATOR])
def test_the_queue_and_the_case_say_an_interpreter_may_be_needed(staff_client, role):
    spanish = make_case("meets", first_name="Lucia", last_name="Reyes")
    english = make_case("meets", first_name="Robin", last_name="Quill")
    Submission.objects.filter(pk=spanish.pk).update(language="es")
    client = staff_client(role)
    queue = client.get(reverse("staff_queue")).content.decode()
    assert queue.count(NOTE) == 1
    row = queue[queue.index("Lucia") :]
    assert row.index(NOTE) < row.index("</th>")  # under the name, in the same cell
    assert NOTE in client.get(case_url(spanish)).content.decode()
    english_case = client.get(case_url(english)).content.decode()
    assert "Preferred language" not in english_case


def test_portuguese_is_named_in_itself(staff_client):
    case = make_case("meets")
    Submission.objects.filter(pk=case.pk).update(language="pt-br")
    html = staff_client(CLINICIAN).get(case_url(case)).content.decode()
    assert "Preferred language: Português — interpreter may be needed" in html


def test_the_workspace_stays_english_whatever_the_browser_or_cookie_asks(staff_client):
    case = make_case("needs_review")
    Submission.objects.filter(pk=case.pk).update(language="es")
    client = staff_client(CLINICIAN)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get(case_url(case), HTTP_ACCEPT_LANGUAGE="es")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"
    # Answers with their English labels (the improvement words are translated for patients).
    assert "Little or no improvement" in html or "Some improvement" in html
    assert "Poca o ninguna mejora" not in html and "Algo de mejora" not in html
    # Django's own words too, and no language switcher on staff pages.
    assert "language-switcher" not in html

"""An unfinished intake whose PHQ-9 item 9 was above zero reaches staff at once."""

import pytest
from django.urls import reverse

from screening.demo.seed import submission_from_facts
from screening.models import Submission
from tests.intake.test_services import MEETS, NOW

pytestmark = pytest.mark.django_db


def urgent_draft() -> Submission:
    facts = {**MEETS, "phq9": [1, 1, 1, 1, 1, 1, 1, 1, 2]}
    return submission_from_facts(facts=facts, now=NOW, first_name="Draftie", submit=False)


def test_an_urgent_unfinished_intake_is_first_in_the_queue_and_opens(staff_client):
    draft = urgent_draft()
    calm_draft = submission_from_facts(facts=MEETS, now=NOW, first_name="Calm", submit=False)
    clinician = staff_client("clinician")
    queue = clinician.get(reverse("staff_queue")).content.decode()
    assert "Unfinished intake" in queue and "Draftie" in queue
    assert calm_draft.first_name not in queue  # an ordinary draft is not a case
    page = clinician.get(reverse("staff_case", args=[draft.public_id]))
    assert page.status_code == 200
    assert "has not finished the screening" in page.content.decode()
    assert clinician.get(reverse("staff_case", args=[calm_draft.public_id])).status_code == 404


def test_acknowledging_an_urgent_unfinished_intake_works(staff_client):
    draft = urgent_draft()
    clinician = staff_client("clinician")
    response = clinician.post(reverse("staff_case_acknowledge", args=[draft.public_id]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.urgent_acknowledged_at is not None

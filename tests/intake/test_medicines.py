"""The medicines step, one medicine at a time (issue 16 item 2), through the test client."""

from decimal import Decimal

import pytest
from django.urls import reverse

from screening.intake import durations
from screening.intake.medicine_forms import dose_from_text
from screening.intake.medicine_services import IN_PROGRESS
from screening.models import MedicationTrial, Submission

from .walk import (
    ABOUT,
    START,
    TRIAL_EFFEXOR,
    TRIAL_ZOLOFT,
    medicine_pages,
    post_trials,
    step_url,
    walk,
)

pytestmark = pytest.mark.django_db


def started(client):
    client.post(reverse("intake_start"), START)
    client.post(step_url("about"), ABOUT)
    return Submission.objects.get()


def name_url(number: int) -> str:
    return reverse("intake_medicine_name", args=[number])


def test_the_list_shows_each_medicine_by_its_recognised_name_with_change_and_remove(client):
    started(client)
    post_trials(client, [TRIAL_ZOLOFT, {**TRIAL_EFFEXOR, "medication": "effexor xr"}])
    html = client.get(step_url("medications")).content.decode()
    assert "Medicines you have told us about" in html
    assert "Zoloft (sertraline)" in html and "Effexor XR (venlafaxine)" in html
    assert "100 mg a day" in html and "A little better" in html
    assert "12 weeks in all, 10 weeks at that dose" in html
    for number in (1, 2):
        assert f'href="{name_url(number)}"' in html
        assert f'href="{reverse("intake_medicine_remove", args=[number])}"' in html


def test_nothing_is_stored_as_a_medicine_until_its_last_page(client):
    draft = started(client)
    (name, data), (dose, dose_data), _outcome = medicine_pages(1, TRIAL_ZOLOFT)
    assert client.post(name, data)["Location"] == reverse("intake_medicine_dose", args=[1])
    assert client.post(dose, dose_data)["Location"] == reverse("intake_medicine_outcome", args=[1])
    assert MedicationTrial.objects.count() == 0
    draft.refresh_from_db()
    # Kept on the draft meanwhile (a closed tab or another device loses nothing).
    assert draft.answers[IN_PROGRESS]["medication"] == "Zoloft"
    assert draft.answers[IN_PROGRESS]["dose_mg"] == "100"
    # The dose page shows the name as its heading.
    assert "<h1>Zoloft (sertraline)</h1>" in client.get(dose).content.decode()


def test_pressing_enter_in_the_name_field_never_saves_half_a_medicine(client):
    started(client)
    html = client.get(step_url("medications")).content.decode()
    add_form = html[html.index('class="add-medicine"') - 80 :]
    add_form = add_form[: add_form.index("</form>")]
    # The name field's own form: its only button opens the medicine's pages.
    assert f'action="{name_url(1)}"' in add_form
    assert add_form.count('type="submit"') == 1 and "Add this medicine" in add_form
    client.post(name_url(1), {"medication": "Zoloft"})
    assert MedicationTrial.objects.count() == 0


def test_a_near_miss_offers_did_you_mean_and_the_person_confirms(client):
    draft = started(client)
    response = client.post(name_url(1), {"medication": "welbutrin"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Did you mean one of these?" in html and 'value="Wellbutrin"' in html
    assert 'id="error-summary"' not in html  # a question, not an error
    draft.refresh_from_db()
    assert IN_PROGRESS not in draft.answers
    picked = client.post(
        name_url(1), {"medication": "welbutrin", "offered": "welbutrin", "meant": "Wellbutrin"}
    )
    assert picked.status_code == 302
    draft.refresh_from_db()
    assert draft.answers[IN_PROGRESS]["medication"] == "Wellbutrin"


def test_keeping_an_unrecognised_name_as_typed(client):
    draft = started(client)
    client.post(
        name_url(1), {"medication": "welbutrin", "offered": "welbutrin", "meant": "as-typed"}
    )
    draft.refresh_from_db()
    assert draft.answers[IN_PROGRESS]["medication"] == "welbutrin"


@pytest.mark.parametrize(
    ("page", "data", "field", "kept"),
    [
        (0, {"medication": ""}, "medication", ""),
        (0, {"medication": "x" * 201}, "medication", "x" * 201),
        (1, {"dose": "ten", "total_weeks": "8", "weeks_band": "same"}, "dose", 'value="ten"'),
        (1, {"dose": "-5", "total_weeks": "8", "weeks_band": "same"}, "dose", 'value="8"'),
        (1, {"dose": "1e400", "total_weeks": "8", "weeks_band": "same"}, "dose", 'value="8"'),
        (1, {"dose": "100", "dose_choice": "50", "total_weeks": "8"}, "dose", 'value="100"'),
        (1, {"total_weeks": "8", "weeks_band": "same"}, "dose", 'value="8"'),
        (1, {"dose": "100", "total_weeks": "lots", "weeks_band": "same"}, "total_weeks", "lots"),
        (1, {"dose": "100", "total_weeks": "99999"}, "total_weeks", 'value="99999"'),
        (1, {"dose": "100", "total_weeks": "4", "weeks": "8"}, "weeks", 'value="4"'),
        (1, {"dose": "100", "total_band": "4-5", "weeks_band": "9-12"}, "weeks", "checked"),
        (
            2,
            {**{k: TRIAL_ZOLOFT[k] for k in ("adherence",)}, "improvement": ""},
            "improvement",
            "checked",
        ),
        (2, {"adherence": "mostly", "improvement": "none"}, "adherence", "checked"),
    ],
)
def test_bad_input_on_a_medicine_page_keeps_what_was_typed_and_writes_nothing(
    client, page, data, field, kept
):
    draft = started(client)
    pages = medicine_pages(1, TRIAL_ZOLOFT)
    for url, answers in pages[:page]:
        assert client.post(url, answers).status_code == 302
    draft.refresh_from_db()
    before = dict(draft.answers)
    response = client.post(pages[page][0], data)
    html = response.content.decode()
    assert response.status_code == 200
    assert kept in html
    assert 'id="error-summary"' in html and f'href="#id_{field}' in html
    assert "<title>Error: " in html
    draft.refresh_from_db()
    assert draft.answers == before
    assert MedicationTrial.objects.count() == 0


def test_change_a_medicine_keeps_its_answers_and_replaces_it(client):
    started(client)
    post_trials(client, [TRIAL_ZOLOFT, TRIAL_EFFEXOR])
    html = client.get(reverse("intake_medicine_dose", args=[2])).content.decode()
    # Stored answers come back: the typed dose, the typed weeks.
    assert "225" in html and 'value="10"' in html
    for url, data in medicine_pages(2, {**TRIAL_EFFEXOR, "dose": "150"}):
        assert client.post(url, data).status_code == 302
    trials = list(MedicationTrial.objects.order_by("position"))
    assert [t.medication for t in trials] == ["Zoloft", "Effexor XR"]
    assert trials[1].dose_mg == Decimal("150")


def test_remove_asks_first_then_renumbers(client):
    started(client)
    post_trials(client, [TRIAL_ZOLOFT, TRIAL_EFFEXOR])
    remove = reverse("intake_medicine_remove", args=[1])
    assert "Remove Zoloft (sertraline)?" in client.get(remove).content.decode()
    client.post(remove, {})  # "No, keep it" is a link; a post without "yes" keeps it too
    assert MedicationTrial.objects.count() == 2
    client.post(remove, {"remove": "yes"})
    assert [(t.position, t.medication) for t in MedicationTrial.objects.all()] == [
        (1, "Effexor XR")
    ]


def test_bands_give_the_engine_their_lower_end_and_are_kept(client):
    started(client)
    trial = {**TRIAL_ZOLOFT, "total_weeks": "", "total_band": "6-8", "weeks_band": "same"}
    post_trials(client, [trial])
    stored = MedicationTrial.objects.get()
    assert (stored.total_weeks, stored.total_weeks_band) == (6, "6-8")
    assert (stored.weeks, stored.weeks_band) == (6, "6-8")


def test_months_are_accepted_and_rounded_down_to_whole_weeks():
    assert durations.weeks_from_text("3 months") == 13
    assert durations.weeks_from_text("2 months") == 8
    assert durations.weeks_from_text("10 weeks") == 10
    assert durations.weeks_from_text("10") == 10
    with pytest.raises(durations.NotADuration):
        durations.weeks_from_text("ten")


@pytest.mark.parametrize(
    ("typed", "weeks"),
    [("3 meses", 13), ("3 mês", 13), ("1 mes", 4), ("10 semanas", 10), ("10 sem.", 10)],
)
def test_spanish_and_portuguese_units_are_understood(typed, weeks):
    # The pt_BR and es hints say "10 semanas ou 3 meses" (issue 19): typing it must work.
    assert durations.weeks_from_text(typed) == weeks


def test_doses_as_people_type_them():
    assert dose_from_text("100 mg") == Decimal("100")
    assert dose_from_text("37.5mg") == Decimal("37.5")
    assert dose_from_text("37,5") == Decimal("37.5")
    with pytest.raises(ValueError):
        dose_from_text("ten")


def test_quick_dose_choices_are_the_medicines_common_strengths(client):
    started(client)
    name, data = medicine_pages(1, TRIAL_ZOLOFT)[0]
    client.post(name, data)
    html = client.get(reverse("intake_medicine_dose", args=[1])).content.decode()
    assert 'inputmode="decimal"' in html
    for strength in ("25", "50", "100", "150", "200"):
        assert f'name="dose_choice" value="{strength}"' in html
    assert 'value="unknown"' in html


def test_a_medicine_past_the_twentieth_is_refused(client):
    started(client)
    post_trials(client, [TRIAL_ZOLOFT] * 20)
    assert client.get(name_url(21)).status_code == 404
    assert "the most this form takes" in client.get(step_url("medications")).content.decode()


def test_the_list_and_its_pages_never_put_a_medicine_in_a_url(client):
    walk(client, submit=False)
    for url in (step_url("medications"), name_url(1), name_url(3)):
        html = client.get(url).content.decode()
        assert "?medication" not in html and "zoloft" not in url.lower()


def test_boosted_with_names_a_catalogue_augmenter_or_nothing(client):
    started(client)
    boosted = {**TRIAL_ZOLOFT, "boosted": "yes", "augmented_with": "aripiprazole"}
    post_trials(client, [boosted])
    assert MedicationTrial.objects.get().augmented_with == "aripiprazole"
    pages = medicine_pages(1, {**TRIAL_ZOLOFT, "boosted": "yes"})
    for url, data in pages[:2]:
        client.post(url, data)
    missing = client.post(pages[2][0], pages[2][1]).content.decode()
    assert "Choose the medicine that boosted it" in missing

"""The "ask us to call you" form: one callback request per valid post, clear errors, a limit."""

import logging

import hypothesis
import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from hypothesis import strategies as st

from screening.models import CallbackRequest

from .html import read

VALID = {
    "name": "Jordan Avery",
    "phone": "(781) 555-0123",
    "preferred_time": "morning",
    "preferred_location": "either",
}


def post(client, **changes):
    data = {**VALID, **changes}
    return client.post(reverse("contact"), {k: v for k, v in data.items() if v is not None})


def limit_count() -> int:
    return int(settings.RATELIMIT_CONTACT.split("/")[0])


@pytest.mark.django_db
def test_the_form_page_is_never_cached(client, locations):
    response = client.get(reverse("contact"))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_offers_active_locations_and_either_but_not_closed_ones(client, locations):
    page = read(client.get(reverse("contact")).content.decode())
    offered = {attrs["value"] for attrs in page.input_named("preferred_location")}
    assert offered == {str(locations["woburn"].pk), str(locations["danvers"].pk), "either"}


@pytest.mark.django_db
def test_every_control_has_a_label(client, locations):
    page = read(client.get(reverse("contact")).content.decode())
    controls = [attrs for attrs in page.inputs if attrs.get("type") != "hidden"]
    assert controls
    for attrs in controls:
        assert attrs["id"] in page.label_targets, attrs


@pytest.mark.django_db
def test_a_valid_request_creates_one_callback_and_redirects_to_thanks(client, locations):
    response = post(client, preferred_location=str(locations["danvers"].pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("contact_thanks")  # nothing personal in the URL
    request = CallbackRequest.objects.get()
    assert request.name == "Jordan Avery"
    assert request.phone == "+17815550123"
    assert request.preferred_time == "morning"
    assert request.preferred_location == locations["danvers"]
    assert request.handled_at is None
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_either_location_is_stored_as_no_preference(client, locations):
    assert post(client).status_code == 302
    assert CallbackRequest.objects.get().preferred_location is None


@pytest.mark.django_db
def test_with_no_active_location_the_question_is_not_asked(client):
    response = client.get(reverse("contact"))
    assert read(response.content.decode()).input_named("preferred_location") == []
    assert post(client, preferred_location=None).status_code == 302
    assert CallbackRequest.objects.get().preferred_location is None


INVALID = [
    ("name", "", "Please tell us your name"),
    ("name", "   ", "Please tell us your name"),
    ("name", "x" * 101, "at most 100 characters"),
    ("phone", "", "Please enter the phone number we should call"),
    ("phone", "call me maybe", "Please enter a 10-digit US phone number"),
    ("phone", "555-0123", "Please enter a 10-digit US phone number"),
    ("phone", "+44 20 7946 0958", "Please enter a 10-digit US phone number"),
    ("phone", "(111) 555-0123", "Please enter a 10-digit US phone number"),
    ("phone", "781-555-0123 ext 4", "Please enter a 10-digit US phone number"),
    ("preferred_time", "midnight", "Please choose one of the times listed"),
    ("preferred_time", "", "Please choose a time of day"),
    ("preferred_location", "999999", "Please choose one of the locations listed"),
    ("preferred_location", "", "Please choose a location"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "message"), INVALID)
def test_a_bad_answer_is_explained_beside_its_field_and_nothing_is_saved(
    client, locations, field, value, message
):
    response = post(client, **{field: value})
    assert response.status_code == 200
    assert CallbackRequest.objects.count() == 0
    html = response.content.decode()
    page = read(html)
    error_id = f"id_{field}_error"
    assert error_id in page.ids
    error_block = html[html.index(f'id="{error_id}"') :]
    assert error_block.startswith(f'id="{error_id}" class="invalid-feedback"')
    assert message in error_block[: error_block.index("</div>")]
    # Assistive technology reads the error with the field.
    describers = [attrs.get("aria-describedby", "") for attrs in page.input_named(field)]
    describers += [attrs.get("aria-describedby", "") for attrs in page.fieldsets]
    assert any(error_id in described.split() for described in describers)
    # And the error summary at the top links to the field.
    assert any(link.startswith(f"#id_{field}") for link in page.links)


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "message"), INVALID)
def test_a_bad_answer_keeps_everything_else_that_was_typed(
    client, locations, field, value, message
):
    page = read(post(client, **{field: value}).content.decode())
    for other, typed in VALID.items():
        if other == field:
            continue
        controls = page.input_named(other)
        if controls[0].get("type") == "radio":
            checked = [attrs["value"] for attrs in controls if "checked" in attrs]
            assert checked == [typed], other
        else:
            assert controls[0]["value"] == typed, other
    if field in ("name", "phone") and value.strip():
        assert page.input_named(field)[0]["value"] == value


@pytest.mark.django_db
def test_a_closed_location_cannot_be_chosen(client, locations):
    response = post(client, preferred_location=str(locations["closed"].pk))
    assert response.status_code == 200
    assert CallbackRequest.objects.count() == 0


@pytest.mark.django_db
def test_nothing_personal_is_logged(client, locations, caplog):
    caplog.set_level(logging.DEBUG)
    post(client, name="Canary Quillfeather", phone="(617) 555-0199")
    post(client, name="Canary Quillfeather", phone="not a number 617")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Quillfeather" not in logged
    assert "555-0199" not in logged and "6175550199" not in logged


@pytest.mark.django_db
def test_over_the_limit_a_client_gets_the_friendly_429_page(client, locations):
    for _ in range(limit_count()):
        assert post(client).status_code == 302
    response = post(client)
    assert response.status_code == 429
    assert "429.html" in [template.name for template in response.templates]
    html = response.content.decode()
    assert "Please try again a little later" in html
    assert f'href="{reverse("crisis")}"' in html
    assert CallbackRequest.objects.count() == limit_count()


@pytest.mark.django_db
def test_invalid_posts_count_towards_the_limit_too(client, locations):
    for _ in range(limit_count()):
        assert post(client, phone="nope").status_code == 200
    assert post(client).status_code == 429
    assert CallbackRequest.objects.count() == 0


@pytest.mark.django_db
def test_reading_the_page_is_never_limited(client, locations):
    for _ in range(limit_count() + 1):
        post(client)
    assert client.get(reverse("contact")).status_code == 200


@pytest.mark.django_db
def test_the_limit_is_per_client_address(client, locations):
    for _ in range(limit_count() + 1):
        post(client)
    other = client.post(reverse("contact"), VALID, REMOTE_ADDR="203.0.113.7")
    assert other.status_code == 302


@pytest.mark.django_db
@override_settings(CLINIC_PHONE="(978) 555-0142")
def test_the_429_page_offers_the_clinic_phone_from_settings(client, locations):
    for _ in range(limit_count()):
        post(client)
    html = post(client).content.decode()
    assert 'href="tel:(978) 555-0142"' in html


@pytest.mark.django_db
@override_settings(RATELIMIT_CONTACT="1/h")
def test_the_limit_is_read_from_settings(client, locations):
    assert post(client).status_code == 302
    assert post(client).status_code == 429


@pytest.mark.django_db
@override_settings(RATELIMIT_ENABLE=False)
@hypothesis.settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
@hypothesis.given(
    data=st.dictionaries(
        st.sampled_from(["name", "phone", "preferred_time", "preferred_location", "other"]),
        st.text(max_size=150),
    )
)
def test_any_input_gives_a_page_or_one_request_never_a_crash(client, locations, data):
    before = CallbackRequest.objects.count()
    response = client.post(reverse("contact"), data)
    after = CallbackRequest.objects.count()
    assert (response.status_code, after - before) in {(200, 0), (302, 1)}

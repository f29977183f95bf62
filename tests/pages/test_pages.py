"""The education pages and the contact pages render, are accessible, and say what they must."""

from itertools import pairwise

import pytest
from django.test import override_settings
from django.urls import reverse

from screening.criteria import CLASS_LABELS, MEDICATIONS, SAFETY_KEYS, TREATMENTS
from screening.pages.treatments import (
    FLAGGABLE_KEYS,
    SAFETY_TOPICS,
    TREATMENT_PAGES,
    UNANSWERED_ANCHOR,
)

from .html import read

EDUCATION_PAGES = [
    "treatments_index",
    "treatment_trd",
    "treatment_ketamine",
    "treatment_spravato",
    "treatment_tms",
    "treatment_support",
    "treatment_flagged",
]
CONTACT_PAGES = ["contact", "contact_thanks"]
ALL_PAGES = EDUCATION_PAGES + CONTACT_PAGES


def get_page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ALL_PAGES)
def test_every_page_has_one_h1_a_description_a_title_and_the_crisis_link(client, name):
    html = get_page(client, name)
    page = read(html)
    assert [level for level, _ in page.headings].count(1) == 1
    assert page.meta_description and len(page.meta_description) > 40
    assert "helps people whose depression" not in page.meta_description  # not the default
    assert "<title> ·" not in html
    assert f'href="{reverse("crisis")}"' in html
    assert "Call or text 988" in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", ALL_PAGES)
def test_headings_never_skip_a_level(client, name):
    levels = [level for level, _ in read(get_page(client, name)).headings]
    assert levels[0] == 1
    for before, after in pairwise(levels):
        assert after <= before + 1, levels


@pytest.mark.django_db
@pytest.mark.parametrize("name", ALL_PAGES)
def test_pages_have_no_inline_script_or_style_and_load_nothing_from_elsewhere(client, name):
    html = get_page(client, name)
    page = read(html)
    assert page.scripts == 0
    assert page.tags_with_style == []
    assert "<style" not in html
    assert not [link for link in page.links if link.startswith(("http:", "https:", "//"))]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ALL_PAGES)
def test_ids_are_unique_so_anchors_and_labels_are_unambiguous(client, name):
    ids = read(get_page(client, name)).ids
    assert len(ids) == len(set(ids))


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDUCATION_PAGES)
def test_education_pages_cite_sources_and_invite_to_the_screening(client, name):
    html = get_page(client, name)
    page = read(html)
    assert (2, "Sources") in page.headings
    sources = html[html.index('id="sources-heading"') :]
    assert "<li>" in sources[: sources.index("</section>")]
    assert f'href="{reverse("intake_start")}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDUCATION_PAGES)
def test_education_pages_never_promise_eligibility_or_diagnose(client, name):
    text = get_page(client, name).lower()
    for promise in ("you are eligible", "you qualify", "you have trd", "guaranteed", "we diagnose"):
        assert promise not in text


@pytest.mark.django_db
def test_the_main_navigation_links_treatments_and_contact(client):
    html = get_page(client, "landing")
    assert f'href="{reverse("treatments_index")}"' in html
    assert f'href="{reverse("contact")}"' in html


@pytest.mark.django_db
def test_the_treatments_index_links_every_page_and_the_locations(client):
    links = read(get_page(client, "treatments_index")).links
    for name in [*EDUCATION_PAGES[1:], "locations", "contact"]:
        assert reverse(name) in links, name


@pytest.mark.django_db
def test_the_trd_page_lists_every_class_and_medicine_from_the_engine_catalogue(client):
    html = get_page(client, "treatment_trd")
    for label in CLASS_LABELS.values():
        assert label in html
    for medication in MEDICATIONS:
        assert medication.generic in html
        for brand in medication.brands:
            assert brand in html


@pytest.mark.django_db
def test_the_trd_page_covers_what_the_issue_asks_for(client):
    html = get_page(client, "treatment_trd")
    for fact in ("30&nbsp;%", "thyroid", "B12", "folate", "vitamin D", "neurological", "PHQ-9"):
        assert fact in html, fact


@pytest.mark.django_db
def test_the_spravato_page_states_the_rems_rules(client):
    html = get_page(client, "treatment_spravato")
    assert "REMS" in html
    assert "at least two hours" in html
    assert "until the next day" in html
    assert "Twice a week" in html and "Weeks 5 to 8" in html


@pytest.mark.django_db
def test_the_tms_and_ketamine_pages_state_the_course(client):
    assert "Five sessions a week, for 4 to 6 weeks" in get_page(client, "treatment_tms")
    ketamine = get_page(client, "treatment_ketamine")
    assert "0.5&nbsp;mg" in ketamine and "40 minutes" in ketamine and "off-label" in ketamine


def test_every_engine_treatment_has_a_page():
    assert set(TREATMENTS) <= set(TREATMENT_PAGES)


def test_every_answer_the_engine_can_flag_has_an_explanation():
    flaggable = {key for keys in FLAGGABLE_KEYS.values() for key in keys}
    assert set(SAFETY_KEYS) <= flaggable
    assert flaggable == set(SAFETY_TOPICS)
    for topic in SAFETY_TOPICS.values():
        assert topic.treatments, f"{topic.key} matters for no treatment"


@pytest.mark.django_db
def test_the_flagged_page_has_a_section_to_link_to_for_every_flag(client):
    page = read(get_page(client, "treatment_flagged"))
    for topic in SAFETY_TOPICS.values():
        assert topic.anchor in page.ids
        assert f"#{topic.anchor}" in page.links
    assert UNANSWERED_ANCHOR in page.ids


@pytest.mark.django_db
def test_the_flagged_page_says_tms_may_still_be_possible_with_an_implant(client):
    html = get_page(client, "treatment_flagged")
    section = html[html.index('id="implanted-device"') :]
    section = section[: section.index("</section>")]
    assert "TMS may still be possible" in section
    assert f'href="{reverse("treatment_tms")}"' in section


@pytest.mark.django_db
@override_settings(CLINIC_NAME="Harbor Mind Clinic", CLINIC_PHONE="(978) 555-0142")
@pytest.mark.parametrize("name", ["contact", "contact_thanks", "treatments_index"])
def test_clinic_name_and_phone_come_from_settings(client, name):
    html = get_page(client, name)
    assert "Harbor Mind Clinic" in html
    assert "(978) 555-0142" in html
    assert 'href="tel:(978) 555-0142"' in html


@pytest.mark.django_db
@override_settings(CLINIC_EMAIL="hello@harbormind.example")
def test_the_contact_page_shows_the_clinic_email_from_settings(client):
    assert 'href="mailto:hello@harbormind.example"' in get_page(client, "contact")


@pytest.mark.django_db
@override_settings(CLINIC_PHONE="", CLINIC_EMAIL="")
def test_the_contact_page_still_offers_a_way_when_no_phone_or_email_is_set(client):
    html = get_page(client, "contact")
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Phone:" not in main and "mailto:" not in main
    assert f'href="{reverse("locations")}"' in html
    assert "<form" in html


@pytest.mark.django_db
def test_the_spravato_page_says_it_is_approved_on_its_own_since_january_2025(client):
    """Issue 16 item 11: the FDA approved Spravato as monotherapy for TRD on 21 January 2025."""
    html = " ".join(client.get(reverse("treatment_spravato")).content.decode().split())
    assert "Since 21 January 2025 the FDA has also approved it on its own" in html
    assert "It was approved for use together with" not in html

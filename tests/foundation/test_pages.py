"""Public pages render, and every one of them offers crisis help."""

import pytest
from django.urls import URLPattern, reverse

from screening import urls as screening_urls
from screening.models import Location

# Machine-facing endpoints, not pages a person reads.
NOT_PAGES = {"healthz", "sms_inbound"}  # sms_inbound: Twilio posts there (TwiML, no page)


def public_page_names() -> list[str]:
    return [
        pattern.name
        for pattern in screening_urls.urlpatterns
        if isinstance(pattern, URLPattern)
        and pattern.name
        and pattern.name not in NOT_PAGES
        and not pattern.pattern.converters
    ]


def test_there_are_pages_to_check():
    assert {"landing", "crisis", "locations"} <= set(public_page_names())


@pytest.mark.django_db
@pytest.mark.parametrize("name", public_page_names())
def test_every_page_links_to_crisis_help(client, name):
    # Pages that need a draft or a login redirect; the page a person lands on must offer help.
    response = client.get(reverse(name), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("crisis")}"' in html
    assert "Call or text 988" in html
    assert html.count("<h1") == 1
    assert '<html lang="en">' in html
    assert 'href="#main"' in html and 'id="main"' in html


@pytest.mark.django_db
def test_crisis_page_lists_every_line_with_one_tap_links(client):
    html = client.get(reverse("crisis")).content.decode()
    assert 'href="tel:988"' in html
    assert 'href="sms:988"' in html
    assert "Text HOME to 741741" in html
    assert 'href="tel:911"' in html
    assert "press 3" not in html.lower()


@pytest.mark.django_db
def test_footer_lists_active_locations_only(client):
    Location.objects.create(name="Woburn", town="Woburn")
    Location.objects.create(name="Closed site", town="Nowhere", active=False)
    html = client.get(reverse("landing")).content.decode()
    assert "Woburn" in html
    assert "Closed site" not in html


@pytest.mark.django_db
def test_pages_load_bootstrap_from_our_own_static_files(client):
    html = client.get(reverse("landing")).content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "//cdn" not in html and "https://" not in html


def test_bootstrap_is_served_by_whitenoise(client):
    from django.contrib.staticfiles import finders

    assert finders.find("bootstrap/css/bootstrap.min.css")


@pytest.mark.django_db
def test_the_admin_is_not_at_the_default_path(client, settings):
    assert settings.ADMIN_URL != "admin/"
    assert client.get("/admin/").status_code == 404
    assert client.get(f"/{settings.ADMIN_URL}").status_code == 302

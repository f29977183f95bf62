"""Lifetimes and limits a page tells people about come from settings, never a retyped number."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_resume_request_page_says_how_long_a_link_works(client, settings):
    settings.RESUME_LINK_VALID_DAYS = 9
    response = client.post(reverse("intake_resume_request"), {"email": "nobody@example.org"})
    assert "works once and for 9 days" in response.content.decode()


def test_the_privacy_notice_says_how_long_an_unfinished_screening_is_kept(client, settings):
    settings.DRAFT_PURGE_AFTER_DAYS = 45
    assert "deleted after 45 days" in client.get(reverse("intake_start")).content.decode()


def test_the_sign_in_page_states_the_lockout_from_the_axes_settings(client, settings):
    settings.AXES_FAILURE_LIMIT = 7
    settings.AXES_COOLOFF_TIME = 0.5
    html = client.get(reverse("staff_login")).content.decode()
    assert "After 7 wrong passwords the account is locked for 30 minutes" in html

"""The admin site, for admins who passed both sign-in steps: the active profile, and
authenticators that can be removed but never read."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from screening.models import ClinicSettings
from screening.staff.roles import ADMIN

pytestmark = pytest.mark.django_db


def test_an_admin_sets_the_active_profile(staff_client):
    client = staff_client(ADMIN)
    response = client.get(reverse("admin:screening_clinicsettings_changelist"), follow=True)
    assert response.status_code == 200
    assert "active criteria profile" in response.content.decode().lower()
    row = ClinicSettings.load()
    change_url = reverse("admin:screening_clinicsettings_change", args=[row.pk])
    response = client.post(change_url, {"active_profile_name": "fda-2019"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.active_profile_name == "fda-2019"
    assert client.post(change_url, {"active_profile_name": "made-up"}).status_code == 200
    row.refresh_from_db()
    assert row.active_profile_name == "fda-2019"


def test_the_admin_shows_that_an_authenticator_exists_but_not_its_key(staff_client):
    client = staff_client(ADMIN)
    device = TOTPDevice.objects.get(user=client.user)
    url = reverse("admin:otp_totp_totpdevice_change", args=[device.pk])
    html = client.get(url).content.decode()
    assert client.user.username in html
    assert device.key not in html
    assert "qrcode" not in html.lower()

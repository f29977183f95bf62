"""security.md items 3, 4 and 6: two-factor sign-in for every staff page and the admin, wrong and
reused codes rejected and throttled; django-axes lockout on username+IP with a cool-off;
password rules (length 12, common passwords, similarity; no composition rules)."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from screening.models import AuditEvent
from screening.staff.roles import ADMIN, CLINICIAN
from tests.clients import FormClient
from tests.staff.support import PASSWORD, current_code, make_staff, sign_in

from .support import all_routes, ensure_role_groups

pytestmark = pytest.mark.django_db

PUBLIC_STAFF_PAGES = {
    "staff_login",
    "staff_verify",
    "staff_enrol",
    "staff_demo_skip",
    "staff_logout",
}


@pytest.fixture(autouse=True)
def groups():
    ensure_role_groups()


def staff_and_admin_paths(world_case_id: str) -> list[str]:
    paths = []
    for route in all_routes():
        staff = route.name.startswith("staff_") and route.name not in PUBLIC_STAFF_PAGES
        if not (staff or route.name.startswith("admin:")) or route.name == "admin:logout":
            continue
        values = dict.fromkeys(route.arguments, world_case_id)
        values.update({k: "screening" for k in route.arguments if k == "app_label"})
        paths.append(route.path(values))
    return paths


# --- Item 3: two factors --------------------------------------------------------------------


@pytest.mark.parametrize("role", [CLINICIAN, ADMIN])
def test_item_03_a_password_alone_never_reaches_a_staff_page_or_the_admin(role, world):
    client = FormClient()
    sign_in(client, make_staff(f"half-{role}", role), second_factor=False)
    for path in staff_and_admin_paths(world.case.public_id):
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code in (302, 404, 405), (method, path, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith(
                    (
                        reverse("staff_verify"),
                        reverse("staff_login"),
                        reverse("staff_enrol"),
                        reverse("admin:login"),  # which hands over to the staff sign-in
                    )
                ), (path, response["Location"])


def post_code(client: FormClient, code: str):
    return client.post(reverse("staff_verify"), {"token": code})


def test_item_03_a_wrong_code_is_rejected():
    client = FormClient()
    user = make_staff("nurse", CLINICIAN)
    sign_in(client, user, second_factor=False)
    right = current_code(user.totpdevice_set.get())
    response = post_code(client, f"{(int(right) + 1) % 1_000_000:06d}")
    assert response.status_code == 400
    assert "not right, or it was already used" in response.content.decode()
    assert client.get(reverse("staff_queue")).status_code == 302


def test_item_03_a_code_used_once_is_rejected_the_second_time():
    user = make_staff("nurse", CLINICIAN)
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        first = FormClient()
        sign_in(first, user, second_factor=False)
        code = current_code(user.totpdevice_set.get())
        assert post_code(first, code).status_code == 302
        second = FormClient()
        sign_in(second, user, second_factor=False)
        reused = post_code(second, code)
        assert reused.status_code == 400
        assert "already used" in reused.content.decode()
        assert second.get(reverse("staff_queue")).status_code == 302


def test_item_03_wrong_codes_are_throttled_so_even_the_right_one_waits():
    user = make_staff("nurse", CLINICIAN)
    client = FormClient()
    sign_in(client, user, second_factor=False)
    device = user.totpdevice_set.get()
    now = timezone.now()
    with time_machine.travel(now, tick=False) as clock:
        for _ in range(3):
            post_code(client, "000000")  # waits of 1, 2, 4 seconds (OTP_TOTP_THROTTLE_FACTOR)
        throttled = post_code(client, current_code(device))
        assert throttled.status_code == 400
        assert "Too many wrong codes" in throttled.content.decode()
        clock.shift(timedelta(seconds=settings.OTP_TOTP_THROTTLE_FACTOR * 2**3 + 1))
        assert post_code(client, current_code(device)).status_code == 302


# --- Item 4: lockout ------------------------------------------------------------------------


def post_password(client: FormClient, username: str, password: str, ip: str = "127.0.0.1"):
    return client.post(
        reverse("staff_login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_item_04_n_bad_passwords_lock_and_the_right_one_then_fails_until_the_cool_off():
    make_staff("nurse", CLINICIAN)
    client = FormClient()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post_password(client, "nurse", "wrong password").status_code == 200
    assert post_password(client, "nurse", "wrong password").status_code == 429
    locked = post_password(client, "nurse", PASSWORD)
    assert locked.status_code == 429
    assert "locked" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login", outcome="denied").exists()
    assert settings.AXES_COOLOFF_TIME
    # The cool-off runs from the last attempt (a refused one during the lockout counts).
    after = timezone.now() + timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    with time_machine.travel(after, tick=False):
        assert post_password(client, "nurse", PASSWORD).status_code == 302


def test_item_04_the_lock_is_on_username_and_address_together():
    make_staff("nurse", CLINICIAN)
    make_staff("doctor", CLINICIAN)
    attacker = FormClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_password(attacker, "nurse", "wrong", ip="198.51.100.66")
    assert post_password(attacker, "nurse", PASSWORD, ip="198.51.100.66").status_code == 429
    # The real nurse, elsewhere, still signs in; so does a colleague behind the attacker's NAT.
    assert post_password(FormClient(), "nurse", PASSWORD, ip="203.0.113.10").status_code == 302
    assert post_password(FormClient(), "doctor", PASSWORD, ip="198.51.100.66").status_code == 302


def test_item_04_axes_settings_lock_on_username_plus_ip_with_a_cool_off():
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert 0 < settings.AXES_COOLOFF_TIME <= 1
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


# --- Item 6: passwords ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "password, why",
    [
        ("Sh0rt!pass", "too short"),
        ("password1234", "too common"),
        ("nurse.nightingale", "too similar to the username"),
    ],
)
def test_item_06_weak_passwords_are_refused(password, why):
    user = make_staff("nurse.nightingale", CLINICIAN)
    with pytest.raises(ValidationError):
        validate_password(password, user=user)


def test_item_06_a_long_passphrase_passes_with_no_composition_rules():
    user = make_staff("nurse.nightingale", CLINICIAN)
    validate_password("lantern orchard velvet", user=user)  # lowercase, no digits, no symbols
    names = [v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert names == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
    ]
    assert settings.AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"]["min_length"] >= 12

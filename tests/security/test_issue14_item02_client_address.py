"""Issue 14 item 2 (security.md items 4, 7 and 15): one rule decides the client's address, and
django-axes, the rate limits and the audit trail all use it. Behind a proxy that appends to
X-Forwarded-For the client controls every entry but the ones the trusted proxies wrote: forged
first entries must neither dodge the lockout or a rate limit nor land in the audit trail."""

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory
from django.urls import reverse

from screening.models import AuditEvent
from screening.staff.roles import CLINICIAN
from tests.clients import FormClient
from tests.intake.walk import START
from tests.staff.support import PASSWORD, make_staff

from .support import ensure_role_groups

pytestmark = pytest.mark.django_db

REAL = "203.0.113.9"  # what our proxy appended: the address it received the request from


def forged(index: int) -> str:
    return f"10.{index // 250}.{index % 250}.7, {REAL}"


@pytest.fixture(autouse=True)
def behind_a_forwarding_proxy(settings):
    ensure_role_groups()
    settings.CLIENT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    settings.CLIENT_IP_TRUSTED_PROXIES = 1


def test_issue14_item02_thirty_wrong_passwords_with_forged_first_entries_lock(settings):
    make_staff("nurse", CLINICIAN)
    client = FormClient(REMOTE_ADDR="192.0.2.1")  # every request arrives from the proxy
    answers = [
        client.post(
            reverse("staff_login"),
            {"username": "nurse", "password": f"wrong {index}"},
            HTTP_X_FORWARDED_FOR=forged(index),
        ).status_code
        for index in range(30)
    ]
    assert answers[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(answers[settings.AXES_FAILURE_LIMIT - 1 :]) == {429}
    # Locked for that client even with the right password and yet another forged entry.
    right = client.post(
        reverse("staff_login"),
        {"username": "nurse", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=forged(99),
    )
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_issue14_item02_the_audit_trail_records_the_address_the_proxy_saw():
    make_staff("nurse", CLINICIAN)
    FormClient(REMOTE_ADDR="192.0.2.1").post(
        reverse("staff_login"),
        {"username": "nurse", "password": "wrong"},
        HTTP_X_FORWARDED_FOR=forged(1),
    )
    assert list(AuditEvent.objects.filter(action="login").values_list("ip", flat=True)) == [REAL]


def test_issue14_item02_forged_first_entries_do_not_dodge_a_rate_limit(settings):
    settings.RATELIMIT_INTAKE_START = "2/h"
    client = FormClient(REMOTE_ADDR="192.0.2.1")
    answers = [
        client.post(reverse("intake_start"), START, HTTP_X_FORWARDED_FOR=forged(index))
        for index in range(3)
    ]
    assert [answer.status_code < 429 for answer in answers] == [True, True, False]


@pytest.mark.parametrize(
    ("trusted", "header", "expected"),
    [
        (1, f"1.2.3.4, {REAL}", REAL),
        (1, REAL, REAL),
        (2, f"1.2.3.4, {REAL}, 192.0.2.50", REAL),  # two proxies: the second from the right
        (2, REAL, None),  # fewer entries than proxies: the header did not come through both
        (1, "1.2.3.4, not-an-address", None),
    ],
)
def test_issue14_item02_the_entry_n_from_the_right_is_the_client(
    settings, trusted, header, expected
):
    from screening.security.client_ip import client_ip, rate_limit_ip

    settings.CLIENT_IP_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected
    assert rate_limit_ip(request) == (expected or "0.0.0.0")


def test_issue14_item02_axes_the_limits_and_the_audit_use_the_same_function():
    from screening.security.client_ip import client_ip

    assert django_settings.AXES_CLIENT_IP_CALLABLE == "screening.security.client_ip.client_ip"
    assert django_settings.RATELIMIT_IP_META_KEY == "screening.security.client_ip.rate_limit_ip"
    from screening.audit import services as audit

    assert audit.client_ip is client_ip

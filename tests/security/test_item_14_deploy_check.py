"""security.md item 14: `manage.py check --deploy --fail-level WARNING` passes with production
settings; HTTPS is enforced (redirect, HSTS a year with subdomains, secure __Host- cookies), and
the redirect honours SECURE_PROXY_SSL_HEADER when a trusted proxy sets it."""

import json
import secrets

import pytest
from django.test import Client, override_settings

from tests.foundation.test_settings import run_django

PRODUCTION = {
    "DJANGO_DEBUG": "False",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "screening.example.org",
    "DJANGO_HTTPS": "True",
    "SITE_URL": "https://screening.example.org",
}
SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k, None)"
    " for k in ['SESSION_COOKIE_NAME', 'CSRF_COOKIE_NAME', 'SESSION_COOKIE_SECURE',"
    " 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS',"
    " 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_PROXY_SSL_HEADER', 'SILENCED_SYSTEM_CHECKS',"
    " 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_HTTPONLY', 'DEBUG']}))"
)


@pytest.mark.parametrize("proxy", ["", "HTTP_X_FORWARDED_PROTO"])
def test_item_14_production_settings_pass_the_deploy_check_at_warning_level(proxy):
    result = run_django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        DJANGO_PROXY_SSL_HEADER=proxy,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout


def test_item_14_production_cookies_are_secure_host_cookies_and_https_is_enforced():
    result = run_django(["shell", "-v", "0", "-c", SHOW], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert seen["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert seen["SESSION_COOKIE_SECURE"] is seen["CSRF_COOKIE_SECURE"] is True
    assert seen["SESSION_COOKIE_HTTPONLY"] is seen["CSRF_COOKIE_HTTPONLY"] is True
    assert seen["SECURE_SSL_REDIRECT"] is True
    assert seen["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert seen["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert seen["SECURE_PROXY_SSL_HEADER"] is None  # trusted only when configured
    assert seen["DEBUG"] is False
    # Every silenced check has its reason beside it in settings.py; this is the whole list.
    assert set(seen["SILENCED_SYSTEM_CHECKS"]) <= {"security.W021", "django_ratelimit.W001"}


def test_item_14_the_proxy_header_is_trusted_only_when_configured():
    result = run_django(
        ["shell", "-v", "0", "-c", SHOW],
        **PRODUCTION,
        DJANGO_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
    )
    assert json.loads(result.stdout)["SECURE_PROXY_SSL_HEADER"] == [
        "HTTP_X_FORWARDED_PROTO",
        "https",
    ]


HTTPS_ON = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SESSION_COOKIE_NAME": "__Host-sessionid",
    "CSRF_COOKIE_NAME": "__Host-csrftoken",
}


@pytest.mark.django_db
@override_settings(**HTTPS_ON, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_item_14_behind_a_tls_proxy_plain_http_is_redirected_and_https_gets_hsts():
    client = Client()  # made after the override: its middleware reads these settings
    plain = client.get("/intake/", HTTP_X_FORWARDED_PROTO="http")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/intake/"
    assert "Strict-Transport-Security" not in plain.headers

    secure = client.get("/intake/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    cookie = secure.cookies["__Host-csrftoken"]
    assert cookie["secure"] and cookie["httponly"] and cookie["path"] == "/"
    assert not cookie["domain"]  # __Host- cookies must not name a domain


@pytest.mark.django_db
@override_settings(**HTTPS_ON)
def test_item_14_without_a_configured_proxy_a_forged_header_does_not_count_as_https():
    client = Client()
    forged = client.get("/intake/", HTTP_X_FORWARDED_PROTO="https")
    assert forged.status_code == 301
    assert client.get("/intake/", secure=True).status_code == 200


@pytest.mark.django_db
@override_settings(**HTTPS_ON)
def test_item_14_the_health_probe_answers_plain_http_for_load_balancers():
    response = Client().get("/healthz")
    assert response.status_code in (200, 503)

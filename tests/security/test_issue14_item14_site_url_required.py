"""Issue 14 item 14 (security.md item 14): with DEBUG off and no SITE_URL the app refuses to
start (system check screening.E014), as it does without a secret key; links in emails would
otherwise point at 127.0.0.1 and come from no-reply@127.0.0.1."""

from tests.foundation.test_settings import run_django
from tests.security.test_item_14_deploy_check import PRODUCTION


def test_issue14_item14_production_without_site_url_is_refused():
    result = run_django(["check", "--deploy"], **{**PRODUCTION, "SITE_URL": ""})
    assert result.returncode != 0
    assert "screening.E014" in result.stderr + result.stdout
    assert "SITE_URL is not set" in result.stderr + result.stdout


def test_issue14_item14_migrate_is_refused_too():
    # `migrate` runs the system checks before touching the database: the deploy step stops.
    result = run_django(["migrate", "--check"], **{**PRODUCTION, "SITE_URL": ""})
    assert result.returncode != 0
    assert "screening.E014" in result.stderr + result.stdout


def test_issue14_item14_with_site_url_set_the_check_passes():
    result = run_django(["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_issue14_item14_debug_keeps_the_local_default_for_make_run():
    result = run_django(["check"], DJANGO_DEBUG="True", SITE_URL="")
    assert result.returncode == 0, result.stdout + result.stderr


def test_issue14_item14_the_wsgi_application_refuses_to_load_too():
    # gunicorn imports trd_clinic.wsgi and runs no checks of its own.
    load = ["shell", "-v", "0", "-c", "import trd_clinic.wsgi"]
    refused = run_django(load, **{**PRODUCTION, "SITE_URL": ""})
    assert refused.returncode != 0
    assert "screening.E014" in refused.stderr + refused.stdout
    assert run_django(load, **PRODUCTION).returncode == 0

"""Issue 14 item 16 (security.md item 14): boolean and list settings are read strictly. A value
that is not exactly True or False (DJANGO_HTTPS=Ture) or a list with an empty or ill-typed entry
stops the start with a message naming the variable, instead of silently meaning False."""

import pytest

from tests.foundation.test_settings import run_django
from tests.security.test_item_14_deploy_check import PRODUCTION

PRINT_HTTPS = "from django.conf import settings; print(settings.HTTPS, settings.DEBUG)"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_HTTPS", "Ture"),
        ("DJANGO_HTTPS", "1"),
        ("DJANGO_HTTPS", "yes"),
        ("DJANGO_DEBUG", "on"),
        ("DJANGO_DEBUG", "TRUE "),
    ],
)
def test_issue14_item16_a_boolean_that_is_not_true_or_false_is_refused(variable, value):
    result = run_django(["shell", "-v", "0", "-c", PRINT_HTTPS], **{**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{variable}={value!r}" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_ALLOWED_HOSTS", "screening.example.org,,other.example.org"),
        ("URGENT_ALERT_EMAILS", "oncall@clinic.test,"),
        ("REMINDER_CHECKIN_AFTER_WEEKS", "2,four"),
    ],
)
def test_issue14_item16_a_list_with_an_empty_or_wrong_entry_is_refused(variable, value):
    result = run_django(["check"], **{**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr


def test_issue14_item16_exact_words_still_work():
    result = run_django(["shell", "-v", "0", "-c", PRINT_HTTPS], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]
    debug = run_django(
        ["shell", "-v", "0", "-c", PRINT_HTTPS], DJANGO_DEBUG="True", DJANGO_HTTPS="false"
    )
    assert debug.returncode == 0, debug.stderr
    assert debug.stdout.split() == ["False", "True"]

"""security.md item 12, logs and error reports: no posted personal value reaches a log line, an
exception's message is withheld, error reports carry no request data or local variables, admins'
error emails included, and Celery tasks take ids only."""

import inspect
import logging
import sys

import pytest
from django.core import mail
from django.test import RequestFactory
from django.utils.log import AdminEmailHandler

from screening.reminders import tasks
from screening.security.error_reports import PrivateExceptionReporter, PrivateReporterFilter
from screening.security.log_redaction import (
    MESSAGE_WITHHELD,
    REDACTED,
    format_exception,
    install_record_factory,
)
from tests.clients import FormClient

from .capture import all_log_output
from .urls_forced_error import FORCED_ERROR_PATH

CANARY = "Quillcanary7Z"
POSTED = {
    "last_name": CANARY,
    "email": f"{CANARY.lower()}@example.org",
    "current_medications": f"sertraline and {CANARY}",
    "password": f"pw-{CANARY}",
}


def force_server_error(client: FormClient):
    return client.post(FORCED_ERROR_PATH, POSTED)


@pytest.mark.django_db
@pytest.mark.urls("tests.security.urls_forced_error")
def test_item_12_a_server_error_logs_no_posted_value(caplog):
    caplog.set_level(logging.DEBUG)
    client = FormClient(raise_request_exception=False)
    with all_log_output() as output:
        response = force_server_error(client)
    assert response.status_code == 500
    text = output.getvalue() + caplog.text
    assert CANARY not in text and CANARY.lower() not in text, text
    assert "ValueError" in text  # the bug can still be found
    assert MESSAGE_WITHHELD in text
    assert "[request data withheld]" in text and REDACTED in text
    assert "server_error" in text  # the stack names the failing view


@pytest.mark.django_db
@pytest.mark.urls("tests.security.urls_forced_error")
def test_item_12_the_admins_error_email_has_no_request_data(settings):
    settings.ADMINS = [("On call", "oncall@clinic.test")]
    handler = AdminEmailHandler(include_html=True)
    handler.setLevel(logging.ERROR)
    request_logger = logging.getLogger("django.request")
    request_logger.addHandler(handler)
    try:
        force_server_error(FormClient(raise_request_exception=False))
    finally:
        request_logger.removeHandler(handler)
    assert len(mail.outbox) == 1
    report = mail.outbox[0]
    parts = [report.subject, report.body, *(content for content, _ in report.alternatives)]
    everything = "\n".join(parts)
    assert CANARY not in everything and CANARY.lower() not in everything
    assert "ValueError" in everything
    # The sections Django's report prints the request's data under are gone.
    assert "Request data not supplied" in everything
    for request_data in ("HTTP_COOKIE", "sessionid", "csrfmiddlewaretoken", "REMOTE_ADDR"):
        assert request_data not in everything, request_data


def test_item_12_the_error_report_omits_request_data_frame_variables_and_the_message():
    request = RequestFactory().post("/intake/step/about/", POSTED)
    request.COOKIES["intake_device"] = CANARY
    secret_local = CANARY  # noqa: F841 - a frame variable the report must not show
    try:
        raise ValueError(f"bad {CANARY}")
    except ValueError:
        exc_info = sys.exc_info()
    reporter = PrivateExceptionReporter(request, *exc_info)
    assert isinstance(reporter.filter, PrivateReporterFilter)
    for report in (reporter.get_traceback_text(), reporter.get_traceback_html()):
        assert CANARY not in report and CANARY.lower() not in report
        assert "ValueError" in report


def test_item_12_with_debug_on_developers_keep_django_s_full_report(settings):
    settings.DEBUG = True
    request = RequestFactory().get("/")
    try:
        raise ValueError("demo data only")
    except ValueError:
        exc_info = sys.exc_info()
    assert "demo data only" in PrivateExceptionReporter(request, *exc_info).get_traceback_text()


def test_item_12_settings_use_the_private_reporter_globally(settings):
    assert settings.DEFAULT_EXCEPTION_REPORTER.endswith("PrivateExceptionReporter")
    assert settings.DEFAULT_EXCEPTION_REPORTER_FILTER.endswith("PrivateReporterFilter")
    # No handler mails request dumps to admins.
    for config in settings.LOGGING.get("handlers", {}).values():
        assert "AdminEmailHandler" not in config.get("class", "")


def test_item_12_every_record_is_redacted_as_it_is_made_whatever_the_handler(caplog):
    install_record_factory()  # idempotent: the app already did
    caplog.set_level(logging.DEBUG)
    try:
        int(CANARY)
    except ValueError:
        logging.getLogger("screening.anything").exception("parsing failed")
    assert "parsing failed" in caplog.text
    assert CANARY not in caplog.text
    assert "ValueError" in caplog.text


def test_item_12_chained_exception_messages_are_withheld_too():
    try:
        try:
            raise KeyError(CANARY)
        except KeyError as inner:
            raise RuntimeError(f"while handling {CANARY}") from inner
    except RuntimeError:
        text = format_exception(sys.exc_info(), withhold=True)
    assert CANARY not in text
    assert "KeyError" in text and "RuntimeError" in text


def test_item_12_celery_tasks_take_ids_only():
    registered = {name: obj for name, obj in vars(tasks).items() if hasattr(obj, "apply_async")}
    assert registered
    for name, task in registered.items():
        for parameter in inspect.signature(task.run).parameters.values():
            allowed = parameter.name.endswith("_id") or parameter.name == "nonce"
            assert allowed, (name, parameter.name)
            assert parameter.annotation in (int, str), (name, parameter.name)

"""Security item 12 (issue 13): Celery's own lines pass through the app's redaction.

A real worker runs a task that fails with a canary in its exception message (a reminder id that
is not a number, as a tampered message would carry): Celery's "raised unexpected" line and its
traceback name the error's type and never its text, and they are printed by our handler.
"""

import pytest

from screening.reminders.tasks import send_reminder
from tests.conftest import wait_for_log_line

pytestmark = [pytest.mark.celery_worker]

CANARY = "CANARY-c3l3ry"


def test_celery_task_failure_lines_are_redacted_and_printed_by_our_handler(
    celery_worker_process,
):
    send_reminder.apply_async(args=[CANARY], queue=celery_worker_process.queue)
    assert wait_for_log_line(celery_worker_process, "raised unexpected", 30), (
        celery_worker_process.log()
    )
    log = celery_worker_process.log()
    assert CANARY not in log
    assert "ValueError" in log
    # Our LOGGING format ("<time> LEVEL logger message"), not Celery's "[... ERROR/ForkPool...]".
    assert " ERROR celery.app.trace Task screening.send_reminder[" in log

"""The Celery app, configured from Django settings under the CELERY_ namespace."""

import os
from typing import Any

from celery import Celery, signals
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trd_clinic.settings")

app = Celery("trd_clinic")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each area keeps its tasks in its own room (ARCHITECTURE.md); Celery imports `<area>.tasks`.
app.autodiscover_tasks(
    ["screening.intake", "screening.reminders", "screening.ops", "screening.staff"]
)


@signals.task_prerun.connect
@signals.task_postrun.connect
def _database_connection_between_tasks(**kwargs: Any) -> None:
    """Treat each task like a request: keep the connection while CONN_MAX_AGE allows and it
    passes the health check, drop it after an error. Celery's own Django fixup would instead
    close it around every task (CELERY_DB_REUSE_MAX lifts that), and a new PostgreSQL
    connection costs more than sending a reminder."""
    close_old_connections()


@signals.setup_logging.connect
def _logging_through_the_redaction(**kwargs: Any) -> None:
    """Celery installs no handler or format of its own: its lines (task failures, broker
    connection errors) go through settings.LOGGING's console handler and the record factory
    that redact the app's own (screening.security.log_redaction, security.md item 12)."""
    from logging.config import dictConfig

    from django.conf import settings

    from screening.security.log_redaction import install_record_factory

    dictConfig(settings.LOGGING)
    install_record_factory()

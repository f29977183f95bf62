"""Liveness probes for /healthz: can we reach the database and the broker right now?"""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from kombu import Connection

logger = logging.getLogger(__name__)

PROBE_TIMEOUT_SECONDS = 2


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as exc:
        logger.warning("healthz: database unreachable (%s)", type(exc).__name__)
        return False


def broker_ok() -> bool:
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            connect_timeout=PROBE_TIMEOUT_SECONDS,
        ) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=PROBE_TIMEOUT_SECONDS)
            # A channel makes the transport talk to the server (Redis answers a PING here).
            conn.default_channel  # noqa: B018
        return True
    except Exception as exc:  # any transport failure means "not reachable"; never raise here
        logger.warning("healthz: broker unreachable (%s)", type(exc).__name__)
        return False

"""When the database is gone (issue 13): telling an outage from a bug, and what a page can
still show without it.

A page for a person in distress must never depend on the database: the crisis lines and the
clinic's phone come from code and settings, and the footer's locations are left out when they
cannot be read.
"""

import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest

logger = logging.getLogger(__name__)

# Set on a request once the database failed it, so nothing later in the same request waits
# for another connection attempt (each may take DATABASE_CONNECT_TIMEOUT_SECONDS).
UNAVAILABLE_FLAG = "database_unavailable"


def is_database_outage(error: BaseException | None) -> bool:
    """Unreachable, refusing, timed out or locked: an outage, not a bug in our code."""
    return isinstance(error, OperationalError | InterfaceError)


def mark_unavailable(request: HttpRequest, error: DatabaseError) -> None:
    setattr(request, UNAVAILABLE_FLAG, True)
    logger.warning("database unavailable for this request (%s)", type(error).__name__)


def database_unavailable(request: HttpRequest | None) -> bool:
    return bool(getattr(request, UNAVAILABLE_FLAG, False))

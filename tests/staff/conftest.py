"""Fixtures for the staff workspace tests; the helpers behind them are in support.py."""

from .support import (  # noqa: F401 (fixtures)
    admin_user,
    client,
    clinician,
    coordinator,
    danvers,
    staff_client,
    woburn,
)

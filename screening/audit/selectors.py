"""Reads of the audit trail for the admins' page."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from screening.models import (
    AuditEvent,
)

AUDIT_PAGE_SIZE = 50


def _day_start(day: date) -> datetime:
    """Midnight UTC of `day`. The trail is kept and shown in UTC, so its day filter counts UTC
    days too: a row shown as "2026-12-02 00:30" is found under 2 December, although it was
    still 1 December in Boston."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def audit_events(
    *,
    username: str = "",
    object_id: str = "",
    action: str = "",
    day_from: date | None = None,
    day_to: date | None = None,
) -> QuerySet[AuditEvent]:
    queryset = AuditEvent.objects.all()
    if username:
        queryset = queryset.filter(username=username)
    if object_id:
        queryset = queryset.filter(object_id=object_id)
    if action:
        queryset = queryset.filter(action=action)
    if day_from:
        queryset = queryset.filter(at__gte=_day_start(day_from))
    if day_to:
        queryset = queryset.filter(at__lt=_day_start(day_to + timedelta(days=1)))
    return queryset.order_by("-at", "-id")


def audit_page(*, page_number: Any, **filters: Any) -> Page:
    return Paginator(audit_events(**filters), AUDIT_PAGE_SIZE).get_page(page_number)

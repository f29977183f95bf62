"""Callback requests from the public contact form, for the staff list."""

from django.db.models import QuerySet

from screening.models import (
    CallbackRequest,
)

# --- Callback requests and the audit trail ----------------------------------------------------


def callback_requests(*, include_handled: bool) -> QuerySet[CallbackRequest]:
    queryset = CallbackRequest.objects.select_related("preferred_location", "handled_by")
    if not include_handled:
        queryset = queryset.filter(handled_at__isnull=True)
    return queryset.order_by("handled_at", "created_at", "id")

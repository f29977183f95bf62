"""Writes from the public contact page."""

from django.db import transaction

from screening.models import CallbackRequest, Location


@transaction.atomic
def callback_request_create(
    *, name: str, phone: str, preferred_time: str, preferred_location: Location | None
) -> CallbackRequest:
    """Record that someone asked the clinic to call them back: a task for the staff queue.

    ``phone`` is already E.164 and ``preferred_time`` one of the form's codes; the form has
    checked both. ``preferred_location`` None means either location is fine.
    """
    return CallbackRequest.objects.create(
        name=name,
        phone=phone,
        preferred_time=preferred_time,
        preferred_location=preferred_location,
    )

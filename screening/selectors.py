"""Reads that several pages share."""

from django.db.models import QuerySet

from .models import Location


def active_locations() -> QuerySet[Location]:
    return Location.objects.filter(active=True)

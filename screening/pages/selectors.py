"""Reads the public pages share."""

from django.db.models import QuerySet

from screening.models import Location


def active_locations() -> QuerySet[Location]:
    return Location.objects.filter(active=True)

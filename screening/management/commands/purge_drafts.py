"""Delete unfinished intakes untouched for DRAFT_PURGE_AFTER_DAYS (beat runs this daily too)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from screening.intake.purge import drafts_purge


class Command(BaseCommand):
    help = "Delete drafts untouched for DRAFT_PURGE_AFTER_DAYS days, with everything they hold."

    def handle(self, *args, **options):
        deleted = drafts_purge(now=timezone.now())
        self.stdout.write(f"Deleted {deleted} rows belonging to expired drafts.")

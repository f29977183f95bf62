"""Run the reminder dispatcher once, as beat does every minute (an operator's lever).

It only claims due rows and hands their ids to the workers; a worker must be running to send.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from screening.reminders.dispatch import reminders_dispatch


class Command(BaseCommand):
    help = "Claim the reminders and alerts that are due now and hand them to the Celery workers."

    def handle(self, *args, **options):
        handed = reminders_dispatch(now=timezone.now())
        self.stdout.write(f"{len(handed)} reminders handed to the workers.")

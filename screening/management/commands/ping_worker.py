"""Send a task through the broker and wait for a worker to run it (an operator's smoke test)."""

import secrets
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from screening.ops.tasks import PING_KEY, ping_worker


class Command(BaseCommand):
    help = "Check that a Celery worker is consuming tasks (needs a shared cache, i.e. Redis)."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=15.0, help="seconds to wait")

    def handle(self, *args, **options):
        nonce = secrets.token_urlsafe(16)
        ping_worker.delay(nonce)
        deadline = time.monotonic() + options["timeout"]
        while time.monotonic() < deadline:
            answered_at = cache.get(PING_KEY.format(nonce=nonce))
            if answered_at:
                self.stdout.write(self.style.SUCCESS(f"A worker answered at {answered_at}."))
                return
            time.sleep(0.2)
        raise CommandError("No worker answered in time. Is a worker running on this broker?")

"""Create the demo data `make run` needs. Safe to run again: nothing is duplicated."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from screening.models import Location

# The clinic's two sites (towns only: the clinic fills in addresses and phones in the admin).
DEMO_LOCATIONS = [
    {"name": "Woburn", "town": "Woburn", "display_order": 1},
    {"name": "Danvers", "town": "Danvers", "display_order": 2},
]
DEMO_STAFF_USERNAME = "demo"


class Command(BaseCommand):
    help = "Load demo locations and, when DEBUG is on, a demo staff account."

    def handle(self, *args, **options):
        for location in DEMO_LOCATIONS:
            _, created = Location.objects.get_or_create(name=location["name"], defaults=location)
            if created:
                self.stdout.write(f"Created location {location['name']}.")

        if settings.DEBUG:
            self._demo_staff_account()

    def _demo_staff_account(self) -> None:
        user_model = get_user_model()
        if user_model.objects.filter(username=DEMO_STAFF_USERNAME).exists():
            self.stdout.write(
                f"Demo staff account '{DEMO_STAFF_USERNAME}' exists "
                f"(its password is in {settings.VAR_DIR / 'demo-staff-login.txt'})."
            )
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(
            username=DEMO_STAFF_USERNAME, email="", password=password
        )
        login_file = settings.VAR_DIR / "demo-staff-login.txt"
        login_file.write_text(f"username: {DEMO_STAFF_USERNAME}\npassword: {password}\n")
        login_file.chmod(0o600)
        self.stdout.write(
            self.style.WARNING(
                f"Demo staff login (DEBUG only): {DEMO_STAFF_USERNAME} / {password}\n"
                f"Saved to {login_file}."
            )
        )

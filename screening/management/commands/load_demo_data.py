"""Create the demo data `make run` needs. Safe to run again: nothing is duplicated."""

import os
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.utils import timezone

from screening.demo.cases import DEMO_CASES
from screening.demo.seed import submission_from_facts
from screening.models import Location, Submission
from screening.staff.roles import ADMIN, DEMO_USERNAME

# The clinic's two sites (towns only: the clinic fills in addresses and phones in the admin).
DEMO_LOCATIONS = [
    {"name": "Woburn", "town": "Woburn", "display_order": 1},
    {"name": "Danvers", "town": "Danvers", "display_order": 2},
]
DEMO_STAFF_USERNAME = DEMO_USERNAME


class Command(BaseCommand):
    help = (
        "Load demo locations and, when DEBUG is on, a demo staff account (admin group) and a few"
        " submitted demo cases so the staff queue has something to show."
    )

    def handle(self, *args, **options):
        for location in DEMO_LOCATIONS:
            _, created = Location.objects.get_or_create(name=location["name"], defaults=location)
            if created:
                self.stdout.write(f"Created location {location['name']}.")

        if settings.DEBUG:
            self._demo_staff_account()
            self._demo_cases()

    def _demo_staff_account(self) -> None:
        user_model = get_user_model()
        existing = user_model.objects.filter(username=DEMO_STAFF_USERNAME).first()
        if existing is not None:
            # Accounts made before the staff groups existed join the admin group now.
            existing.groups.add(Group.objects.get_or_create(name=ADMIN)[0])
            self.stdout.write(
                f"Demo staff account '{DEMO_STAFF_USERNAME}' exists "
                f"(its password is in {settings.VAR_DIR / 'demo-staff-login.txt'})."
            )
            return
        login_file = settings.VAR_DIR / "demo-staff-login.txt"
        # `manage.py load_demo_data` on a fresh checkout runs before anything made var/ (make
        # run does): made first, so the account is never created with its password lost.
        login_file.parent.mkdir(parents=True, exist_ok=True)
        password = secrets.token_urlsafe(12)
        user = user_model.objects.create_superuser(
            username=DEMO_STAFF_USERNAME, email="", password=password
        )
        user.groups.add(Group.objects.get_or_create(name=ADMIN)[0])
        # Readable by its owner only from the first byte (not written, then chmod-ed).
        descriptor = os.open(login_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as written:
            written.write(f"username: {DEMO_STAFF_USERNAME}\npassword: {password}\n")
        login_file.chmod(0o600)  # an older file of looser mode keeps its mode through O_TRUNC
        self.stdout.write(
            self.style.WARNING(
                f"Demo staff login (DEBUG only): {DEMO_STAFF_USERNAME} / {password}\n"
                f"Saved to {login_file}."
            )
        )

    def _demo_cases(self) -> None:
        """A handful of submitted cases (urgent, meets, needs review, does not meet), made through
        the intake services; only when there are no submitted cases at all."""
        if Submission.objects.filter(state=Submission.State.SUBMITTED).exists():
            return
        now = timezone.now()
        locations = {location.name: location for location in Location.objects.all()}
        for age, case in enumerate(DEMO_CASES):
            first, last = case["first_name"], case["last_name"]
            submission_from_facts(
                facts=case["facts"],
                now=now - timedelta(hours=6 * (len(DEMO_CASES) - age)),
                first_name=first,
                last_name=last,
                email=f"{first.lower()}.{last.lower()}@example.org",
                phone=f"+1617555{age:04d}",
                location=locations.get(case["location"] or ""),
            )
        self.stdout.write(f"Created {len(DEMO_CASES)} demo cases for the staff queue.")

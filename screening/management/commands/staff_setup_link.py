"""Print a one-time authenticator setup link for a staff member (issue 14 item 5).

For the first administrator of a new install (nobody can sign in to the admin yet), or when the
admin site is not at hand. The link is printed once, to this terminal only; give it to the
person yourself. SITE_URL is the link's base.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils import timezone

from screening.staff.services.setup_links import AlreadyEnrolled, staff_setup_link_issue


class Command(BaseCommand):
    help = "Print a single-use link with which a staff member sets up their authenticator app."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        person = get_user_model().objects.filter(username=options["username"]).first()
        if person is None:
            raise CommandError("No staff account has that username.")
        try:
            token = staff_setup_link_issue(user=person, issued_by=None, ip=None, now=timezone.now())
        except AlreadyEnrolled:
            raise CommandError(
                "That account already has an authenticator. Delete it in the admin first."
            ) from None
        url = f"{settings.SITE_URL}{reverse('staff_setup_link', args=[token])}"
        hours = settings.STAFF_SETUP_LINK_VALID_HOURS
        self.stdout.write(f"{url}\nWorks once, for {hours} hours.")

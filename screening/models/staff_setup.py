"""The admin-issued link that lets a staff member set up their first authenticator
(issue 14 item 5).

A password alone no longer reaches the QR code: whoever knew the password before the person
enrolled could otherwise scan it first and keep a working second factor. The link proves it is
the person: an admin gives it to them (in person, or by a channel the clinic trusts), it works
once, for STAFF_SETUP_LINK_VALID_HOURS, and only its hash is stored.
"""

from django.conf import settings
from django.db import models


class StaffSetupLink(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="setup_links"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    # When the link was opened (exchanged for a session flag), and when that session enrolled.
    used_at = models.DateTimeField(null=True, blank=True)
    enrolled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "authenticator setup link"

    def __str__(self) -> str:
        return f"Setup link {self.pk}"

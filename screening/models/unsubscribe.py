"""The link in every patient email that stops reminder emails (RFC 8058 one-click).

The token is opaque and random; only its hash is stored, so a database reader cannot build a
working link, and the link says nothing about the case. It expires after
UNSUBSCRIBE_LINK_VALID_DAYS. A purged case leaves its links behind (no personal data in them),
so a late click still gets the answer the person wanted: nothing more will be sent.
"""

from django.db import models


class UnsubscribeLink(models.Model):
    submission = models.ForeignKey(
        "screening.Submission",
        null=True,
        on_delete=models.SET_NULL,
        related_name="unsubscribe_links",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Unsubscribe link {self.pk}"

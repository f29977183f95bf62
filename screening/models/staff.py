"""Records the staff workspace keeps for itself: saved queue filters and signed-in sessions."""

from django.conf import settings
from django.db import models

from .ids import PUBLIC_ID_LENGTH, new_public_id


class SavedQueueFilter(models.Model):
    """A queue filter kept on the server, so a name or phone searched for never rides in a URL.

    The queue's address carries only `public_id`; the filter belongs to the staff member who made
    it, and anyone else asking for it gets a 404.
    """

    public_id = models.CharField(
        max_length=PUBLIC_ID_LENGTH, unique=True, default=new_public_id, editable=False
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The cleaned filter form: status, verdict, location id, urgent, mine, dates, search text.
    criteria = models.JSONField()
    # sha256 of the canonical criteria, so sending the same filter again reuses its row.
    criteria_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "criteria_hash"], name="saved_queue_filter_once_per_owner"
            )
        ]

    def __str__(self) -> str:
        return f"Queue filter {self.public_id[:8]}"


class StaffSession(models.Model):
    """One signed-in staff session, so that signing out ends every session of that person."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Staff session {self.pk}"

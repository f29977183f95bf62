"""A note a staff member was writing when their session ended (issue 18, item 4).

Without JavaScript nobody sees the timeout warning, so a note sent after the idle sign-out would
be lost. Its text is kept here instead, for that person and that case only, for
STAFF_KEPT_NOTE_MINUTES, and put back in the note box once they have signed in again with both
factors; taking it back deletes it. It is clinical text like CaseNote.body: stored in the same
database, never logged, never in a URL.
"""

from django.conf import settings
from django.db import models


class KeptNote(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    submission = models.ForeignKey(
        "screening.Submission", on_delete=models.CASCADE, related_name="+"
    )
    body = models.TextField()
    kept_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Kept note {self.pk}"

"""Requests from the public contact page for the clinic to call someone back."""

from django.conf import settings
from django.db import models

from .ids import PUBLIC_ID_LENGTH, new_public_id


class CallbackRequest(models.Model):
    """A staff task: call this person back. Holds contact details only, no clinical questions."""

    # Names the request in staff URLs (security.md item 2: never a sequential key).
    public_id = models.CharField(
        max_length=PUBLIC_ID_LENGTH, unique=True, default=new_public_id, editable=False
    )
    name = models.CharField(max_length=100)
    phone = models.CharField(max_length=16, help_text="E.164")
    preferred_time = models.CharField(max_length=20, blank=True)
    preferred_location = models.ForeignKey(
        "screening.Location", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Callback request {self.pk}"

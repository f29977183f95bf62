"""Requests from the public contact page for the clinic to call someone back."""

from django.db import models


class CallbackRequest(models.Model):
    """A staff task: call this person back. Holds contact details only, no clinical questions."""

    name = models.CharField(max_length=100)
    phone = models.CharField(max_length=16, help_text="E.164")
    preferred_time = models.CharField(max_length=20, blank=True)
    preferred_location = models.ForeignKey(
        "screening.Location", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Callback request {self.pk}"

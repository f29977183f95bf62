"""A staff member's word that they saw an urgent alert or escalation that did not get through
(issue 18, item 2).

Until someone gives it, every staff page shows the alert in a banner and the daily digest leads
with it: a failed alert about a person at risk must not sit on a side page. One row per
acknowledgement, kept (the record of who knew, and when); sending the alert again supersedes it,
so a fresh failure of the same alert needs a fresh acknowledgement.
"""

from django.conf import settings
from django.db import models


class AlertAcknowledgement(models.Model):
    reminder = models.ForeignKey(
        "screening.Reminder", on_delete=models.CASCADE, related_name="acknowledgements"
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField()
    # When staff sent the alert again: from then on this acknowledgement no longer covers it.
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-acknowledged_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reminder"],
                condition=models.Q(superseded_at__isnull=True),
                name="alert_acknowledged_once_per_run",
            )
        ]

    def __str__(self) -> str:
        return f"Acknowledgement of reminder {self.reminder_id}"

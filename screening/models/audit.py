"""The append-only audit trail of every look at, and change to, patient data (security.md 7)."""

from django.db import models


class AuditEvent(models.Model):
    """Who did what to which record, when, from where, and whether it was allowed.

    Holds no PHI values: the object is named by its opaque public id. The user is kept as id and
    username (not a foreign key) so deleting an account never rewrites the trail.
    """

    class Outcome(models.TextChoices):
        OK = "ok", "Allowed"
        DENIED = "denied", "Denied"
        FAILED = "failed", "Failed"

    at = models.DateTimeField(db_index=True)
    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=50)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OK)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.outcome}"

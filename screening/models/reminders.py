"""The outbox: every message the clinic will send, as a row, written with what causes it.

Celery never holds a reminder for long (security.md item 17): beat's dispatcher claims due rows
and hands their ids to a send task.
"""

from django.db import models


class Reminder(models.Model):
    class Kind(models.TextChoices):
        # Sent at once after step 2, or when a person asks for a new link; a fresh single-use
        # token is made at send time, so no working link is ever stored.
        RESUME_LINK = "resume_link", "Resume link"
        RESUME_INTAKE = "resume_intake", "Resume intake"
        # Issue 16 item 9: "we have your answers", at once after submit, to a person who agreed
        # to email. It says nothing about the answers themselves.
        RECEIVED = "received", "Answers received"
        NEXT_STEPS = "next_steps", "Next steps"
        CHECKIN = "checkin", "Symptom check-in"
        URGENT_ALERT = "urgent_alert", "Urgent alert"
        URGENT_ESCALATION = "urgent_escalation", "Urgent escalation"
        DAILY_DIGEST = "daily_digest", "Daily digest"

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "Text message"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Null only for messages about no single case (the daily digest).
    submission = models.ForeignKey(
        "screening.Submission",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    sequence = models.PositiveIntegerField(default=1)
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # Issue 13. Times a claim's lease ran out with no word from the sender (a killed worker, an
    # emptied broker): after REMINDER_MAX_ATTEMPTS of those the row fails for staff to see.
    lost_leases = models.PositiveSmallIntegerField(default=0)
    # When the current run of transient delivery failures began (none: not retrying). Retries go
    # on for REMINDER_RETRY_FOR_HOURS from here; staff see "retrying", then "failing".
    retrying_since = models.DateTimeField(null=True, blank=True)
    last_error_kind = models.CharField(max_length=50, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    provider_message_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "kind", "sequence"], name="reminder_once_per_sequence"
            ),
            # PostgreSQL counts NULLs as distinct, so the rule above lets through a second
            # digest for the same day (no submission); this one does not.
            models.UniqueConstraint(
                fields=["kind", "sequence"],
                condition=models.Q(submission__isnull=True),
                name="reminder_once_per_sequence_without_case",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="reminder_due_idx"),
            # The outcomes page's check-ins sent per case (issue 18).
            models.Index(
                fields=["submission"],
                condition=models.Q(kind="checkin", status="sent"),
                name="reminder_checkin_sent_ix",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.sequence} ({self.status})"


class CheckinLink(models.Model):
    """A single-use link to a symptom check-in, made when the check-in email is sent.

    Only a hash of the token is stored, so a database reader cannot rebuild a working link.
    """

    submission = models.ForeignKey(
        "screening.Submission", on_delete=models.CASCADE, related_name="checkin_links"
    )
    reminder = models.ForeignKey(
        Reminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    # When the link was exchanged for a session, and when that session's answers came back.
    used_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Check-in link {self.pk}"

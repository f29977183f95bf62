"""Staff work on a submitted case: notes and the history of every change."""

from django.conf import settings
from django.db import models


class CaseNote(models.Model):
    submission = models.ForeignKey(
        "screening.Submission", on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note {self.pk}"


class ContactChannel(models.TextChoices):
    """How staff tried to reach the person (the contact log, issue 18)."""

    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    VOICEMAIL = "voicemail", "Voicemail"


class ContactOutcome(models.TextChoices):
    REACHED = "reached", "Reached"
    NO_ANSWER = "no_answer", "No answer"
    LEFT_MESSAGE = "left_message", "Left a message"
    WRONG_NUMBER = "wrong_number", "Wrong number"
    DECLINED = "declined", "Declined"


# Outcomes where nobody was reached: these count towards "Unable to reach".
FAILED_CONTACT_OUTCOMES = frozenset(
    {ContactOutcome.NO_ANSWER, ContactOutcome.LEFT_MESSAGE, ContactOutcome.WRONG_NUMBER}
)


class CaseEvent(models.Model):
    """One change to a submission after submit: who, when, what (security.md item 8)."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        STATUS_CHANGED = "status_changed", "Status changed"
        ASSIGNED = "assigned", "Assigned"
        NOTE_ADDED = "note_added", "Note added"
        URGENT_ACKNOWLEDGED = "urgent_acknowledged", "Urgent flag acknowledged"
        RE_EVALUATED = "re_evaluated", "Re-evaluated"
        RULE_OUT_UPDATED = "rule_out_updated", "Rule-out checklist updated"
        CHECKIN_RECEIVED = "checkin_received", "Check-in received"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed from reminders"
        CONTACT_ATTEMPT = "contact_attempt", "Contact attempt"
        # Keywords the person texted back (screening/reminders/sms_keywords.py).
        TEXTS_STOPPED = "texts_stopped", "Texts stopped (the person replied STOP)"
        TEXTS_RESTARTED = "texts_restarted", "Texts allowed again (the person replied START)"
        HISTORY_VERIFIED = "history_verified", "History verified by a clinician"
        PACKET_GENERATED = "packet_generated", "Prior-authorization packet generated"

    submission = models.ForeignKey(
        "screening.Submission", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField()
    # What changed, as codes and before/after values (no free text from patients).
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            # The outcomes page's first contact attempt of each case (issue 18).
            models.Index(
                fields=["submission", "at"],
                condition=models.Q(kind="contact_attempt"),
                name="caseevent_contact_attempt_ix",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

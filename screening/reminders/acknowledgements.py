"""Staff acknowledge an urgent alert or escalation that did not get through (issue 18, item 2).

The banner on every staff page lists each one until someone does; the acknowledgement records
who and when (an AlertAcknowledgement row and an audit event). It does not touch the case: the
person at risk still needs the call, and the case's own urgent flag is acknowledged on its page.
"""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from screening.audit.services import audit_record
from screening.models import AlertAcknowledgement, AuditEvent, Reminder
from screening.reminders.selectors import urgent_alert_to_acknowledge


class NothingToAcknowledge(Exception):
    """The alert was delivered, or someone acknowledged it first, or it is not an urgent one."""


def urgent_alert_acknowledge(
    *, reminder_id: int, by: AbstractBaseUser, ip: str | None, now: datetime
) -> AlertAcknowledgement:
    action = "urgent_alert_failure_acknowledged"
    with transaction.atomic():
        # The row lock orders two people pressing at once: the second finds it acknowledged.
        locked = Reminder.objects.select_for_update().filter(pk=reminder_id).first()
        reminder = locked and urgent_alert_to_acknowledge(reminder_id=locked.pk, now=now)
        if reminder:
            audit_record(
                action=action, user=by, object_type="reminder", object_id=str(reminder.pk),
                ip=ip, at=now,
            )  # fmt: skip
            return AlertAcknowledgement.objects.create(
                reminder=reminder,
                acknowledged_by=by,  # type: ignore[misc]
                acknowledged_at=now,
            )
    audit_record(
        action=action, outcome=AuditEvent.Outcome.FAILED, user=by, object_type="reminder",
        object_id=str(reminder_id), ip=ip, at=now,
    )  # fmt: skip
    raise NothingToAcknowledge


def urgent_alert_acknowledgements_supersede(*, reminder: Reminder, now: datetime) -> None:
    """The alert is being sent again: a new run of tries, whose failure needs a new word."""
    AlertAcknowledgement.objects.filter(reminder=reminder, superseded_at__isnull=True).update(
        superseded_at=now
    )

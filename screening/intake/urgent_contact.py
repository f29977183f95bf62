"""An urgent answer on an unfinished intake reaches staff only when they can reach the person.

Issue 14 item 6. A PHQ-9 item 9 above zero marks the draft urgent at once (the person sees
crisis help on the next page, and the draft is never purged). Staff are paged only once the draft
holds an email or a phone number: an anonymous draft gives them nobody to call, and paging on it
would let a stranger page on-call as often as they like. Until then the draft is listed for
staff apart from the queue (screening.staff.selectors.queue.urgent_drafts_without_contact), and the
person is asked, kindly, for a phone number (the page in call_me_views.py, the write in
services.draft_save_phone).
"""

from datetime import datetime

from screening.models import Reminder, Submission
from screening.reminders import outbox


def has_contact(submission: Submission) -> bool:
    return bool(submission.email or submission.phone)


def urgent_alert_when_reachable(*, submission: Submission, now: datetime) -> None:
    """Queue the urgent alert for an urgent draft that can now be reached and has not had one
    (caller's transaction, the draft locked)."""
    if not (submission.urgent and has_contact(submission)):
        return
    if Reminder.objects.filter(submission=submission, kind=Reminder.Kind.URGENT_ALERT).exists():
        return
    outbox.outbox_urgent_alert(submission=submission, now=now)


def draft_needs_phone(*, submission_id: int) -> bool:
    """An urgent draft with no way to reach the person: ask them for a phone number."""
    return Submission.objects.filter(
        pk=submission_id, state=Submission.State.DRAFT, urgent=True, email="", phone=""
    ).exists()

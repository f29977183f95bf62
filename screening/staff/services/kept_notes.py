"""A note written as the session ended, kept for its writer (issue 18, item 4).

Kept: when a note is sent just after the idle sign-out (no JavaScript, so no warning was seen),
or when the warning's countdown ran out with text in the note box. Given back once, to the same
person, on the same case's page after they have signed in again with both factors; it lasts
STAFF_KEPT_NOTE_MINUTES. Never logged; the audit trail records only that a note was kept.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from screening.audit.services import audit_record
from screening.models import CaseNote, KeptNote, Submission
from screening.staff.roles import role_of
from screening.staff.selectors.queue import staff_visible

# The note box's own limit (the form's, from the same field).
NOTE_MAX_LENGTH = CaseNote._meta.get_field("body").max_length


def kept_note_keep(
    *, user: AbstractBaseUser, public_id: str, body: str, ip: str | None, now: datetime
) -> bool:
    """Keep `body` for `user` on the case `public_id`; False (nothing kept) when there is no
    text, the person is not staff, or the case is not one staff can see."""
    body = body.strip()[:NOTE_MAX_LENGTH]
    if not body or role_of(user) is None:
        return False
    case = Submission.objects.filter(staff_visible(), public_id=public_id).first()
    if case is None:
        return False
    with transaction.atomic():
        KeptNote.objects.filter(expires_at__lte=now).delete()
        KeptNote.objects.update_or_create(
            user=user,
            defaults={
                "submission": case,
                "body": body,
                "kept_at": now,
                "expires_at": now + timedelta(minutes=settings.STAFF_KEPT_NOTE_MINUTES),
            },
        )
        audit_record(
            action="note_kept_at_sign_out", user=user, object_type="submission",
            object_id=case.public_id, ip=ip, at=now,
        )  # fmt: skip
    return True


def kept_note_take(*, user: AbstractBaseUser, submission: Submission, now: datetime) -> str | None:
    """The note `user` was writing on this case, if one is kept and still fresh; taking it
    deletes it (it is back in the note box, where the person adds it or not)."""
    with transaction.atomic():
        kept = (
            KeptNote.objects.select_for_update()
            .filter(user=user, submission=submission, expires_at__gt=now)
            .first()
        )
        KeptNote.objects.filter(expires_at__lte=now).delete()
        if kept is None:
            return None
        kept.delete()
        return kept.body

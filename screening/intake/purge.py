"""Forgetting drafts nobody came back to (the nightly purge, DRAFT_PURGE_AFTER_DAYS).

Kept apart from services.py (the writes of a draft being filled in): this one runs from beat and
a management command, never from a patient's request.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from screening.models import Submission


def drafts_purge(*, now: datetime) -> int:
    """Delete drafts untouched for DRAFT_PURGE_AFTER_DAYS, with everything they hold.

    An urgent draft (PHQ-9 item 9 above zero) is a case staff have been alerted to and may have
    notes on: it is part of the clinical record and is kept.
    """
    from screening.intake import funnel  # it reads the step registry, which imports us

    cutoff = now - timedelta(days=settings.DRAFT_PURGE_AFTER_DAYS)
    with transaction.atomic():
        # Locked first, so a draft saved while this runs is neither counted nor deleted; the
        # outcomes page keeps the deleted ones as counts by month (intake/funnel.py).
        doomed = list(
            Submission.objects.select_for_update()
            .filter(state=Submission.State.DRAFT, urgent=False, updated_at__lt=cutoff)
            .values_list("pk", flat=True)
        )
        funnel.funnel_tally_purged(drafts=Submission.objects.filter(pk__in=doomed))
        deleted, _ = Submission.objects.filter(pk__in=doomed).delete()
    # A submitted intake's device key is only needed for a lost response's retry.
    Submission.objects.filter(
        state=Submission.State.SUBMITTED,
        submitted_at__lt=now - timedelta(hours=settings.SUBMITTED_FOUND_BY_DEVICE_HOURS),
    ).exclude(device_key_hash="").update(device_key_hash="")
    return deleted

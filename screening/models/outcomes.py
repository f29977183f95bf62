"""What the outcomes page (issue 18 item 7) still needs once a draft is deleted: counts only.

Drafts untouched for DRAFT_PURGE_AFTER_DAYS are deleted nightly (screening/intake/purge.py).
Without a trace, every month older than that would show only the people who went on to submit,
and the intake funnel would lose its drop-off. So the purge first adds each deleted draft to
these tallies: the month it was started (clinic time) and, per step, how many had saved it. No
id, no date finer than a month, nothing about a person.
"""

from django.db import models


class PurgedDraftTally(models.Model):
    """Deleted drafts started in `month`: `step` "" counts them all, a step slug those that had
    saved that step."""

    STARTED = ""

    month = models.DateField(help_text="The first day of the month the drafts were started.")
    step = models.CharField(max_length=40, blank=True)
    drafts = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "step"], name="purged_draft_tally_once")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.step or 'started'}: {self.drafts}"

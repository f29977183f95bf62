"""The intake funnel, counted in the database: how many drafts were started each month and how
many of them saved each step (issue 18 item 7). Counts only, by month of starting, clinic time.

The steps are read from the registry (screening/intake/steps.py) each time, never copied, so a
step added, renamed or moved shows up in the funnel without a change here. The staff outcomes
page reads these counts; the nightly purge of old drafts adds the drafts it deletes to
PurgedDraftTally first, so older months keep their drop-off.
"""

from datetime import date

from django.db import transaction
from django.db.models import Count, DateField, F, QuerySet
from django.db.models.functions import TruncMonth

from screening.intake import steps as registry
from screening.models import PurgedDraftTally, Submission

STARTED = "started"
SUBMITTED = "submitted"


def funnel_step_slugs() -> tuple[str, ...]:
    """The steps between starting and submitting, in order. Saving the first step is what makes
    the draft (intake/services.draft_start), so "started" stands for it and it is left out."""
    return tuple(registry.STEPS_TO_SUBMIT[1:])


def step_title(slug: str) -> str:
    step = registry.BY_SLUG.get(slug)
    return str(step.title) if step is not None else slug


def funnel_counts(
    drafts: QuerySet[Submission], slugs: tuple[str, ...]
) -> dict[date, dict[str, int]]:
    """Per month started: "started", one count per slug, "submitted". One query.

    The database counts drafts per month, state and list of steps saved (a draft's list is one
    of a handful, as the steps are taken in order), and the steps are looked up in those few
    groups here: testing each draft's JSON once per step in SQL took three times as long at
    100,000 cases (bench/bench_outcomes.py). The rows returned grow with the months and the
    distinct lists, never with the drafts."""
    rows = (
        drafts.annotate(month=TruncMonth("created_at", output_field=DateField()))
        .values("month", "state", "steps_completed")
        # Counted on created_at, which the outcomes index holds with state and
        # steps_completed, so PostgreSQL reads the index alone.
        .annotate(drafts=Count("created_at"))
        .order_by()
    )
    counts: dict[date, dict[str, int]] = {}
    for row in rows:
        month_counts = counts.setdefault(
            row["month"], {STARTED: 0, **dict.fromkeys(slugs, 0), SUBMITTED: 0}
        )
        saved = row["steps_completed"] if isinstance(row["steps_completed"], list) else []
        month_counts[STARTED] += row["drafts"]
        if row["state"] == Submission.State.SUBMITTED:
            month_counts[SUBMITTED] += row["drafts"]
        for slug in slugs:
            if slug in saved:
                month_counts[slug] += row["drafts"]
    return dict(sorted(counts.items()))


def funnel_tally_purged(*, drafts: QuerySet[Submission]) -> None:
    """Add `drafts` (about to be deleted, in the caller's transaction) to PurgedDraftTally."""
    slugs = tuple(registry.STEPS_TO_SUBMIT)
    with transaction.atomic():
        for month, month_counts in funnel_counts(drafts, slugs).items():
            tallies = {PurgedDraftTally.STARTED: month_counts[STARTED]}
            tallies.update({slug: month_counts[slug] for slug in slugs})
            for step, drafts_count in tallies.items():
                if not drafts_count:
                    continue
                PurgedDraftTally.objects.get_or_create(month=month, step=step)
                PurgedDraftTally.objects.filter(month=month, step=step).update(
                    drafts=F("drafts") + drafts_count
                )


def purged_funnel_counts(*, since: date) -> dict[date, dict[str, int]]:
    """The tallies of deleted drafts from `since` on, shaped like funnel_counts. One query."""
    counts: dict[date, dict[str, int]] = {}
    tallies = PurgedDraftTally.objects.filter(month__gte=since).values_list(
        "month", "step", "drafts"
    )
    for month, step, drafts_count in tallies:
        key = STARTED if step == PurgedDraftTally.STARTED else step
        counts.setdefault(month, {})[key] = drafts_count
    return counts

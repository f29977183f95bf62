"""Reads for the outcomes page (issue 18 item 7): counts by month, aggregated in the database.

Every figure is a GROUP BY month (TruncMonth, clinic time) with conditional counts, so the page
makes the same few queries for 100 cases or 100,000 (tests/staff/test_outcomes.py counts them;
`make bench-outcomes` times them). Nothing here returns a row about a person.

Months: the funnel counts drafts by the month they were started; everything after submitting
(first contact, verdicts, check-ins, PHQ-9 outcomes) counts cases by the month they were
submitted, so each month's figures follow one group of people (a check-in sent in May for a case
submitted in April is April's).
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, DateField, F, OuterRef, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from screening.criteria.scales import PHQ9_REMISSION_BELOW, PHQ9_RESPONSE_DROP
from screening.intake import funnel
from screening.models import CaseEvent, Determination, Reminder, ScaleResponse, Submission

# How many calendar months the page covers, the current one included.
OUTCOMES_MONTHS = 12
# PostgreSQL memory for each sort and hash of these queries (the server's default, 4 MB, sends
# a year of cases to disk to group them by month); for this transaction only. JIT compilation
# is turned off for it too: the per-case subqueries make the planner's cost look high enough to
# compile, which took longer (0.2-0.7 s a query at 100,000 cases) than running them.
OUTCOMES_WORK_MEM = "64MB"
# The two percentiles of time to first contact.
MEDIAN, NINETIETH = 0.5, 0.9


@dataclass(frozen=True)
class FirstContact:
    submitted: int
    contacted: int  # with at least one contact attempt logged
    median_hours: float | None  # calendar hours from submitting to the first attempt
    p90_hours: float | None


@dataclass(frozen=True)
class Checkins:
    sent: int  # check-in messages sent
    answered: int  # check-in PHQ-9s that came back


@dataclass(frozen=True)
class Phq9Outcomes:
    with_checkin: int  # cases with at least one check-in PHQ-9
    with_baseline: int  # ... and an intake PHQ-9 total above 0, so a response can be measured
    responded: int  # latest check-in at least PHQ9_RESPONSE_DROP below the intake total
    remitted: int  # latest check-in total under PHQ9_REMISSION_BELOW


@dataclass(frozen=True)
class Outcomes:
    months: list[date]  # first days, oldest first
    funnel_steps: tuple[str, ...]
    funnel: dict[date, dict[str, int]]
    verdicts: dict[date, dict[str, int]]
    first_contact: dict[date, FirstContact]
    checkins: dict[date, Checkins]
    phq9: dict[date, Phq9Outcomes]


def percentile(values: list[float], fraction: float) -> float | None:
    """The same interpolation as percentile_cont, for the SQLite file of `make run`."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def window(*, now: datetime, months: int = OUTCOMES_MONTHS) -> list[date]:
    """The first days of the last `months` calendar months in clinic time, oldest first."""
    current = timezone.localtime(now).date().replace(day=1)
    firsts = []
    year, month = current.year, current.month
    for _ in range(months):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def outcomes(*, now: datetime, months: int = OUTCOMES_MONTHS) -> Outcomes:
    """Every figure of the page for the last `months` months, in one transaction: four queries
    on PostgreSQL (and its settings), seven on SQLite, whatever the size."""
    firsts = window(now=now, months=months)
    since = timezone.make_aware(datetime.combine(firsts[0], time.min))
    submitted = Submission.objects.filter(state=Submission.State.SUBMITTED, submitted_at__gte=since)
    slugs = funnel.funnel_step_slugs()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = %s", [OUTCOMES_WORK_MEM])
                cursor.execute("SET LOCAL jit = off")
        return Outcomes(
            months=firsts,
            funnel_steps=slugs,
            funnel=_funnel(since=since, first=firsts[0], slugs=slugs),
            verdicts=_verdicts(since=since),
            **_after_submitting(submitted, since=since),
        )


def _after_submitting(submitted: Any, *, since: datetime) -> dict[str, Any]:
    """First contact, check-ins and PHQ-9 outcomes. On PostgreSQL one query (one pass over the
    cases); the SQLite file of `make run` has no DISTINCT ON or percentile_cont, so there each
    measure is its own query, worked out the way the one query does."""
    if connection.vendor == "postgresql":
        return _cohort(submitted)
    return {
        "first_contact": _first_contact(submitted),
        "checkins": _checkins(since=since),
        "phq9": _phq9(submitted),
    }


def _month(field: str) -> TruncMonth:
    return TruncMonth(field, output_field=DateField())


def _funnel(*, since: datetime, first: date, slugs: tuple[str, ...]) -> dict[date, dict[str, int]]:
    """Drafts still here, plus those the nightly purge deleted (kept as tallies). Two queries."""
    live = funnel.funnel_counts(Submission.objects.filter(created_at__gte=since), slugs)
    purged = funnel.purged_funnel_counts(since=first)
    keys = (funnel.STARTED, *slugs, funnel.SUBMITTED)
    counts: dict[date, dict[str, int]] = {}
    for month in set(live) | set(purged):
        counts[month] = {
            key: live.get(month, {}).get(key, 0) + purged.get(month, {}).get(key, 0) for key in keys
        }
    return counts


def _verdicts(*, since: datetime) -> dict[date, dict[str, int]]:
    """The engine's verdict at submit (made in the same moment as submitting), not a later
    re-evaluation under another profile. One query."""
    rows = (
        Determination.objects.filter(
            submission__state=Submission.State.SUBMITTED,
            submission__submitted_at__gte=since,
            created_at=F("submission__submitted_at"),
        )
        .annotate(month=_month("submission__submitted_at"))
        .values("month", "verdict")
        .annotate(cases=Count("submission"))
        .order_by()
    )
    counts: dict[date, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["month"]][row["verdict"]] = row["cases"]
    return dict(counts)


def _first_attempt() -> Subquery:
    return Subquery(
        CaseEvent.objects.filter(submission=OuterRef("pk"), kind=CaseEvent.Kind.CONTACT_ATTEMPT)
        .order_by("at")
        .values("at")[:1]
    )


def _first_contact(submitted: Any) -> dict[date, FirstContact]:
    """Time from submitting to the first logged contact attempt (any outcome), in calendar
    hours: working hours would need the clinic's calendar row by row, outside the database.
    One query: per case its month and first attempt, then per month the counts and
    PostgreSQL's percentile_cont (linear interpolation, NULLs left out) in one pass."""
    per_case = submitted.annotate(
        month=_month("submitted_at"), first_attempt=_first_attempt()
    ).values("month", "submitted_at", "first_attempt")
    if connection.vendor == "postgresql":
        rows = _per_month(
            per_case,
            'COUNT(*), COUNT("first_attempt"), percentile_cont(ARRAY[%s, %s]) WITHIN GROUP'
            ' (ORDER BY EXTRACT(EPOCH FROM ("first_attempt" - "submitted_at")) / 3600.0)',
            (MEDIAN, NINETIETH),
        )
        return {
            month: FirstContact(cases, contacted, *(percentiles or (None, None)))
            for month, cases, contacted, percentiles in rows
        }
    # SQLite (`make run` only) has no percentile_cont: one row per case, worked out here.
    waits: dict[date, list[float | None]] = defaultdict(list)
    for row in per_case:
        first_attempt, submitted_at = row["first_attempt"], row["submitted_at"]
        waits[row["month"]].append(
            (first_attempt - submitted_at).total_seconds() / 3600 if first_attempt else None
        )
    stats = {}
    for month, month_waits in waits.items():
        known = [wait for wait in month_waits if wait is not None]
        stats[month] = FirstContact(
            len(month_waits), len(known), percentile(known, MEDIAN), percentile(known, NINETIETH)
        )
    return stats


def _per_month(per_case: Any, aggregates: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """`aggregates` over the rows of `per_case` (a queryset of values with a "month"), grouped by
    month: the month first in each row. The per-case query is worked out once per case
    (PostgreSQL's OFFSET 0 keeps its subqueries from being copied into every aggregate)."""
    inner, inner_params = per_case.query.sql_with_params()
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
    # Both parts are this module's own SQL; every value travels as a parameter.
    sql = (
        f'SELECT "month", {aggregates} FROM ({inner}{fence}) AS per_case'  # nosec B608
        ' GROUP BY "month"'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *inner_params))
        return [(_as_month(row[0]), *row[1:]) for row in cursor.fetchall()]


def _as_month(value: Any) -> date:
    """A month from a raw row: PostgreSQL gives a timestamp or a date, SQLite text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _checkins(*, since: datetime) -> dict[date, Checkins]:
    """Check-in messages sent and check-in PHQ-9s answered, by month submitted. Two queries."""
    sent = (
        Reminder.objects.filter(
            kind=Reminder.Kind.CHECKIN,
            status=Reminder.Status.SENT,
            submission__state=Submission.State.SUBMITTED,
            submission__submitted_at__gte=since,
        )
        .annotate(month=_month("submission__submitted_at"))
        .values("month")
        .annotate(count=Count("submission"))
        .order_by()
    )
    answered = (
        ScaleResponse.objects.filter(
            source=ScaleResponse.Source.CHECKIN,
            scale=ScaleResponse.Scale.PHQ9,
            submission__state=Submission.State.SUBMITTED,
            submission__submitted_at__gte=since,
        )
        .annotate(month=_month("submission__submitted_at"))
        .values("month")
        .annotate(count=Count("submission"))
        .order_by()
    )
    sent_by_month = {row["month"]: row["count"] for row in sent}
    answered_by_month = {row["month"]: row["count"] for row in answered}
    return {
        month: Checkins(sent_by_month.get(month, 0), answered_by_month.get(month, 0))
        for month in set(sent_by_month) | set(answered_by_month)
    }


def _phq9_total(source: str, *, latest: bool) -> Subquery:
    order = ("-recorded_at", "-id") if latest else ("recorded_at", "id")
    return Subquery(
        ScaleResponse.objects.filter(
            submission=OuterRef("pk"),
            scale=ScaleResponse.Scale.PHQ9,
            source=source,
            total__isnull=False,
        )
        .order_by(*order)
        .values("total")[:1]
    )


def _phq9(submitted: Any) -> dict[date, Phq9Outcomes]:
    """Among cases with a check-in PHQ-9: the latest check-in against the intake PHQ-9, with the
    response and remission rules of screening/criteria/scales.py. One query."""
    with_checkin = ScaleResponse.objects.filter(
        scale=ScaleResponse.Scale.PHQ9, source=ScaleResponse.Source.CHECKIN, total__isnull=False
    ).values("submission_id")
    per_case = (
        submitted.filter(pk__in=with_checkin)
        .annotate(
            month=_month("submitted_at"),
            baseline=_phq9_total(ScaleResponse.Source.INTAKE, latest=False),
            latest=_phq9_total(ScaleResponse.Source.CHECKIN, latest=True),
        )
        .values("month", "baseline", "latest")
    )
    rows = _per_month(
        per_case,
        'COUNT(*), SUM(CASE WHEN "baseline" > 0 THEN 1 ELSE 0 END),'
        ' SUM(CASE WHEN "baseline" > 0 AND "latest" <= "baseline" * %s THEN 1 ELSE 0 END),'
        ' SUM(CASE WHEN "latest" < %s THEN 1 ELSE 0 END)',
        (1 - PHQ9_RESPONSE_DROP, PHQ9_REMISSION_BELOW),
    )
    return {month: Phq9Outcomes(*(int(n or 0) for n in counts)) for month, *counts in rows}


# Per case, joined by its id: each table read once, in the order of its outcomes index, and
# reduced to one row per case before the join (a per-case subquery looked each case up in each
# index, once per figure: twice as slow at 100,000 cases, bench/bench_outcomes.py).
_COHORT_SQL = """SELECT cases."month", COUNT(*), COUNT(contact.first_attempt),
  percentile_cont(ARRAY[%(median)s, %(p90)s]) WITHIN GROUP
    (ORDER BY EXTRACT(EPOCH FROM (contact.first_attempt - cases."submitted_at")) / 3600.0),
  COALESCE(SUM(sent.n), 0), COALESCE(SUM(answered.n), 0),
  COUNT(latest.total),
  COUNT(*) FILTER (WHERE latest.total IS NOT NULL AND baseline.total > 0),
  COUNT(*) FILTER (WHERE baseline.total > 0 AND latest.total <= baseline.total * %(kept)s),
  COUNT(*) FILTER (WHERE latest.total < %(remission)s)
FROM ({cases}) AS cases
LEFT JOIN (SELECT submission_id, MIN("at") AS first_attempt FROM {event}
  WHERE kind = %(contact)s GROUP BY submission_id) AS contact ON contact.submission_id = cases.id
LEFT JOIN (SELECT submission_id, COUNT(*) AS n FROM {reminder}
  WHERE kind = %(checkin_kind)s AND status = %(sent)s GROUP BY submission_id) AS sent
  ON sent.submission_id = cases.id
LEFT JOIN (SELECT submission_id, COUNT(*) AS n FROM {scale}
  WHERE scale = %(phq9)s AND source = %(checkin)s GROUP BY submission_id) AS answered
  ON answered.submission_id = cases.id
LEFT JOIN (SELECT DISTINCT ON (submission_id) submission_id, total FROM {scale}
  WHERE scale = %(phq9)s AND source = %(intake)s AND total IS NOT NULL
  ORDER BY submission_id, recorded_at, id) AS baseline ON baseline.submission_id = cases.id
LEFT JOIN (SELECT DISTINCT ON (submission_id) submission_id, total FROM {scale}
  WHERE scale = %(phq9)s AND source = %(checkin)s AND total IS NOT NULL
  ORDER BY submission_id DESC, recorded_at DESC, id DESC) AS latest
  ON latest.submission_id = cases.id
GROUP BY cases."month"
"""


def _cohort(submitted: Any) -> dict[str, Any]:
    """What _first_contact, _checkins and _phq9 count, in one query (PostgreSQL): per month
    submitted, the cases, those contacted and the percentiles of the wait, the check-ins sent
    and answered, and the PHQ-9 outcomes of the cases with a check-in. A month has check-ins
    or PHQ-9 outcomes only when it has something to count, as in the separate queries."""
    cases = submitted.annotate(month=_month("submitted_at")).values("id", "submitted_at", "month")
    inner, inner_params = cases.query.sql_with_params()
    # The tables are the models' own; the cases' SQL is the ORM's with %s placeholders, turned
    # into named ones so that every value travels as a parameter.
    named = {f"case_{index}": value for index, value in enumerate(inner_params)}
    inner = inner % tuple(f"%({name})s" for name in named)
    sql = _COHORT_SQL.format(
        cases=inner,
        event=connection.ops.quote_name(CaseEvent._meta.db_table),
        reminder=connection.ops.quote_name(Reminder._meta.db_table),
        scale=connection.ops.quote_name(ScaleResponse._meta.db_table),
    )
    params = {
        **named,
        "median": MEDIAN,
        "p90": NINETIETH,
        "kept": 1 - PHQ9_RESPONSE_DROP,
        "remission": PHQ9_REMISSION_BELOW,
        "contact": CaseEvent.Kind.CONTACT_ATTEMPT.value,
        "checkin_kind": Reminder.Kind.CHECKIN.value,
        "sent": Reminder.Status.SENT.value,
        "phq9": ScaleResponse.Scale.PHQ9.value,
        "checkin": ScaleResponse.Source.CHECKIN.value,
        "intake": ScaleResponse.Source.INTAKE.value,
    }
    first_contact, checkins, phq9 = {}, {}, {}
    with connection.cursor() as cursor:
        # This module's own SQL, every value a parameter.
        cursor.execute(sql, params)  # nosec B608
        rows = cursor.fetchall()
    for month_value, cases_n, contacted, waits, sent, answered, *phq9_counts in rows:
        month = _as_month(month_value)
        first_contact[month] = FirstContact(cases_n, contacted, *(waits or (None, None)))
        if sent or answered:
            checkins[month] = Checkins(int(sent), int(answered))
        if phq9_counts[0]:
            phq9[month] = Phq9Outcomes(*(int(n) for n in phq9_counts))
    return {"first_contact": first_contact, "checkins": checkins, "phq9": phq9}

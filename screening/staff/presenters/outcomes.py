"""The outcomes page's words and figures (issue 18 item 7): every count passed through the
small-cell rule (presenters/suppression.py) before it is shown, drawn or exported.

Each month of each measure is one small table: its cells (the counts shown, and the parts that
are implied but never shown, such as "not contacted"), the sums that tie them together, and the
figures made from them (rates, percentiles). A rate is shown only when every count it is made
from is shown; a percentile of time only when it rests on 11 people or more.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

from screening.criteria.scales import PHQ9_REMISSION_BELOW, PHQ9_RESPONSE_DROP
from screening.intake import funnel
from screening.staff.labels import VERDICT_LABELS
from screening.staff.presenters.bar_chart import Series, bar_chart
from screening.staff.presenters.suppression import (
    SMALL_CELL_CSV,
    SMALL_CELL_TEXT,
    Relation,
    is_small,
    withheld_cells,
)
from screening.staff.selectors.outcomes import Checkins, FirstContact, Outcomes, Phq9Outcomes

COMPLEMENT_TEXT = "withheld"  # 11 or more, hidden so that a small count cannot be worked out
COMPLEMENT_CSV = "withheld"
NOT_SHOWN_TEXT = "not shown"  # a rate or time made from a withheld count
NOT_SHOWN_CSV = "not shown"
NONE_TEXT = "—"  # nothing to measure (no one to divide by)


@dataclass(frozen=True)
class Figure:
    text: str  # as the page shows it
    csv: str  # as the CSV holds it
    value: float | None = None  # for the chart; None when withheld or empty
    withheld: bool = False


SMALL = Figure(SMALL_CELL_TEXT, SMALL_CELL_CSV, withheld=True)
COMPLEMENT = Figure(COMPLEMENT_TEXT, COMPLEMENT_CSV, withheld=True)
NOT_SHOWN = Figure(NOT_SHOWN_TEXT, NOT_SHOWN_CSV, withheld=True)
NOTHING = Figure(NONE_TEXT, "")


def month_label(month: date) -> str:
    return month.strftime("%b %Y")


def count_figure(count: int, *, withheld: bool) -> Figure:
    if withheld:
        return SMALL if is_small(count) else COMPLEMENT
    return Figure(f"{count:,}", str(count), float(count))


def rate_figure(part: int, whole: int, *, shown: bool) -> Figure:
    if not shown:
        return NOT_SHOWN
    if whole <= 0:
        return NOTHING
    percent = 100 * part / whole
    return Figure(f"{percent:.0f} %", f"{percent:.1f}", percent)


def hours_figure(hours: float | None, *, shown: bool) -> Figure:
    if not shown:
        return NOT_SHOWN
    if hours is None:
        return NOTHING
    return Figure(f"{hours:,.1f} h", f"{hours:.1f}", hours)


def protected(
    cells: Mapping[str, int], relations: Sequence[Relation], hidden: Sequence[str] = ()
) -> dict[str, Figure]:
    """The shown cells of one table as figures, small ones and their complements withheld."""
    withheld = withheld_cells(cells, relations, hidden=hidden)
    return {
        name: count_figure(count, withheld=name in withheld)
        for name, count in cells.items()
        if name not in hidden
    }


def _shown(*figures: Figure) -> bool:
    return not any(figure.withheld for figure in figures)


# --- The intake funnel ------------------------------------------------------------------------


def funnel_stages(steps: Sequence[str]) -> list[tuple[str, str]]:
    """(key, label) for each stage: started, each step saved, submitted."""
    return [
        (funnel.STARTED, "Started"),
        *((step, funnel.step_title(step)) for step in steps),
        (funnel.SUBMITTED, "Submitted"),
    ]


def funnel_month(counts: Mapping[str, int], steps: Sequence[str]) -> list[dict[str, Figure]]:
    """For each stage: saved, drop-off from the stage before, share of those who started. The
    drop-offs are cells of their own (a drop-off of 4 people is a small cell), tied to the
    stages by stage before = stage + drop-off, and so on along the chain."""
    keys = [key for key, _ in funnel_stages(steps)]
    cells = {key: counts.get(key, 0) for key in keys}
    drops = {f"drop:{key}": cells[before] - cells[key] for before, key in pairwise(keys)}
    # Every stage against every later one, not only the next: "60 started, 60 saved the third
    # step" says that no one dropped at the first two, though each of those is withheld.
    relations = [
        (keys[first], (keys[last], *(f"drop:{key}" for key in keys[first + 1 : last + 1])))
        for first in range(len(keys))
        for last in range(first + 1, len(keys))
    ]
    figures = protected({**cells, **drops}, relations)
    started = figures[funnel.STARTED]
    stages = []
    for index, key in enumerate(keys):
        saved = figures[key]
        stages.append(
            {
                "saved": saved,
                "drop": figures[f"drop:{key}"] if index else NOTHING,
                "share": rate_figure(
                    cells[key], cells[funnel.STARTED], shown=_shown(saved, started)
                )
                if index
                else NOTHING,
            }
        )
    return stages


def funnel_section(data: Outcomes, *, month: date) -> dict[str, Any]:
    stages = funnel_stages(data.funnel_steps)
    by_month = {m: funnel_month(data.funnel.get(m, {}), data.funnel_steps) for m in data.months}
    chosen = by_month[month]
    labels = [label for _, label in stages]
    return {
        "month": month,
        "month_label": month_label(month),
        "stages": [
            {"label": label, **figures} for label, figures in zip(labels, chosen, strict=True)
        ],
        "columns": labels,
        "rows": [
            {"label": month_label(m), "cells": [stage["saved"] for stage in by_month[m]]}
            for m in data.months
        ],
        "chart": bar_chart(
            chart_id="chart-funnel",
            title=f"Intake funnel, drafts started in {month_label(month)}",
            description=(
                f"How many of the drafts started in {month_label(month)} saved each step and"
                " how many were submitted. Counts under 11 read fewer than 11. The table"
                " beside the chart gives each count and the drop-off from the step before."
            ),
            categories=labels,
            series=[
                Series(
                    "Drafts",
                    [stage["saved"].value for stage in chosen],
                    [stage["saved"].text for stage in chosen],
                )
            ],
        ),
    }


# --- Time to first contact --------------------------------------------------------------------


def first_contact_month(stats: FirstContact | None) -> dict[str, Figure]:
    stats = stats or FirstContact(0, 0, None, None)
    cells = {
        "submitted": stats.submitted,
        "contacted": stats.contacted,
        "not_contacted": stats.submitted - stats.contacted,
    }
    figures = protected(cells, [("submitted", ("contacted", "not_contacted"))], ["not_contacted"])
    # A percentile of fewer than 11 people's waits comes too close to one person's.
    enough = not is_small(stats.contacted)
    return {
        **figures,
        "median": hours_figure(stats.median_hours, shown=enough),
        "p90": hours_figure(stats.p90_hours, shown=enough),
    }


def first_contact_section(data: Outcomes) -> dict[str, Any]:
    rows = [(m, first_contact_month(data.first_contact.get(m))) for m in data.months]
    return {
        "rows": [{"label": month_label(m), **figures} for m, figures in rows],
        "chart": bar_chart(
            chart_id="chart-first-contact",
            title="Time to first contact, by month submitted",
            description=(
                "The median and the 90th percentile of calendar hours from submitting to the"
                " first logged contact attempt, for the cases submitted in each month. A month"
                " with fewer than 11 cases contacted is not shown. The table below gives the"
                " numbers."
            ),
            categories=[month_label(m) for m, _ in rows],
            series=[
                Series(
                    "Median",
                    [f["median"].value for _, f in rows],
                    [f["median"].text for _, f in rows],
                ),
                Series(
                    "90th percentile",
                    [f["p90"].value for _, f in rows],
                    [f["p90"].text for _, f in rows],
                ),
            ],
        ),
    }


# --- The verdict mix --------------------------------------------------------------------------


def verdict_codes(data: Outcomes) -> list[str]:
    """The engine's verdicts in their usual order, then any code the labels do not know yet."""
    seen = {code for month in data.verdicts.values() for code in month}
    return [*VERDICT_LABELS, *sorted(seen - set(VERDICT_LABELS))]


def verdict_month(counts: Mapping[str, int], codes: Sequence[str]) -> dict[str, Figure]:
    cells = {"total": sum(counts.values()), **{code: counts.get(code, 0) for code in codes}}
    return protected(cells, [("total", tuple(codes))])


def verdict_section(data: Outcomes) -> dict[str, Any]:
    codes = verdict_codes(data)
    labels = [VERDICT_LABELS.get(code, code) for code in codes]
    rows = [(m, verdict_month(data.verdicts.get(m, {}), codes)) for m in data.months]
    return {
        "columns": labels,
        "rows": [
            {
                "label": month_label(m),
                "total": figures["total"],
                "cells": [figures[code] for code in codes],
            }
            for m, figures in rows
        ],
        "chart": bar_chart(
            chart_id="chart-verdicts",
            title="Verdict at submit, by month submitted",
            description=(
                "How many cases submitted in each month the criteria engine found to meet the"
                " criteria, to need a clinician's review, or not to meet them, at the moment"
                " of submitting. Counts under 11 read fewer than 11. The table below gives the"
                " numbers."
            ),
            categories=[month_label(m) for m, _ in rows],
            series=[
                Series(
                    label,
                    [figures[code].value for _, figures in rows],
                    [figures[code].text for _, figures in rows],
                )
                for code, label in zip(codes, labels, strict=True)
            ],
        ),
    }


# --- Check-ins and PHQ-9 outcomes -------------------------------------------------------------


def checkin_month(stats: Checkins | None) -> dict[str, Figure]:
    stats = stats or Checkins(0, 0)
    cells = {
        "sent": stats.sent,
        "answered": stats.answered,
        "unanswered": stats.sent - stats.answered,
    }
    figures = protected(cells, [("sent", ("answered", "unanswered"))], ["unanswered"])
    return {
        **figures,
        "rate": rate_figure(
            stats.answered, stats.sent, shown=_shown(figures["sent"], figures["answered"])
        ),
    }


def checkin_section(data: Outcomes) -> dict[str, Any]:
    rows = [(m, checkin_month(data.checkins.get(m))) for m in data.months]
    return {
        "rows": [{"label": month_label(m), **figures} for m, figures in rows],
        "chart": bar_chart(
            chart_id="chart-checkins",
            title="Check-ins sent and answered, by month submitted",
            description=(
                "For the cases submitted in each month: how many check-in messages were sent"
                " and how many check-in PHQ-9s came back. Counts under 11 read fewer than 11."
                " The table below gives the numbers and the share answered."
            ),
            categories=[month_label(m) for m, _ in rows],
            series=[
                Series(
                    "Sent", [f["sent"].value for _, f in rows], [f["sent"].text for _, f in rows]
                ),
                Series(
                    "Answered",
                    [f["answered"].value for _, f in rows],
                    [f["answered"].text for _, f in rows],
                ),
            ],
        ),
    }


def phq9_month(stats: Phq9Outcomes | None) -> dict[str, Figure]:
    stats = stats or Phq9Outcomes(0, 0, 0, 0)
    cells = {
        "with_checkin": stats.with_checkin,
        "with_baseline": stats.with_baseline,
        "responded": stats.responded,
        "remitted": stats.remitted,
        "no_baseline": stats.with_checkin - stats.with_baseline,
        "not_responded": stats.with_baseline - stats.responded,
        "not_remitted": stats.with_checkin - stats.remitted,
    }
    relations = [
        ("with_checkin", ("with_baseline", "no_baseline")),
        ("with_baseline", ("responded", "not_responded")),
        ("with_checkin", ("remitted", "not_remitted")),
    ]
    figures = protected(cells, relations, ["no_baseline", "not_responded", "not_remitted"])
    return {
        **figures,
        "response_rate": rate_figure(
            stats.responded,
            stats.with_baseline,
            shown=_shown(figures["responded"], figures["with_baseline"]),
        ),
        "remission_rate": rate_figure(
            stats.remitted,
            stats.with_checkin,
            shown=_shown(figures["remitted"], figures["with_checkin"]),
        ),
    }


def phq9_section(data: Outcomes) -> dict[str, Any]:
    rows = [(m, phq9_month(data.phq9.get(m))) for m in data.months]
    drop = round(PHQ9_RESPONSE_DROP * 100)
    return {
        "drop": drop,
        "remission_below": PHQ9_REMISSION_BELOW,
        "rows": [{"label": month_label(m), **figures} for m, figures in rows],
        "chart": bar_chart(
            chart_id="chart-phq9",
            title="PHQ-9 response and remission, by month submitted",
            description=(
                "Among the cases submitted in each month with a check-in PHQ-9: the share"
                f" whose latest check-in is at least {drop} % below the intake score"
                f" (response) and the share whose latest check-in total is under"
                f" {PHQ9_REMISSION_BELOW} (remission). A share made from fewer than 11 people"
                " is not shown. The table below gives the numbers."
            ),
            categories=[month_label(m) for m, _ in rows],
            series=[
                Series(
                    "Response",
                    [f["response_rate"].value for _, f in rows],
                    [f["response_rate"].text for _, f in rows],
                ),
                Series(
                    "Remission",
                    [f["remission_rate"].value for _, f in rows],
                    [f["remission_rate"].text for _, f in rows],
                ),
            ],
            unit=" %",
            axis_max=100,
        ),
    }

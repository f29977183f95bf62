"""Horizontal grouped bar charts as geometry for a server-drawn SVG (templates/staff/
_bar_chart.html): the outcomes page's charts (issue 18 item 7). No script, no third party.

Each category (a month, a step) is a row of bars, one per series. A withheld figure ("fewer
than 11", "withheld", "not shown") has no bar: the row says so in words where the bar would
start, so the chart never draws a number the table withholds. Series keep the legend's order
in every row and each bar has its value written after it and a <title> with its words, so
colour is never the only way to tell them apart.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

WIDTH = 640
LABEL_WIDTH = 170  # the category names, left of the bars
VALUE_ROOM = 64  # the value written after the longest bar
BAR_HEIGHT = 12
BAR_GAP = 2
ROW_GAP = 10
TOP = 34  # the legend
AXIS_ROOM = 22  # tick labels under the plot
LEGEND_SWATCH = 12
LEGEND_ITEM_WIDTH = 190


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]  # None: withheld, or nothing to measure
    texts: Sequence[str]  # each value in words, as the table shows it ("fewer than 11")


def nice_ceiling(value: float) -> float:
    """A round axis end at or above `value` (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop ends at 10


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    axis_max: float | None = None,
) -> dict[str, Any]:
    """Coordinates for the bars, the legend and the axis; `unit` follows each tick ("%")."""
    known = [value for one in series for value in one.values if value is not None]
    top_value = axis_max if axis_max is not None else nice_ceiling(max(known, default=0))
    plot_left = LABEL_WIDTH
    plot_width = WIDTH - LABEL_WIDTH - VALUE_ROOM
    row_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + ROW_GAP
    plot_height = max(len(categories), 1) * row_height
    rows = []
    for index, category in enumerate(categories):
        row_top = TOP + index * row_height
        bars = []
        for number, one in enumerate(series):
            value = one.values[index]
            y = row_top + number * (BAR_HEIGHT + BAR_GAP)
            length = 0.0 if value is None else plot_width * min(value, top_value) / top_value
            bars.append(
                {
                    "series": number,
                    "x": plot_left,
                    "y": y,
                    "width": round(max(length, 0.0), 1),
                    "height": BAR_HEIGHT,
                    "withheld": value is None,
                    "text": one.texts[index],
                    "text_x": round(plot_left + max(length, 0.0) + 4, 1),
                    "text_y": y + BAR_HEIGHT - 2,
                    "title": f"{category}, {one.label}: {one.texts[index]}",
                }
            )
        rows.append(
            {
                "label": category,
                "label_y": row_top + (row_height - ROW_GAP) / 2 + 4,
                "bars": bars,
            }
        )
    bottom = TOP + plot_height
    ticks = [
        {
            "x": round(plot_left + plot_width * fraction, 1),
            "label": f"{_number(top_value * fraction)}{unit}",
        }
        for fraction in (0, 0.5, 1)
    ]
    legend = [
        {
            "series": number,
            "label": one.label,
            "x": plot_left + number * LEGEND_ITEM_WIDTH,
            "text_x": plot_left + number * LEGEND_ITEM_WIDTH + LEGEND_SWATCH + 4,
        }
        for number, one in enumerate(series)
    ]
    return {
        "id": chart_id,
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": bottom + AXIS_ROOM,
        "left": plot_left,
        "right": plot_left + plot_width,
        "top": TOP,
        "bottom": bottom,
        "tick_label_y": bottom + 16,
        "legend_y": 8,
        "legend_text_y": 8 + LEGEND_SWATCH - 2,
        "swatch": LEGEND_SWATCH,
        "legend": legend,
        "rows": rows,
        "ticks": ticks,
        "label_x": plot_left - 8,
    }


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"

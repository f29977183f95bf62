"""The PHQ-9 chart: geometry for a server-rendered SVG."""

from datetime import datetime
from typing import Any

from screening.criteria.scales import PHQ9_BANDS, PHQ9_MAX_TOTAL

# --- The PHQ-9 chart: geometry for a server-rendered SVG --------------------------------------

CHART_WIDTH, CHART_HEIGHT = 560, 220
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 44, 16, 12, 36
PHQ9_MAX = PHQ9_MAX_TOTAL
# A line at the lower bound of each PHQ-9 band above "minimal", from the one place the bands are
# named (screening/criteria/scales.py).
PHQ9_BAND_LINES = tuple((low, str(low)) for low, _ in sorted(PHQ9_BANDS) if low > 0)


def phq9_chart(points: list[tuple[datetime, int]]) -> dict[str, Any] | None:
    """Coordinates for a line of PHQ-9 totals over time (x by date, y from 0 to the maximum),
    or None if empty."""
    if not points:
        return None
    plot_width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    first, last = points[0][0], points[-1][0]
    span = (last - first).total_seconds()

    def x_of(moment: datetime) -> float:
        if span <= 0:
            return CHART_LEFT + plot_width / 2
        return CHART_LEFT + plot_width * (moment - first).total_seconds() / span

    def y_of(total: int) -> float:
        return CHART_TOP + plot_height * (PHQ9_MAX - min(max(total, 0), PHQ9_MAX)) / PHQ9_MAX

    dots = [
        {"x": round(x_of(at), 1), "y": round(y_of(total), 1), "total": total, "at": at}
        for at, total in points
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "top": CHART_TOP,
        "bottom": CHART_HEIGHT - CHART_BOTTOM,
        "dots": dots,
        "line": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "bands": [
            {"y": round(y_of(value), 1), "label": label, "label_y": round(y_of(value) + 4, 1)}
            for value, label in PHQ9_BAND_LINES
        ],
        "zero_label_y": round(y_of(0) + 4, 1),
        "max_label_y": round(y_of(PHQ9_MAX) + 4, 1),
        "max": PHQ9_MAX,
        "date_label_y": CHART_HEIGHT - CHART_BOTTOM + 18,
        "first": first,
        "last": last,
    }

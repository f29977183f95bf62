"""The PHQ-9 chart: geometry for a server-rendered SVG."""

from datetime import datetime
from typing import Any

from screening.criteria.scales import (
    PHQ9_BANDS,
    PHQ9_MAX_TOTAL,
    PHQ9_REMISSION_BELOW,
    PHQ9_RESPONSE_DROP,
    phq9_remitted,
    phq9_responded,
    phq9_response_threshold,
)

# --- The PHQ-9 chart: geometry for a server-rendered SVG --------------------------------------

CHART_WIDTH, CHART_HEIGHT = 560, 220
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 44, 16, 12, 36
PHQ9_MAX = PHQ9_MAX_TOTAL
# A line at the lower bound of each PHQ-9 band above "minimal", from the one place the bands are
# named (screening/criteria/scales.py).
PHQ9_BAND_LINES = tuple((low, str(low)) for low, _ in sorted(PHQ9_BANDS) if low > 0)


def phq9_chart(points: list[tuple[datetime, int]]) -> dict[str, Any] | None:
    """Coordinates for a line of PHQ-9 totals over time (x by date, y from 0 to the maximum),
    or None if empty. Two outcome lines from screening/criteria/scales.py: response (a drop of
    PHQ9_RESPONSE_DROP from the first total) and remission (below PHQ9_REMISSION_BELOW). One
    point is drawn in the middle with its one date under it, not as a range from a day to itself.
    """
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

    def y_of(total: float) -> float:
        return CHART_TOP + plot_height * (PHQ9_MAX - min(max(total, 0), PHQ9_MAX)) / PHQ9_MAX

    dots = [
        {"x": round(x_of(at), 1), "y": round(y_of(total), 1), "total": total, "at": at}
        for at, total in points
    ]
    baseline = points[0][1]
    response_at = phq9_response_threshold(baseline)
    outcome_lines = [
        {
            "kind": "remission",
            "y": round(y_of(PHQ9_REMISSION_BELOW), 1),
            "label": f"Remission: under {PHQ9_REMISSION_BELOW}",
        }
    ]
    if baseline > 0 and response_at >= PHQ9_REMISSION_BELOW:
        # Below the remission line a response line would only crowd it.
        drop = round(PHQ9_RESPONSE_DROP * 100)
        outcome_lines.insert(
            0,
            {
                "kind": "response",
                "y": round(y_of(response_at), 1),  # type: ignore[arg-type]
                "label": f"Response: {drop} % below the first score ({response_at:g} or less)",
            },
        )
    for line in outcome_lines:
        line["label_y"] = round(float(line["y"]) - 4, 1)
    return {
        "single": len(points) == 1 or span <= 0,
        "outcome_lines": outcome_lines,
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


def phq9_outcome(baseline: int | None, total: int | None) -> str:
    """A later PHQ-9 against the first one, in words: remission, response, or neither."""
    if baseline is None or total is None:
        return "—"
    if phq9_remitted(total):
        return "Remission"
    if phq9_responded(baseline, total):
        return "Response"
    return "Neither response nor remission"

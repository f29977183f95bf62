"""The outcomes CSV (issue 18 item 7): the page's figures, one per line, suppressed alike."""

from collections.abc import Iterator

from screening.intake import funnel
from screening.staff.presenters.outcomes import (
    checkin_month,
    first_contact_month,
    funnel_month,
    funnel_stages,
    phq9_month,
    verdict_codes,
    verdict_month,
)
from screening.staff.selectors.outcomes import Outcomes

CSV_HEADER = ("measure", "month", "figure", "value")


def csv_rows(data: Outcomes) -> Iterator[tuple[str, str, str, str]]:
    """The page's figures, one per line, with the same suppression as the page."""
    stage_keys = [key for key, _ in funnel_stages(data.funnel_steps)]
    codes = verdict_codes(data)
    for month in data.months:
        iso = month.strftime("%Y-%m")
        for key, stage in zip(
            stage_keys, funnel_month(data.funnel.get(month, {}), data.funnel_steps), strict=True
        ):
            yield "funnel", iso, f"{key} saved", stage["saved"].csv
            if key != funnel.STARTED:
                yield "funnel", iso, f"{key} drop-off", stage["drop"].csv
        contact = first_contact_month(data.first_contact.get(month))
        for name in ("submitted", "contacted", "median", "p90"):
            figure = name if name in ("submitted", "contacted") else f"{name} hours"
            yield "first_contact", iso, figure, contact[name].csv
        verdicts = verdict_month(data.verdicts.get(month, {}), codes)
        for name in ("total", *codes):
            yield "verdict", iso, name, verdicts[name].csv
        checkins = checkin_month(data.checkins.get(month))
        for name in ("sent", "answered", "rate"):
            yield "checkin", iso, "answered %" if name == "rate" else name, checkins[name].csv
        phq9 = phq9_month(data.phq9.get(month))
        for name in ("with_checkin", "with_baseline", "responded", "response_rate", "remitted",
                     "remission_rate"):  # fmt: skip
            figure = name.replace("_rate", " %") if name.endswith("_rate") else name
            yield "phq9", iso, figure, phq9[name].csv

"""The medicines in words: one line each for the list page and the review (issue 16 items 2, 8)."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from screening import criteria
from screening.intake import durations
from screening.intake.facts import UNSURE
from screening.intake.medicine_outcome_forms import IMPROVEMENT_WORDS, NOTHING
from screening.intake.strengths import recognised_name


def dose_in_words(dose: Any) -> str:
    if dose in (None, ""):
        return _("dose not known")
    return _("%(dose)s mg a day") % {"dose": f"{Decimal(str(dose)).normalize():f}"}


def boost_in_words(augmented_with: str) -> str:
    if augmented_with in ("", NOTHING):
        return ""
    if augmented_with == UNSURE:
        return _("not sure whether anything boosted it")
    agent = criteria.augmenter_named(augmented_with)
    name = agent.generic if agent else augmented_with
    return _("boosted with %(name)s") % {"name": name}


def trial_line(trial: dict[str, Any]) -> str:
    """ "100 mg a day · 10 weeks in all, 8 weeks at that dose · A little better"."""
    total = durations.in_words(trial.get("total_weeks"), trial.get("total_weeks_band") or "")
    highest = durations.in_words(trial.get("weeks"), trial.get("weeks_band") or "")
    if trial.get("total_weeks") is None and not trial.get("total_weeks_band"):
        how_long = _("%(highest)s at that dose") % {"highest": highest}
    else:
        how_long = _("%(total)s in all, %(highest)s at that dose") % {
            "total": total,
            "highest": highest,
        }
    helped = IMPROVEMENT_WORDS.get(trial.get("improvement") or "")
    parts = [
        dose_in_words(trial.get("dose_mg")),
        how_long,
        str(helped) if helped else _("not sure how much it helped"),
    ]
    boost = boost_in_words(trial.get("augmented_with") or "")
    if boost:
        parts.append(boost)
    return " · ".join(parts)


def trial_rows(trials: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "number": number,
            "name": recognised_name(trial["medication"]),
            "recognised": criteria.lookup(trial["medication"]) is not None,
            "line": trial_line(trial),
        }
        for number, trial in enumerate(trials, start=1)
    ]

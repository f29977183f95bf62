"""The clinician's forms for verifying a history (issue 17): one trial at a time, and the
diagnosis, psychotherapy and clinician-rated scales. Ranges are the engine's (criteria/checks.py),
so a value the form accepts is one the engine accepts."""

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from screening import criteria
from screening.criteria.checks import DOSE_MG_MAX, HAMD17_MAX, MADRS_MAX, WEEKS_MAX
from screening.models import TrialSource
from screening.staff.forms import DateInput, StaffForm

REASON_MAX = 500
NEW_TRIAL = "new"
UNKNOWN = ""
TRI_STATE = [(UNKNOWN, "Not known"), ("yes", "Yes"), ("no", "No")]
EPISODE_CHOICES = [(UNKNOWN, "Not known"), ("yes", "Yes, this episode"), ("no", "Not this episode")]
PSYCHOTHERAPY_LABELS = {
    "cbt": "Cognitive behavioural therapy (CBT)",
    "ipt": "Interpersonal therapy (IPT)",
    "behavioral_activation": "Behavioural activation",
    "psychodynamic": "Psychodynamic therapy",
    "other": "Another evidence-based psychotherapy",
}


def tri_state(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def from_tri_state(value: bool | None) -> str:
    return UNKNOWN if value is None else "yes" if value else "no"


def _reason() -> forms.CharField:
    return forms.CharField(
        label="Why (what you checked, e.g. “pharmacy fill history 2025”)",
        max_length=REASON_MAX,
        widget=forms.TextInput(),
    )


class TrialVerifyForm(StaffForm):
    """One trial as the clinician confirms it: a correction of a listed trial, or a new one."""

    trial = forms.CharField(widget=forms.HiddenInput(), max_length=4)
    medication = forms.CharField(label="Medicine", max_length=200)
    dose_mg = forms.DecimalField(
        label="Highest daily dose (mg)",
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(DOSE_MG_MAX),
        max_digits=7,
        decimal_places=2,
    )
    total_weeks = forms.IntegerField(
        label="Weeks on it in total", required=False, min_value=0, max_value=WEEKS_MAX
    )
    weeks = forms.IntegerField(
        label="Weeks at that dose", required=False, min_value=0, max_value=WEEKS_MAX
    )
    adherence = forms.ChoiceField(
        label="Adherence",
        required=False,
        choices=[(UNKNOWN, "Not known"), *criteria.ADHERENCE_LABELS.items()],
    )
    improvement = forms.ChoiceField(
        label="Improvement",
        required=False,
        choices=[(UNKNOWN, "Not known"), *criteria.IMPROVEMENT_LABELS.items()],
    )
    stopped_for_side_effects = forms.ChoiceField(
        label="Stopped for side effects", required=False, choices=TRI_STATE
    )
    current_episode = forms.ChoiceField(
        label="In the current episode", required=False, choices=EPISODE_CHOICES
    )
    augmented_with = forms.CharField(
        label="Augmented with (medicine added to it)", required=False, max_length=200
    )
    source = forms.ChoiceField(label="Source", choices=TrialSource.choices)
    reason = _reason()

    def __init__(self, *args: Any, positions: tuple[int, ...] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.positions = positions

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        trial = cleaned.get("trial")
        if (
            trial is not None
            and trial != NEW_TRIAL
            and not (trial.isdigit() and int(trial) in self.positions)
        ):
            # A hidden field: the message goes above the form, not beside an invisible input.
            self.add_error(None, "This trial is not in the history any more: reload the page.")
        weeks, total = cleaned.get("weeks"), cleaned.get("total_weeks")
        if weeks is not None and total is not None and total < weeks:
            self.add_error(
                "total_weeks",
                "Weeks in total include the weeks at the highest dose: at least those.",
            )
        return cleaned

    def values(self) -> dict[str, Any]:
        """The trial's fields as the models store them."""
        data = self.cleaned_data
        return {
            "medication": data["medication"].strip(),
            "dose_mg": data["dose_mg"],
            "total_weeks": data["total_weeks"],
            "weeks": data["weeks"],
            "adherence": data["adherence"],
            "improvement": data["improvement"],
            "stopped_for_side_effects": tri_state(data["stopped_for_side_effects"]),
            "current_episode": tri_state(data["current_episode"]),
            "augmented_with": data["augmented_with"].strip(),
            "source": data["source"],
        }


class ClinicalVerifyForm(StaffForm):
    """What only a clinician has: the diagnosis, psychotherapy confirmed, MADRS and HAM-D-17."""

    diagnosis = forms.CharField(
        label="Diagnosis of this episode (e.g. F33.2 Major depressive disorder, recurrent, severe)",
        required=False,
        max_length=200,
    )
    psychotherapy_kind = forms.ChoiceField(
        label="Psychotherapy",
        required=False,
        choices=[(UNKNOWN, "None documented"), *PSYCHOTHERAPY_LABELS.items()],
    )
    psychotherapy_weeks = forms.IntegerField(
        label="Weeks of psychotherapy", required=False, min_value=0, max_value=WEEKS_MAX
    )
    psychotherapy_current_episode = forms.ChoiceField(
        label="Psychotherapy in the current episode", required=False, choices=EPISODE_CHOICES
    )
    madrs = forms.IntegerField(
        label=f"MADRS total (0 to {MADRS_MAX})", required=False, min_value=0, max_value=MADRS_MAX
    )
    madrs_rated_on = forms.DateField(label="MADRS rated on", required=False, widget=DateInput())
    hamd17 = forms.IntegerField(
        label=f"HAM-D-17 total (0 to {HAMD17_MAX})",
        required=False,
        min_value=0,
        max_value=HAMD17_MAX,
    )
    hamd17_rated_on = forms.DateField(label="HAM-D-17 rated on", required=False, widget=DateInput())
    reason = _reason()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        for scale, name in (("madrs", "MADRS"), ("hamd17", "HAM-D-17")):
            score, rated = cleaned.get(scale), cleaned.get(f"{scale}_rated_on")
            if score is not None and rated is None and f"{scale}_rated_on" not in self.errors:
                self.add_error(f"{scale}_rated_on", f"Give the date the {name} was rated.")
            if rated is not None and score is None and scale not in self.errors:
                self.add_error(scale, f"Give the {name} total, or clear its date.")
            if isinstance(rated, date) and rated > today:
                self.add_error(f"{scale}_rated_on", "The rating date cannot be in the future.")
        return cleaned

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "diagnosis": data["diagnosis"].strip(),
            "psychotherapy_kind": data["psychotherapy_kind"],
            "psychotherapy_weeks": data["psychotherapy_weeks"],
            "psychotherapy_current_episode": tri_state(data["psychotherapy_current_episode"]),
            "madrs": data["madrs"],
            "madrs_rated_on": data["madrs_rated_on"],
            "hamd17": data["hamd17"],
            "hamd17_rated_on": data["hamd17_rated_on"],
        }

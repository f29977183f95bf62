"""The antidepressants tried, one medicine at a time, on three short pages (issue 16 item 2).

1. the name (with "did you mean" for a near miss, which the person confirms);
2. the dose and how long (text a person types as they think of it, or a quick choice);
3. how it went (medicine_outcome_forms.py).

Pages 1 and 2 are kept on the draft as the medicine in progress; page 3 saves the whole medicine,
so pressing Enter early never stores half a medicine.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from screening import criteria
from screening.intake import durations
from screening.intake.fields import WholeCharField
from screening.intake.strengths import common_doses

MAX_TRIALS = 20
MAX_DOSE_MG = Decimal("2000")  # above any antidepressant's daily dose; catches typos like 20000
DOSE_UNKNOWN = "unknown"
KEEP_AS_TYPED = "as-typed"

_DOSE = re.compile(
    r"^\s*(?P<number>\d{1,5}(?:[.,]\d{1,2})?)\s*(?:mg|mgs|milligrams?)?\.?"
    r"\s*(?:a day|/day|daily)?\s*$",
    re.IGNORECASE,
)


def dose_from_text(text: str) -> Decimal:
    """ "100", "100 mg", "37.5mg", "37,5" as milligrams; ValueError for anything else."""
    match = _DOSE.match(text)
    if match is None:
        raise ValueError(text)
    try:
        return Decimal(match["number"].replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        raise ValueError(text) from None


def _mg(dose: Decimal) -> str:
    return f"{dose.normalize():f}"


class MedicineNameForm(forms.Form):
    medication = WholeCharField(
        label=_("Name of the medicine"),
        help_text=_("The brand or the generic name, as you remember it."),
        max_length=criteria.facts.MEDICATION_TEXT_MAX,
        widget=forms.TextInput(
            attrs={"list": "medication-names", "autocomplete": "off", "spellcheck": "false"}
        ),
        error_messages={
            "required": _("Enter the name of the medicine"),
            "max_length": _("Enter the name in %(limit_value)d characters or fewer"),
        },
    )
    meant = forms.ChoiceField(
        label=_("Did you mean one of these?"), widget=forms.RadioSelect, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.suggestions: list[str] = []
        # A near miss: the page asks "did you mean" before anything is kept (not an error).
        self.needs_confirmation = False
        self._offer(self.data.get("offered", "") if self.is_bound else "")

    def _offer(self, typed: str) -> None:
        self.suggestions = criteria.suggest(typed) if typed else []
        field = self.fields["meant"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            *((name, name) for name in self.suggestions),
            (KEEP_AS_TYPED, _("None of these: keep “%(typed)s”") % {"typed": typed}),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        typed = (cleaned.get("medication") or "").strip()
        if not typed:
            return cleaned
        offered = self.data.get("offered", "")
        meant = cleaned.get("meant")
        if offered == typed and meant and meant != KEEP_AS_TYPED:
            cleaned["medication"] = meant  # the person chose the catalogue's spelling
            return cleaned
        if offered == typed and meant == KEEP_AS_TYPED:
            cleaned["medication"] = typed
            return cleaned
        if criteria.suggest(typed):
            # A near miss: offer the catalogue's names and let the person confirm one.
            self._offer(typed)
            data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict when bound
            data["offered"] = typed
            self.data = data
            self.needs_confirmation = True
        cleaned["medication"] = typed
        return cleaned


def _dose_choices(medication: str) -> list[tuple[str, Any]]:
    return [
        *((_mg(dose), _("%(dose)s mg") % {"dose": _mg(dose)}) for dose in common_doses(medication)),
        (DOSE_UNKNOWN, _("I don't know the dose")),
    ]


def _duration_text_field(label: Any, help_text: Any) -> WholeCharField:
    return WholeCharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"max_length": _("Enter a number of weeks or months, like 10 weeks")},
    )


class MedicineDoseForm(forms.Form):
    """The highest daily dose, and how long: in all, and at that dose."""

    dose = WholeCharField(
        label=_("Highest daily dose"),
        help_text=_("In milligrams (mg), for example 100 or 100 mg. Or choose below."),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"max_length": _("Enter the dose as a number of milligrams, like 100")},
    )
    dose_choice = forms.ChoiceField(
        label=_("Or choose a dose"), widget=forms.RadioSelect, required=False
    )
    total_weeks = _duration_text_field(
        _("How long did you take it in all?"),
        _("Weeks or months, like 10 weeks or 3 months. Or choose a rough answer."),
    )
    total_band = forms.ChoiceField(
        label=_("Or about how long in all"),
        choices=durations.BAND_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    weeks = _duration_text_field(
        _("How long at the highest dose?"), _("Weeks or months. Or choose below.")
    )
    weeks_band = forms.ChoiceField(
        label=_("Or about how long at the highest dose"),
        choices=[(durations.SAME_AS_TOTAL, _("All of that time")), *durations.BAND_CHOICES],
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args: Any, medication: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["dose_choice"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _dose_choices(medication)

    def clean_dose(self) -> Decimal | None:
        text = self.cleaned_data["dose"].strip()
        if not text:
            return None
        try:
            dose = dose_from_text(text)
        except ValueError:
            raise ValidationError(
                _("Enter the dose as a number of milligrams, like 100 or 100 mg")
            ) from None
        if dose <= 0:
            raise ValidationError(_("Enter a dose above 0 mg"))
        if dose > MAX_DOSE_MG:
            raise ValidationError(
                _("That is more than %(max)s mg a day. Check the number") % {"max": MAX_DOSE_MG}
            )
        return dose

    def _weeks(self, name: str) -> int | None:
        text = self.cleaned_data[name].strip()
        if not text:
            return None
        try:
            return durations.weeks_from_text(text)
        except durations.NotADuration:
            raise ValidationError(
                _("Enter a number of weeks or months, like 10 weeks or 3 months")
            ) from None

    def clean_total_weeks(self) -> int | None:
        return self._weeks("total_weeks")

    def clean_weeks(self) -> int | None:
        return self._weeks("weeks")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._one_dose(cleaned)
        total = self._one_duration(cleaned, "total_weeks", "total_band", None)
        if total is not None:
            highest = self._one_duration(cleaned, "weeks", "weeks_band", total)
            if (
                highest is not None
                and highest[0] is not None
                and total[0] is not None
                and highest[0] > total[0]
            ):
                self.add_error(
                    "weeks",
                    _("The time at the highest dose cannot be longer than the time in all"),
                )
        return cleaned

    def _one_dose(self, cleaned: dict[str, Any]) -> None:
        if self.has_error("dose"):
            return
        typed, chosen = cleaned.get("dose"), cleaned.get("dose_choice")
        if typed is None and not chosen:
            self.add_error("dose", _("Enter the dose, choose one, or choose “I don't know”"))
        elif typed is not None and chosen and (chosen == DOSE_UNKNOWN or Decimal(chosen) != typed):
            self.add_error("dose", _("You typed a dose and chose another. Keep only one"))
        elif typed is None:
            cleaned["dose"] = None if chosen == DOSE_UNKNOWN else Decimal(str(chosen))

    def _one_duration(
        self,
        cleaned: dict[str, Any],
        text_name: str,
        band_name: str,
        total: tuple[int | None, str] | None,
    ) -> tuple[int | None, str] | None:
        """(weeks the engine is told, the band chosen or "") or None after an error."""
        if self.has_error(text_name):
            return None
        typed, band = cleaned.get(text_name), cleaned.get(band_name) or ""
        if typed is None and not band:
            self.add_error(text_name, _("Enter how long, or choose a rough answer"))
            return None
        if typed is not None and band:
            self.add_error(text_name, _("You typed a time and chose a rough answer. Keep only one"))
            return None
        if band == durations.SAME_AS_TOTAL and total is not None:
            cleaned[text_name], cleaned[band_name] = total
            return total
        if typed is None:
            cleaned[text_name] = durations.BY_CODE[band].lower_weeks
        return cleaned[text_name], band

    def in_progress(self) -> dict[str, Any]:
        """Pages 1-2 as kept on the draft until the medicine is saved (JSON: the dose as text)."""
        data = self.cleaned_data
        return {
            "dose_mg": None if data["dose"] is None else _mg(data["dose"]),
            "total_weeks": data["total_weeks"],
            "total_weeks_band": data["total_band"],
            "weeks": data["weeks"],
            "weeks_band": data["weeks_band"],
        }

    @staticmethod
    def initial_from(trial: dict[str, Any], medication: str) -> dict[str, Any]:
        if "weeks" not in trial:
            return {}
        dose = trial.get("dose_mg")
        offered = {code for code, _label in _dose_choices(medication)}
        initial: dict[str, Any] = {}
        if dose is None:
            initial["dose_choice"] = DOSE_UNKNOWN
        elif _mg(Decimal(str(dose))) in offered:
            initial["dose_choice"] = _mg(Decimal(str(dose)))
        else:
            initial["dose"] = _mg(Decimal(str(dose)))
        for text_name, band_name, stored_band in (
            ("total_weeks", "total_band", "total_weeks_band"),
            ("weeks", "weeks_band", "weeks_band"),
        ):
            if trial.get(stored_band):
                initial[band_name] = trial[stored_band]
            elif trial.get(text_name) is not None:
                initial[text_name] = str(trial[text_name])
        return initial

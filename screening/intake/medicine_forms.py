"""The antidepressants tried: one form per medicine, and the formset that holds up to 20."""

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from screening import criteria
from screening.intake.facts import NO, UNSURE, YES
from screening.intake.forms import UNKNOWN, YES_NO, YES_NO_UNSURE, count_field

MAX_TRIALS = 20
MAX_DOSE_MG = Decimal("2000")  # above any antidepressant's daily dose; catches typos like 20000
MAX_WEEKS = 1040  # 20 years


class TrialForm(forms.Form):
    """One antidepressant tried. A row left completely empty is ignored."""

    medication = forms.CharField(
        label="Medicine name",
        max_length=criteria.facts.MEDICATION_TEXT_MAX,
        required=False,
        help_text="The brand or the generic name, as you remember it.",
        widget=forms.TextInput(attrs={"list": "medication-names", "autocomplete": "off"}),
    )
    dose_mg = forms.DecimalField(
        label="Highest daily dose (mg)",
        required=False,
        min_value=Decimal("0.1"),
        max_value=MAX_DOSE_MG,
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
        error_messages={
            "invalid": "Please enter the dose as a number of milligrams, like 100.",
            "min_value": "Please enter a dose above 0.",
            "max_value": f"That is more than {MAX_DOSE_MG} mg a day. Please check the number.",
        },
    )
    dose_unknown = forms.BooleanField(label="I don't know the dose", required=False)
    weeks = count_field("Weeks at that dose", MAX_WEEKS)
    weeks_unknown = forms.BooleanField(label="I don't know how long", required=False)
    adherence = forms.ChoiceField(
        label="How regularly did you take it?",
        choices=[*criteria.ADHERENCE_LABELS.items(), (UNKNOWN, "I don't remember")],
        widget=forms.RadioSelect,
        required=False,
    )
    improvement = forms.ChoiceField(
        label="How much did it help?",
        # The engine's labels state its 25 % boundary (issue 15, defect 4); translated here.
        choices=[
            *((word, gettext_lazy(label)) for word, label in criteria.IMPROVEMENT_LABELS.items()),
            (UNKNOWN, "I don't know"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    stopped_for_side_effects = forms.ChoiceField(
        label="Did you stop it because of side effects?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    current_episode = forms.ChoiceField(
        label="Did you take it during this episode of depression?",
        choices=YES_NO_UNSURE,
        widget=forms.RadioSelect,
        required=False,
    )
    augmented_with = forms.CharField(
        label="Anything taken with it to boost it (optional)",
        help_text="For example aripiprazole (Abilify), lithium or thyroid hormone.",
        max_length=criteria.facts.MEDICATION_TEXT_MAX,
        required=False,
    )

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) not in (None, "", False) for name in self.fields)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.is_blank():
            return cleaned
        if not (cleaned.get("medication") or "").strip() and not self.has_error("medication"):
            self.add_error("medication", "Please enter the medicine's name, or remove this row.")
        self._known_or_unknown(cleaned, "dose_mg", "dose_unknown", "dose")
        self._known_or_unknown(cleaned, "weeks", "weeks_unknown", "number of weeks")
        for name, what in (
            ("adherence", "how regularly you took it"),
            ("improvement", "how much it helped"),
            ("current_episode", "whether it was during this episode"),
        ):
            if not cleaned.get(name) and not self.has_error(name):
                self.add_error(name, f'Please choose {what} (or the "don\'t know" answer).')
        return cleaned

    def _known_or_unknown(
        self, cleaned: dict[str, Any], value_name: str, unknown_name: str, what: str
    ) -> None:
        if self.has_error(value_name):
            return
        value, unknown = cleaned.get(value_name), cleaned.get(unknown_name)
        if value is not None and unknown:
            self.add_error(value_name, f'Please either enter the {what} or tick "I don\'t know".')
        elif value is None and not unknown:
            self.add_error(value_name, f'Please enter the {what}, or tick "I don\'t know".')

    def trial(self) -> dict[str, object]:
        """The row as the services store it (None/blank = unknown)."""
        data = self.cleaned_data
        return {
            "medication": data["medication"].strip(),
            "dose_mg": None if data.get("dose_unknown") else data["dose_mg"],
            "weeks": None if data.get("weeks_unknown") else data["weeks"],
            "adherence": "" if data["adherence"] == UNKNOWN else data["adherence"],
            "improvement": "" if data["improvement"] == UNKNOWN else data["improvement"],
            "stopped_for_side_effects": {YES: True, NO: False}.get(
                data.get("stopped_for_side_effects") or ""
            ),
            "current_episode": {YES: True, NO: False}.get(data["current_episode"]),
            "augmented_with": data.get("augmented_with", "").strip(),
        }

    @staticmethod
    def initial_from(trial: dict[str, object]) -> dict[str, object]:
        def word(value: object) -> str:
            if value is True:
                return YES
            return NO if value is False else UNSURE

        return {
            "medication": trial["medication"],
            "dose_mg": trial["dose_mg"],
            "dose_unknown": trial["dose_mg"] is None,
            "weeks": trial["weeks"],
            "weeks_unknown": trial["weeks"] is None,
            "adherence": trial["adherence"] or UNKNOWN,
            "improvement": trial["improvement"] or UNKNOWN,
            "stopped_for_side_effects": (
                ""
                if trial["stopped_for_side_effects"] is None
                else word(trial["stopped_for_side_effects"])
            ),
            "current_episode": word(trial["current_episode"]),
            "augmented_with": trial["augmented_with"],
        }


if TYPE_CHECKING:  # Django's classes are generic only in django-stubs, not at run time.
    _FormSet = forms.BaseFormSet[TrialForm]
else:
    _FormSet = forms.BaseFormSet


class BaseTrialFormSet(_FormSet):
    def trials(self) -> list[dict[str, object]]:
        # Django documents `deleted_forms` only after validation; this formset is validated.
        deleted = set(map(id, self.deleted_forms))
        return [
            form.trial() for form in self.forms if not form.is_blank() and id(form) not in deleted
        ]


# formset_factory builds a subclass of BaseTrialFormSet; its stubs only promise a BaseFormSet.
TrialFormSet = cast(
    type[BaseTrialFormSet],
    forms.formset_factory(
        TrialForm,
        formset=BaseTrialFormSet,
        extra=0,
        can_delete=True,
        max_num=MAX_TRIALS,
        validate_max=True,
        absolute_max=MAX_TRIALS,
    ),
)

"""PHQ-9 and GAD-7 as the patient sees them, in the page's language (issue 19).

Every name below is lazy: it becomes the publisher's wording in the active language when a
page renders (screening.intake.scale_texts; English, the original, in screening.intake.
scales_english). The names and shapes are the ones the intake and the check-in always used.
"""

from functools import partial
from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy

from screening.intake import scale_texts
from screening.intake import scales_english as english
from screening.pages.languages import patient_language


def _text(scale: str, part: str, index: int | None = None) -> str:
    value = getattr(scale_texts.questionnaire(scale, patient_language()), part)
    return str(value if index is None else value[index])


def _lazy(scale: str, part: str, index: int | None = None) -> Any:
    return lazy(partial(_text, scale, part, index), str)()


STEM = _lazy("phq9", "stem")
GAD7_STEM = _lazy("gad7", "stem")

ANSWER_CHOICES = [(score, _lazy("phq9", "answers", score)) for score in range(4)]

PHQ9_ITEMS = tuple(_lazy("phq9", "items", n) for n in range(len(english.PHQ9_ITEMS)))

PHQ9_FUNCTIONAL_QUESTION = _lazy("phq9", "functional_question")
PHQ9_FUNCTIONAL_CHOICES = [
    (code, _lazy("phq9", "functional_choices", n))
    for n, code in enumerate(english.PHQ9_FUNCTIONAL_CODES)
]

GAD7_ITEMS = tuple(_lazy("gad7", "items", n) for n in range(len(english.GAD7_ITEMS)))
GAD7_ANSWER_CHOICES = [(score, _lazy("gad7", "answers", score)) for score in range(4)]

PHQ9_ATTRIBUTION = _lazy("phq9", "attribution")
GAD7_ATTRIBUTION = _lazy("gad7", "attribution")

# The suicidal-ideation item: any answer above "Not at all" shows crisis help at once.
PHQ9_ITEM9_INDEX = 8


class ScaleForm(forms.Form):
    """Every item required: a PHQ-9 or GAD-7 with a gap has no valid total."""

    items: tuple[str, ...] = ()
    choices: list[tuple[int, Any]] = ANSWER_CHOICES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, text in enumerate(self.items, start=1):
            self.fields[f"item{number}"] = forms.TypedChoiceField(
                label=f"{number}. {text}",
                choices=self.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext_lazy("Please choose an answer for this question.")
                },
            )

    def answers(self) -> list[int]:
        return [int(self.cleaned_data[f"item{n}"]) for n in range(1, len(self.items) + 1)]

    @classmethod
    def initial_from(cls, answers: list[int] | None) -> dict[str, int]:
        return {f"item{n}": a for n, a in enumerate(answers or [], start=1) if a is not None}


class Phq9Form(ScaleForm):
    items = PHQ9_ITEMS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["functional_difficulty"] = forms.ChoiceField(
            label=PHQ9_FUNCTIONAL_QUESTION,
            choices=PHQ9_FUNCTIONAL_CHOICES,
            widget=forms.RadioSelect,
            required=False,
        )


class Gad7Form(ScaleForm):
    items = GAD7_ITEMS
    choices = GAD7_ANSWER_CHOICES

"""PHQ-9 and GAD-7 wording, exactly as published (clinical-reference.md §4).

PHQ-9: Kroenke, Spitzer & Williams 2001; GAD-7: Spitzer et al. 2006. Both are free to reproduce
("No permission is required to reproduce, translate, display or distribute"); the attribution
line below must be shown with them.
"""

from typing import Any

from django import forms

STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"

ANSWER_CHOICES = [
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
]

PHQ9_ITEMS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)

PHQ9_FUNCTIONAL_QUESTION = (
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)
PHQ9_FUNCTIONAL_CHOICES = [
    ("not_difficult", "Not difficult at all"),
    ("somewhat", "Somewhat difficult"),
    ("very", "Very difficult"),
    ("extremely", "Extremely difficult"),
]

GAD7_ITEMS = (
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid, as if something awful might happen",
)

PHQ9_ATTRIBUTION = (
    "PHQ-9 developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and "
    "colleagues. No permission is required to reproduce, translate, display or distribute."
)
GAD7_ATTRIBUTION = (
    "GAD-7 developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and "
    "colleagues. No permission is required to reproduce, translate, display or distribute."
)

# The suicidal-ideation item: any answer above "Not at all" shows crisis help at once.
PHQ9_ITEM9_INDEX = 8


class ScaleForm(forms.Form):
    """Every item required: a PHQ-9 or GAD-7 with a gap has no valid total."""

    items: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, text in enumerate(self.items, start=1):
            self.fields[f"item{number}"] = forms.TypedChoiceField(
                label=f"{number}. {text}",
                choices=ANSWER_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Please choose an answer for this question."},
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

"""Page 3 of a medicine, "how it went" (issue 16 item 2): how much it helped in the person's words
first, the engine's percentages only as a hint; how regularly; this episode; side effects; and
what, if anything, boosted it, chosen from the catalogue's augmenters.
"""

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from screening import criteria
from screening.intake.facts import NO, NOTHING_ADDED, UNSURE, YES

UNKNOWN = "unknown"
NOTHING = NOTHING_ADDED  # "Boosted with": nothing was added


# Improvement in the person's words first; the percentages, from the engine's one boundary, as
# a hint (issue 16 item 2; vocabulary.NON_RESPONSE_MAX_PERCENT and RESPONSE_MIN_PERCENT).
IMPROVEMENT_WORDS = {
    "none": _("No real change"),
    "partial": _("A little better"),
    "response": _("Much better, but not myself"),
    "remission": _("Back to my usual self"),
}
# The engine's adherence words (criteria.ADHERENCE_LABELS, pure Python), each marked here so the
# patient reads them in the page's language; a test keeps the two word for word.
ADHERENCE_WORDS = {
    "all": _("Every dose or nearly every dose"),
    "most": _("Most doses (at least 8 in 10)"),
    "some": _("Some doses (fewer than 8 in 10)"),
    "rarely": _("Rarely"),
}
YES_NO_UNSURE = [(YES, _("Yes")), (NO, _("No")), (UNSURE, _("I'm not sure"))]
YES_NO = [(YES, _("Yes")), (NO, _("No"))]


BOOSTED = "yes"


def augmenter_choices() -> list[tuple[str, Any]]:
    return [
        ("", _("Choose the medicine")),
        *(
            (
                agent.generic,
                f"{agent.brands[0]} ({agent.generic})" if agent.brands else agent.generic,
            )
            for agent in criteria.AUGMENTERS
        ),
    ]


def _radio(label: Any, choices: Any, message: Any, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message},
        **kwargs,
    )


class MedicineOutcomeForm(forms.Form):
    improvement = _radio(
        _("How much did it help?"),
        [*IMPROVEMENT_WORDS.items(), (UNKNOWN, _("I'm not sure"))],
        _("Choose how much it helped, or “I'm not sure”"),
        help_text=format_lazy(
            _(
                "“No real change” is {none} % better or less; “a little better” is less than "
                "{response} % better; “much better” is {response} % better or more."
            ),
            none=criteria.NON_RESPONSE_MAX_PERCENT,
            response=criteria.RESPONSE_MIN_PERCENT,
        ),
    )
    adherence = _radio(
        _("How regularly did you take it?"),
        [
            *((word, ADHERENCE_WORDS[word]) for word in criteria.ADHERENCE_LABELS),
            (UNKNOWN, _("I don't remember")),
        ],
        _("Choose how regularly you took it, or “I don't remember”"),
    )
    current_episode = _radio(
        _("Did you take it during this episode of depression?"),
        YES_NO_UNSURE,
        _("Choose Yes, No or “I'm not sure”"),
    )
    stopped_for_side_effects = _radio(
        _("Did you stop it because of side effects? (optional)"), YES_NO, "", required=False
    )
    # "Nothing" is one tap; a boost names the catalogue's augmenter (issue 16 item 2).
    boosted = _radio(
        _("Was anything taken with it to boost it?"),
        [(NOTHING, _("Nothing")), (BOOSTED, _("Yes")), (UNSURE, _("I'm not sure"))],
        _("Choose Nothing, Yes or “I'm not sure”"),
        help_text=_("For example Abilify or lithium, added to the antidepressant."),
    )
    augmented_with = forms.ChoiceField(
        label=_("If yes, which medicine?"), choices=augmenter_choices, required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        boosted, agent = cleaned.get("boosted"), cleaned.get("augmented_with")
        if boosted == BOOSTED and not agent:
            self.add_error("augmented_with", _("Choose the medicine that boosted it"))
        elif agent and boosted in (NOTHING, UNSURE):
            self.add_error(
                "augmented_with",
                _("You chose a medicine and “%(answer)s”. Keep only one")
                % {"answer": _("Nothing") if boosted == NOTHING else _("I'm not sure")},
            )
        return cleaned

    def outcome(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "adherence": "" if data["adherence"] == UNKNOWN else data["adherence"],
            "improvement": "" if data["improvement"] == UNKNOWN else data["improvement"],
            "current_episode": {YES: True, NO: False}.get(data["current_episode"]),
            "stopped_for_side_effects": {YES: True, NO: False}.get(
                data.get("stopped_for_side_effects") or ""
            ),
            "augmented_with": data["augmented_with"]
            if data["boosted"] == BOOSTED
            else data["boosted"],
        }

    @staticmethod
    def initial_from(trial: dict[str, Any]) -> dict[str, Any]:
        if "adherence" not in trial:
            return {}

        def word(value: object) -> str:
            return YES if value is True else NO if value is False else UNSURE

        stopped = trial.get("stopped_for_side_effects")
        return {
            "adherence": trial["adherence"] or UNKNOWN,
            "improvement": trial["improvement"] or UNKNOWN,
            "current_episode": word(trial["current_episode"]),
            "stopped_for_side_effects": "" if stopped is None else word(stopped),
            **_boost_initial(str(trial.get("augmented_with") or "")),
        }


def _boost_initial(stored: str) -> dict[str, str]:
    if stored in (NOTHING, UNSURE):
        return {"boosted": stored, "augmented_with": ""}
    if not stored:
        return {}
    return {"boosted": BOOSTED, "augmented_with": stored}

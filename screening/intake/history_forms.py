"""The history steps: this episode (with bipolar disorder and psychotic features, this episode
and ever, kept apart) and the other treatments (psychotherapy as the engine v2 reads it: kind,
about how long, this episode). Issue 16 item 3."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from screening.intake import durations
from screening.intake.facts import NO, NONE_OF_THESE, UNSURE, YES
from screening.intake.fields import WholeCharField
from screening.intake.forms import (
    MAX_EPISODE_MONTHS,
    OLDEST_PLAUSIBLE_AGE,
    YES_NO_UNSURE_WORDS,
    YES_NO_WORDS,
    count_field,
)


class EpisodeForm(forms.Form):
    months = count_field(
        _("About how many months has this episode of depression lasted?"),
        MAX_EPISODE_MONTHS,
        _("A rough guess is fine. Leave it blank if you really can't say."),
    )
    onset_age = count_field(
        _("How old were you when you first had depression?"),
        OLDEST_PLAUSIBLE_AGE,
        _("Leave blank if you are not sure."),
    )
    prior_episodes = count_field(
        _("Before this one, how many separate episodes of depression have you had?"),
        200,
        _(
            "Count the times you felt better for a while and then depression came back. 0 if "
            "this is the first."
        ),
    )
    # Issue 16 item 3: this episode and "ever" kept apart (the staging reads this episode), in one
    # question with four answers rather than two questions.
    PSYCHOTIC_ANSWERS = [
        ("this_episode", _("Yes, during this episode")),
        ("other_time", _("Yes, but only at another time")),
        ("never", _("No, never")),
        (UNSURE, _("I'm not sure")),
    ]
    psychotic = forms.ChoiceField(
        label=_(
            "While depressed, have you heard or seen things other people could not, or felt "
            "sure of things that others told you were not true?"
        ),
        help_text=_(
            "Many people are never asked this. There is no wrong answer; it helps our "
            "clinicians choose safe care."
        ),
        choices=PSYCHOTIC_ANSWERS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the answers, or “I'm not sure”")},
    )
    bipolar = forms.ChoiceField(
        label=_(
            "Has a doctor ever told you that you have bipolar disorder (sometimes called manic "
            "depression)?"
        ),
        help_text=_("Bipolar disorder means times of very high energy or mood, not only low mood."),
        choices=YES_NO_UNSURE_WORDS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose Yes, No or “I'm not sure”")},
    )
    hospitalisations = count_field(
        _("How many times have you stayed in a hospital for your mental health?"), 200
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Stored as the two facts the engine and staff read: this episode, and ever.
        now_and_ever = {
            "this_episode": (YES, YES),
            "other_time": (NO, YES),
            "never": (NO, NO),
            UNSURE: (UNSURE, UNSURE),
        }.get(cleaned.get("psychotic") or "")
        if now_and_ever:
            cleaned["psychotic_features"], cleaned["psychotic_features_ever"] = now_and_ever
        return cleaned


class TreatmentsForm(forms.Form):
    # The engine's kinds (criteria.PSYCHOTHERAPY_KINDS), in the person's words (issue 16 item 3).
    PSYCHOTHERAPY_KINDS = [
        ("cbt", _("Cognitive behavioral therapy (CBT)")),
        ("ipt", _("Interpersonal therapy (IPT)")),
        ("behavioral_activation", _("Behavioral activation")),
        ("psychodynamic", _("Psychodynamic or talk therapy")),
        ("other", _("Another kind")),
        (UNSURE, _("I'm not sure which")),
    ]
    psychotherapy = forms.ChoiceField(
        label=_("Have you had talk therapy (psychotherapy) for depression?"),
        choices=YES_NO_WORDS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose Yes or No")},
    )
    psychotherapy_kind = forms.ChoiceField(
        label=_("If yes, what kind, mostly?"),
        choices=PSYCHOTHERAPY_KINDS,
        widget=forms.RadioSelect,
        required=False,
    )
    psychotherapy_weeks = WholeCharField(
        label=_("If yes, about how long in all?"),
        help_text=_("Weeks or months, like 12 weeks or 6 months. Or choose a rough answer."),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    psychotherapy_band = forms.ChoiceField(
        label=_("Or about how long"),
        choices=durations.BAND_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    psychotherapy_current_episode = forms.ChoiceField(
        label=_("If yes, was any of it during this episode of depression?"),
        choices=YES_NO_UNSURE_WORDS,
        widget=forms.RadioSelect,
        required=False,
    )
    # One tick list instead of four yes/no questions (issue 16: fewer taps); the four answers
    # are still stored under their old keys (ect, tms_before, ...) for the engine and staff.
    PRIOR_TREATMENTS = [
        ("ect", _("Electroconvulsive therapy (ECT)")),
        ("tms", _("TMS (transcranial magnetic stimulation)")),
        ("ketamine", _("IV ketamine")),
        ("spravato", _("Spravato (esketamine nasal spray)")),
        (NONE_OF_THESE, _("None of these")),
    ]
    treatments_before = forms.MultipleChoiceField(
        label=_("Have you had any of these treatments before? (Tick any that apply)"),
        choices=PRIOR_TREATMENTS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick the treatments you have had, or “None of these”")},
    )

    def clean_treatments_before(self) -> list[str]:
        selected = list(self.cleaned_data["treatments_before"])
        if NONE_OF_THESE in selected and len(selected) > 1:
            raise ValidationError(_("You ticked “None of these” and a treatment. Untick one"))
        return selected

    def clean_psychotherapy_weeks(self) -> int | None:
        text = str(self.cleaned_data["psychotherapy_weeks"]).strip()
        if not text:
            return None
        try:
            return durations.weeks_from_text(text)
        except durations.NotADuration:
            raise ValidationError(
                _("Enter a number of weeks or months, like 12 weeks or 6 months")
            ) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        had = cleaned.get("treatments_before")
        if had is not None:
            for code, key in (
                ("ect", "ect"),
                ("tms", "tms_before"),
                ("ketamine", "ketamine_before"),
                ("spravato", "spravato_before"),
            ):
                cleaned[key] = YES if code in had else NO
        if cleaned.get("psychotherapy") != YES:
            # "No": the follow-up answers do not apply, whatever was ticked.
            for name in (
                "psychotherapy_kind",
                "psychotherapy_band",
                "psychotherapy_current_episode",
            ):
                cleaned[name] = ""
            cleaned["psychotherapy_weeks"] = None
            return cleaned
        if not cleaned.get("psychotherapy_kind"):
            self.add_error(
                "psychotherapy_kind", _("Choose the kind of therapy, or “I'm not sure which”")
            )
        if not cleaned.get("psychotherapy_current_episode"):
            self.add_error("psychotherapy_current_episode", _("Choose Yes, No or “I'm not sure”"))
        if not self.has_error("psychotherapy_weeks"):
            typed, band = cleaned.get("psychotherapy_weeks"), cleaned.get("psychotherapy_band")
            if typed is None and not band:
                self.add_error("psychotherapy_weeks", _("Enter how long, or choose a rough answer"))
            elif typed is not None and band:
                self.add_error(
                    "psychotherapy_weeks",
                    _("You typed a time and chose a rough answer. Keep only one"),
                )
            elif typed is None:
                cleaned["psychotherapy_weeks"] = durations.BY_CODE[str(band)].lower_weeks
        return cleaned

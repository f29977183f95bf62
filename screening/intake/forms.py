"""One form per intake step. Every field is validated here; services trust cleaned data.

Wording is for someone tired and anxious on a phone: short, plain, kind. Each limit is named.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from screening import criteria
from screening.intake.facts import NO, NONE_OF_THESE, UNSURE, YES, years_between

__all__ = ["NO", "NONE_OF_THESE", "UNSURE", "YES"]  # the answer codes, re-exported for views
from screening.intake.fields import (
    BirthDateField,
    BirthDateInput,
    WholeCharField,
    WholeEmailField,
    birth_date_hint,
    birth_date_invalid,
)
from screening.models import Location, Submission
from screening.phone import InvalidPhoneNumber, us_phone_to_e164
from screening.security.patient_text import validate_name

ADULT_AGE = 18
OLDEST_PLAUSIBLE_AGE = 120
MAX_EPISODE_MONTHS = 1200
NAME_MAX = 100
TEXT_MAX = 1000

YES_NO_WORDS = [(YES, _("Yes")), (NO, _("No"))]
YES_NO_UNSURE_WORDS = [(YES, _("Yes")), (NO, _("No")), (UNSURE, _("I'm not sure"))]
UNKNOWN = "unknown"


class StartForm(forms.Form):
    privacy = forms.BooleanField(
        label=_(
            "I have read the privacy notice above and agree that the clinic may use my answers "
            "to review whether its treatments could help me."
        ),
        error_messages={"required": _("To continue, please agree to the privacy notice.")},
    )
    adult = forms.ChoiceField(
        label=_("Are you 18 or older?"),
        choices=YES_NO_WORDS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please tell us whether you are 18 or older.")},
    )
    email_reminders = forms.BooleanField(
        label=_(
            "Email me a reminder if I leave the screening unfinished, and short check-ins "
            "later. (Optional; you can stop them at any time.)"
        ),
        required=False,
    )
    sms_reminders = forms.BooleanField(
        label=_("Text me reminders too, if I give a mobile number. (Optional.)"),
        required=False,
    )

    def is_adult(self) -> bool:
        return bool(self.cleaned_data["adult"] == YES)


class AboutForm(forms.Form):
    first_name = WholeCharField(
        label=_("First name"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your first name"),
            "max_length": _("Enter your first name in %(limit_value)d characters or fewer"),
        },
    )
    last_name = WholeCharField(
        label=_("Last name"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your last name"),
            "max_length": _("Enter your last name in %(limit_value)d characters or fewer"),
        },
    )
    date_of_birth = BirthDateField(
        label=_("Date of birth"),
        # The order follows the language (fields.day_first): month first in English.
        help_text=birth_date_hint(),
        widget=BirthDateInput(attrs={"autocomplete": "bday"}),
        error_messages={
            "required": _("Enter your date of birth"),
            "invalid": birth_date_invalid(),
        },
    )
    email = WholeEmailField(
        label=_("Email"),
        help_text=_("We send a link here so you can come back to your answers later."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address like name@example.com"),
        },
    )
    phone = WholeCharField(
        label=_("Mobile phone (optional)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"max_length": _("Enter a 10-digit US mobile number, like 781-555-0134")},
    )
    preferred_location = forms.ChoiceField(
        label=_("Which location would suit you best?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a location, or “Either location is fine”")},
    )
    contact_method = forms.ChoiceField(
        label=_("How would you like us to contact you?"),
        choices=Submission.ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you would like us to contact you")},
    )

    EITHER = "either"

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.locations = {str(loc.pk): loc for loc in Location.objects.filter(active=True)}
        # A blank first choice, so nobody is silently sent to whichever location comes first.
        location_field = self.fields["preferred_location"]
        assert isinstance(location_field, forms.ChoiceField)
        # Radios, none chosen beforehand: one tap on a phone (issue 16 item 7), and nobody is
        # silently sent to whichever location comes first.
        location_field.choices = [
            *((key, loc.name) for key, loc in self.locations.items()),
            (self.EITHER, _("Either location is fine")),
        ]

    def clean_first_name(self) -> str:
        name = str(self.cleaned_data["first_name"]).strip()
        validate_name(name, which="first")  # it goes into emails (issue 14 item 3)
        return name

    def clean_last_name(self) -> str:
        name = str(self.cleaned_data["last_name"]).strip()
        validate_name(name, which="last")
        return name

    def clean_date_of_birth(self) -> date:
        born: date = self.cleaned_data["date_of_birth"]
        if born > self.today:
            raise ValidationError(_("That date is in the future. Please check the year."))
        age = years_between(born, self.today)
        if age > OLDEST_PLAUSIBLE_AGE:
            raise ValidationError(_("Please check the year of your date of birth."))
        if age < ADULT_AGE:
            raise ValidationError(
                _(
                    "This online screening is for adults 18 or older. Please call the clinic and "
                    "we will help you find the right care."
                )
            )
        return born

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        try:
            return us_phone_to_e164(raw)
        except InvalidPhoneNumber:
            raise ValidationError(
                _("Please enter a 10-digit US mobile number, like 781-555-0134.")
            ) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        method = cleaned.get("contact_method")
        if method in (Submission.ContactMethod.PHONE, Submission.ContactMethod.TEXT) and not (
            cleaned.get("phone") or self.has_error("phone")
        ):
            self.add_error("phone", _("Please give a phone number so we can call or text you."))
        return cleaned

    def location(self) -> Location | None:
        return self.locations.get(self.cleaned_data["preferred_location"])


def count_field(label: Any, maximum: int, help_text: Any = "", **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=maximum,
        required=False,
        help_text=help_text,
        # Text, not type=number: a browser drops "ten" from a number box without a word; here
        # it comes back with the message (issue 16 item 7).
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": _("Enter a whole number, like 6"),
            "min_value": _("Enter 0 or more"),
            "max_value": format_lazy(_("Enter a number up to {maximum}"), maximum=maximum),
        },
        **kwargs,
    )


MEDICAL_CONDITIONS = [
    ("cardiovascular_disease", _("Heart or blood vessel disease")),
    ("hypothyroidism", _("Underactive thyroid (hypothyroidism)")),
    ("autoimmune_disorder", _("An autoimmune condition (such as lupus or rheumatoid arthritis)")),
    ("chronic_pain", _("Chronic pain")),
    ("other", _("Something else")),
    (NONE_OF_THESE, _("None of these")),
]
MENTAL_HEALTH_CONDITIONS = [
    ("generalized_anxiety", _("Generalized anxiety")),
    ("ptsd", _("Post-traumatic stress (PTSD)")),
    ("other", _("Something else")),
    (NONE_OF_THESE, _("None of these")),
]
SUBSTANCES = [
    ("alcohol", _("Alcohol")),
    ("opioids", _("Opioids (prescribed or not)")),
    ("cannabis", _("Cannabis")),
    ("stimulants", _("Stimulants (such as cocaine or methamphetamine)")),
    ("other", _("Something else")),
    (NONE_OF_THESE, _("None of these")),
]
SOCIAL_SUPPORT = [
    ("adequate", _("Yes, I have people I can count on")),
    ("some", _("Some, but not as much as I'd like")),
    ("limited", _("Not really")),
]


def _exclusive_none(field_name: str) -> Callable[[forms.Form], list[str]]:
    """'None of these' cannot be ticked together with something else."""

    def clean(self: forms.Form) -> list[str]:
        selected = self.cleaned_data[field_name]
        if NONE_OF_THESE in selected and len(selected) > 1:
            raise ValidationError(
                _('You ticked "None of these" and something else. Please untick one.')
            )
        return list(selected)

    return clean


def tick_any(
    label: Any, choices: list[tuple[str, Any]], **kwargs: Any
) -> forms.MultipleChoiceField:
    """A required tick-box question whose choices end with "None of these"."""
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _('Please tick at least one answer, or "None of these".')},
        **kwargs,
    )


def optional_text(label: Any, rows: int = 2) -> forms.CharField:
    """Optional free text: one line unless `rows` asks for more (a short page on a phone)."""
    return WholeCharField(
        label=label,
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}) if rows > 1 else forms.TextInput(),
        error_messages={
            "max_length": _(
                "Shorten this to %(limit_value)d characters or fewer (it has %(show_value)d)"
            )
        },
    )


class HealthForm(forms.Form):
    medical_conditions = tick_any(
        _("Have you been told you have any of these? (Tick any that apply)"), MEDICAL_CONDITIONS
    )
    medical_other = optional_text(_("Other medical conditions (optional)"), rows=1)
    mental_health_conditions = tick_any(
        _("Besides depression, have you been told you have any of these?"),
        MENTAL_HEALTH_CONDITIONS,
    )
    mental_health_other = optional_text(_("Other mental health conditions (optional)"), rows=1)
    substance_use = tick_any(
        _("In the past year, has your use of any of these worried you or people close to you?"),
        SUBSTANCES,
        help_text=_("An honest answer helps us keep treatment safe."),
    )
    social_support = forms.ChoiceField(
        label=_("Do you have family or friends who support you?"),
        choices=SOCIAL_SUPPORT,
        widget=forms.RadioSelect,
    )
    clean_medical_conditions = _exclusive_none("medical_conditions")
    clean_mental_health_conditions = _exclusive_none("mental_health_conditions")
    clean_substance_use = _exclusive_none("substance_use")


# Issue 16 item 5: the medicines the Spravato REMS monitoring form asks about, as stable codes
# (issue 17's packet reads them from answers["medicines_now"]["kinds"]).
CURRENT_MEDICINE_KINDS = [
    ("benzodiazepine", _("Benzodiazepines, such as Xanax, Ativan, Klonopin or Valium")),
    ("stimulant", _("Stimulants, such as Adderall, Ritalin or Vyvanse")),
    ("maoi", _("MAO inhibitors, such as Nardil, Parnate, Marplan or Emsam")),
    ("sleep_medicine", _("Sleep medicines, such as Ambien or Lunesta")),
    ("opioid", _("Opioids, such as oxycodone, tramadol, methadone or buprenorphine")),
    (NONE_OF_THESE, _("None of these")),
]


class CurrentMedicinesForm(forms.Form):
    kinds = tick_any(
        _("Do you take any of these now? (Tick any that apply)"),
        CURRENT_MEDICINE_KINDS,
        help_text=_("Some of them matter for how a treatment is given safely."),
    )
    other = optional_text(_("Other medicines you take now, with doses if you know them (optional)"))
    allergies = optional_text(_("Allergies to medicines (optional)"))

    clean_kinds = _exclusive_none("kinds")


# Per treatment, in plain words (clinical-reference.md §5). Keys are the engine's SAFETY_KEYS.
SAFETY_QUESTIONS = {
    "aneurysm_or_avm": _(
        "Have you ever been told you have an aneurysm (a bulging blood vessel) in your brain,"
        " chest, belly or limbs, or an arteriovenous malformation (AVM)?"
    ),
    "intracerebral_hemorrhage": _("Have you ever had bleeding in the brain?"),
    "ketamine_hypersensitivity": _(
        "Have you ever had an allergic or severe reaction to ketamine or esketamine?"
    ),
    "uncontrolled_hypertension": _(
        "Is your blood pressure high even with treatment, or has a doctor said it is not "
        "under control?"
    ),
    "psychosis_history": _("Have you ever been diagnosed with psychosis or schizophrenia?"),
    "pregnant_or_breastfeeding": _(
        "Are you pregnant, trying to become pregnant, or breastfeeding?"
    ),
    "metal_in_head": _(
        "Do you have any metal in or near your head that cannot be removed, such as plates, "
        "clips, coils, shrapnel or a cochlear implant? (Dental fillings and braces are fine.)"
    ),
    "implanted_device": _(
        "Do you have an implanted device such as a pacemaker, defibrillator (ICD), vagus "
        "nerve stimulator or deep brain stimulator?"
    ),
    "seizure_history": _("Have you ever had a seizure or been diagnosed with epilepsy?"),
}


class SafetyForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in criteria.SAFETY_KEYS:
            self.fields[key] = forms.ChoiceField(
                label=SAFETY_QUESTIONS[key],
                choices=YES_NO_UNSURE_WORDS,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose Yes, No or I'm not sure.")},
            )


class ResumeRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email"),
        help_text=_(
            "If we have an unfinished screening for this address, we will email you a new link."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter the email address you gave in the screening"),
            "invalid": _("Enter an email address like name@example.com"),
        },
    )

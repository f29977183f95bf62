"""The "ask us to call you" form: contact details only, never a clinical question."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from screening.models import CallbackRequest, Location
from screening.phone_field import PHONE_EXAMPLE, USPhoneField

# When the person would like the call. Codes are stored on CallbackRequest.preferred_time.
CALLBACK_TIMES = [
    ("any", _("Any time")),
    ("morning", _("Morning")),
    ("afternoon", _("Afternoon")),
]
EITHER_LOCATION = "either"

NAME_MAX_LENGTH = CallbackRequest._meta.get_field("name").max_length


class CallbackRequestForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("The name you would like us to ask for when we call."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Please tell us your name, so we know who to ask for.")},
    )
    phone = USPhoneField(
        label=_("Phone number"),
        help_text=format_lazy(_("A US number, for example {example}."), example=PHONE_EXAMPLE),
        error_messages={"required": _("Please enter the phone number we should call.")},
    )
    preferred_time = forms.ChoiceField(
        label=_("When is a good time to call?"),
        choices=CALLBACK_TIMES,
        initial="any",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose a time of day."),
            "invalid_choice": _("Please choose one of the times listed."),
        },
    )
    preferred_location = forms.ChoiceField(
        label=_("Which location would suit you?"),
        initial=EITHER_LOCATION,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose a location, or that either is fine."),
            "invalid_choice": _("Please choose one of the locations listed."),
        },
    )

    def __init__(self, *args, locations: list[Location], **kwargs):
        super().__init__(*args, **kwargs)
        self._locations = {str(location.pk): location for location in locations}
        either_label = _("Either is fine") if len(locations) > 1 else _("No preference")
        self.fields["preferred_location"].choices = [
            *((key, location.name) for key, location in self._locations.items()),
            (EITHER_LOCATION, either_label),
        ]
        if not locations:
            # Nothing to choose between: asking would only add a question.
            del self.fields["preferred_location"]

    def cleaned_location(self) -> Location | None:
        """The chosen active location, or None for "either" (or when none are listed)."""
        key = self.cleaned_data.get("preferred_location", EITHER_LOCATION)
        return self._locations.get(key)

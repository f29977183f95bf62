"""The one-question form that asks for a phone number after an urgent answer (issue 14 item 6)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from screening.phone import InvalidPhoneNumber, us_phone_to_e164


class CallMeForm(forms.Form):
    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        help_text=_("A US number, like 781-555-0134."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"required": _("Please enter a phone number, or choose “Not now”.")},
    )

    def clean_phone(self) -> str:
        try:
            return us_phone_to_e164(self.cleaned_data["phone"])
        except InvalidPhoneNumber:
            raise ValidationError(
                _("Please enter a 10-digit US phone number, like 781-555-0134.")
            ) from None

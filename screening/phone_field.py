"""A form field for a US phone number, cleaned to E.164 (see screening.phone)."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from screening.phone import InvalidPhoneNumber, us_phone_to_e164

PHONE_EXAMPLE = "(781) 555-0123"


class USPhoneField(forms.CharField):
    """Accepts what people type ("781 555 0123", "+1 (781) 555-0123") and cleans to +1XXXXXXXXXX."""

    # Long enough for a formatted number with a country code, short enough to bound the input.
    max_input_length = 25

    default_error_messages = {
        "invalid": format_lazy(
            _("Please enter a 10-digit US phone number, for example {example}."),
            example=PHONE_EXAMPLE,
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", self.max_input_length)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return text
        try:
            return us_phone_to_e164(text)
        except InvalidPhoneNumber:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

"""Form fields that take what a tired person types on a phone, and drop nothing silently
(issue 16 item 7)."""

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone


class WholeCharField(forms.CharField):
    """A text field whose limit is checked by the server, with a message, instead of the
    browser's maxlength silently cutting what was typed or pasted (issue 16 item 7)."""

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


_DATE_PARTS = re.compile(r"\d+")


class BirthDateField(forms.DateField):
    """A date of birth typed with any separator, or none (issue 16 item 7): "3 27 1985",
    "03/27/1985", "3-27-85", "3.27.1985", "03271985" and "1985-03-27" are all March 27."""

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        text = str(value).strip()
        parts = _DATE_PARTS.findall(text)
        if len(parts) == 1 and len(parts[0]) == 8:
            digits = parts[0]
            parts = [digits[:2], digits[2:4], digits[4:]]
        if len(parts) != 3 or re.sub(r"[\d\s/.\-,]", "", text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(parts[0]) == 4:  # year first, as ISO dates are
            year, month, day = (int(part) for part in parts)
        else:
            month, day, year = (int(part) for part in parts)
            if len(parts[2]) == 2:
                year += 1900 if year > self._this_year_two_digits() else 2000
            elif len(parts[2]) != 4:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return date(year, month, day)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    @staticmethod
    def _this_year_two_digits() -> int:
        return timezone.localdate().year % 100


class WholeEmailField(forms.EmailField):
    """An email field without the browser's silent cut at 320 characters (as WholeCharField)."""

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs

"""Form fields that take what a tired person types on a phone, and drop nothing silently
(issue 16 item 7)."""

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.translation import gettext


def day_first() -> bool:
    """Whether people writing the active language put the day before the month (es, pt-BR:
    27/03/1985), from Django's locale formats. A Brazilian typing 05/03/1985 means 5 March; read
    month-first it would be saved as 3 May without a word (issue 19), so the order follows the
    language, and the hint and the message say which order is expected."""
    return str(formats.get_format("SHORT_DATE_FORMAT")).lower().startswith("d")


def _birth_date_hint() -> str:
    if day_first():
        return gettext("Day, month and year, for example 27 3 1985 or 27/03/1985.")
    return gettext("Month, day and year, for example 3 27 1985 or 03/27/1985.")


def _birth_date_invalid() -> str:
    if day_first():
        return gettext("Enter your date of birth as day, month and year, like 27/03/1985")
    return gettext("Enter your date of birth as month, day and year, like 03/27/1985")


birth_date_hint = lazy(_birth_date_hint, str)
birth_date_invalid = lazy(_birth_date_invalid, str)


class BirthDateInput(forms.DateInput):
    """Shows a saved date back in the order the active language writes it."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y" if day_first() else "%m/%d/%Y")
        return super().format_value(value)


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
    "03/27/1985", "3-27-85", "3.27.1985", "03271985" and "1985-03-27" are all March 27 in
    English; in a day-first language (``day_first``) "27 3 1985" and "27/03/1985" are."""

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
            first, second, year = (int(part) for part in parts)
            day, month = (first, second) if day_first() else (second, first)
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

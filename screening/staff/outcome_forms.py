"""The outcomes page's one choice: which month the funnel chart shows (a plain GET field: a
month is not patient data)."""

from datetime import date
from typing import Any

from django import forms

from screening.staff.forms import StaffForm
from screening.staff.presenters.outcomes import month_label


class FunnelMonthForm(StaffForm):
    month = forms.ChoiceField(label="Month the drafts were started", required=False)

    def __init__(self, *args: Any, months: list[date], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.months = months
        field = self.fields["month"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(m.strftime("%Y-%m"), month_label(m)) for m in reversed(months)]
        # The last whole month by default: the current one has only begun.
        self.default = months[-2] if len(months) > 1 else months[-1]
        field.initial = self.default.strftime("%Y-%m")

    def chosen(self) -> date:
        """The month asked for, or the default when none (or an invalid one) was."""
        if self.is_bound and self.is_valid() and self.cleaned_data["month"]:
            return next(m for m in self.months if m.strftime("%Y-%m") == self.cleaned_data["month"])
        return self.default

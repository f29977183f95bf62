"""Insurance (issue 16 item 4): optional and skippable. The insurer chooses which payer profile
staff see first (criteria/payers.py); the app takes no card photos (it takes no files)."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from screening.criteria.payers import INSURERS, MEMBER_ID_MAX_LENGTH, PLAN_TYPES
from screening.intake.fields import WholeCharField

# What member IDs are made of on US insurance cards.
MEMBER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]*")

# The insurers' names are proper names; the plan types are translated as words.
PLAN_TYPE_WORDS = {
    "hmo": _("HMO"),
    "ppo": _("PPO"),
    "epo": _("EPO"),
    "medicare_advantage": _("Medicare Advantage"),
    "other": _("Other"),
    "unknown": _("Not sure"),
}
INSURER_WORDS = {
    "other": _("Another insurer"),
    "self_pay": _("No insurance / paying myself"),
}


class InsuranceForm(forms.Form):
    insurer = forms.ChoiceField(
        label=_("Who is your health insurance with? (optional)"),
        choices=[
            (code, INSURER_WORDS.get(code, insurer.name)) for code, insurer in INSURERS.items()
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    plan_type = forms.ChoiceField(
        label=_("What kind of plan is it? (optional)"),
        help_text=_("It is usually printed on your insurance card."),
        choices=[(code, PLAN_TYPE_WORDS.get(code, label)) for code, label in PLAN_TYPES.items()],
        widget=forms.RadioSelect,
        required=False,
    )
    member_id = WholeCharField(
        label=_("Member ID (optional)"),
        help_text=_("The ID on your insurance card. Please type it: we cannot take photos."),
        max_length=MEMBER_ID_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "max_length": _("Enter the member ID in %(limit_value)d characters or fewer")
        },
    )

    def clean_member_id(self) -> str:
        member_id = str(self.cleaned_data["member_id"]).strip()
        if member_id and not MEMBER_ID.fullmatch(member_id):
            raise ValidationError(
                _("Enter the member ID using letters, numbers, spaces and hyphens only")
            )
        return member_id

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("insurer") == "self_pay":
            cleaned["plan_type"], cleaned["member_id"] = "", ""
        return cleaned

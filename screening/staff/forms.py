"""Forms of the staff workspace: sign-in, the queue filter, and the actions on a case.

Every choice comes from a controlled list and every free text is bounded (security.md item 9).
"""

import re
from datetime import date, datetime
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from screening import criteria
from screening.audit.services import ACTIONS
from screening.models import CaseNote, ContactChannel, ContactOutcome, Location, Submission
from screening.staff.labels import CLOSE_REASON_HELP, RULE_OUT_ITEMS, VERDICT_LABELS
from screening.staff.roles import role_of
from screening.staff.selectors.queue import (
    NOT_URGENT,
    QUEUE_PAGE_SIZE,
    STATUS_ANY,
    STATUS_OPEN,
    URGENT_ANY,
    URGENT_UNACKNOWLEDGED,
    staff_users,
)
from screening.staff.services import bulk

SEARCH_MAX_LENGTH = 100
NOTE_MAX_LENGTH = CaseNote._meta.get_field("body").max_length


class DateInput(forms.DateInput):
    input_type = "date"


class StaffForm(forms.Form):
    """Bootstrap classes on every widget, so templates render fields without filters."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style_widgets(self)


def style_widgets(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = css


# --- Sign-in -----------------------------------------------------------------------------------


class StaffLoginForm(AuthenticationForm):
    """Username and password. Accounts outside the staff groups are refused like a wrong
    password, so the page never tells which accounts exist."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That username and password do not match a staff account.",
    }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        style_widgets(self)

    def clean_username(self) -> str:
        # Django's login form does not enforce the username's length, and django-axes records
        # every attempt's username in a 255-character column: refuse what no account can have
        # before anything is looked up or written (found by tests/security fuzzing).
        username = self.cleaned_data["username"]
        max_length = get_user_model()._meta.get_field("username").max_length or 150
        if len(username) > max_length or "\x00" in username:
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )
        return username

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if role_of(user) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class SecondFactorForm(StaffForm):
    token = forms.RegexField(
        label="6-digit code from your authenticator app",
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={
            "required": "Enter the 6-digit code your authenticator app shows now.",
            "invalid": "The code is 6 digits, for example 123456.",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()


# --- The queue filter --------------------------------------------------------------------------

STATUS_CHOICES = [
    (STATUS_OPEN, "Open cases (not closed)"),
    *Submission.CaseStatus.choices,
    (STATUS_ANY, "Any status, closed included"),
]
URGENT_CHOICES = [
    ("", "Urgent or not"),
    (URGENT_UNACKNOWLEDGED, "Urgent, not yet acknowledged"),
    (URGENT_ANY, "Urgent (acknowledged or not)"),
    (NOT_URGENT, "Not urgent"),
]


class QueueFilterForm(StaffForm):
    """Sent by POST and kept on the server (SavedQueueFilter): nothing here goes in a URL."""

    search = forms.CharField(
        label="Name, email, phone or reference",
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        help_text=(
            "Part of a name, an email address, at least 3 digits of a phone number, or the "
            "reference the person was given (REF-000123)."
        ),
    )
    status = forms.ChoiceField(label="Status", choices=STATUS_CHOICES, initial=STATUS_OPEN)
    verdict = forms.ChoiceField(
        label="Verdict",
        choices=[("", "Any verdict"), *VERDICT_LABELS.items()],
        required=False,
    )
    location = forms.ModelChoiceField(
        label="Location",
        queryset=Location.objects.all(),
        required=False,
        empty_label="Any location",
    )
    urgent = forms.ChoiceField(label="Urgent", choices=URGENT_CHOICES, required=False)
    mine = forms.BooleanField(label="Assigned to me", required=False)
    received_from = forms.DateField(label="Received from", required=False, widget=DateInput)
    received_to = forms.DateField(label="Received to", required=False, widget=DateInput)

    def __init__(self, *args: Any, clinical: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not clinical:
            # Coordinators neither see nor filter by the engine's verdict.
            del self.fields["verdict"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("received_from"), cleaned.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", "The end date is before the start date.")
        return cleaned

    def criteria_json(self) -> dict[str, Any]:
        """The cleaned filter as plain JSON, the form a SavedQueueFilter keeps."""
        data = self.cleaned_data
        location = data.get("location")
        return {
            "status": data.get("status") or STATUS_OPEN,
            "verdict": data.get("verdict") or "",
            "location": location.pk if location else None,
            "urgent": data.get("urgent") or "",
            "mine": bool(data.get("mine")),
            "received_from": _iso(data.get("received_from")),
            "received_to": _iso(data.get("received_to")),
            "search": " ".join((data.get("search") or "").split()),
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def queue_filter_initial(criteria_json: dict[str, Any]) -> dict[str, Any]:
    """The form's initial values for a saved filter."""
    return {
        **criteria_json,
        "received_from": criteria_json.get("received_from") or None,
        "received_to": criteria_json.get("received_to") or None,
    }


# --- Actions on a case -------------------------------------------------------------------------


class StatusChangeForm(StaffForm):
    status = forms.ChoiceField(label="New status", choices=Submission.CaseStatus.choices)
    close_reason = forms.ChoiceField(
        label="Reason for closing",
        choices=[("", "—"), *Submission.CloseReason.choices],
        required=False,
        help_text=CLOSE_REASON_HELP,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        closing = cleaned.get("status") == Submission.CaseStatus.CLOSED
        if closing and not cleaned.get("close_reason"):
            self.add_error("close_reason", "Choose why the case is being closed.")
        if not closing:
            cleaned["close_reason"] = ""
        return cleaned


class AssignForm(StaffForm):
    assignee = forms.ModelChoiceField(
        label="Assign to",
        queryset=staff_users(),
        required=False,
        empty_label="Nobody",
        to_field_name="username",
    )


class NoteForm(StaffForm):
    body = forms.CharField(
        label="Add a note",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Seen by every staff member who opens this case.",
        error_messages={"required": "Write the note before adding it."},
    )


class ReEvaluateForm(StaffForm):
    profile = forms.ChoiceField(
        label="Profile",
        choices=[(name, f"{name} (v{p.version})") for name, p in criteria.PROFILES.items()],
    )


class RuleOutForm(StaffForm):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for code, label in RULE_OUT_ITEMS:
            self.fields[code] = forms.BooleanField(label=label, required=False)
        style_widgets(self)

    def checked(self) -> dict[str, bool]:
        return {code: bool(self.cleaned_data.get(code)) for code, _ in RULE_OUT_ITEMS}


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class ContactAttemptForm(StaffForm):
    """One attempt to reach the person, logged as it happens (when and who are the request's)."""

    channel = forms.ChoiceField(label="How", choices=ContactChannel.choices)
    outcome = forms.ChoiceField(label="Outcome", choices=ContactOutcome.choices)
    next_try_at = forms.DateTimeField(
        label="Next try (optional)",
        required=False,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="Clinic time. Shown in the queue as the next attempt due.",
    )

    def clean_next_try_at(self) -> datetime | None:
        when: datetime | None = self.cleaned_data.get("next_try_at")
        if when is not None and when <= timezone.now():
            raise forms.ValidationError("Choose a time later than now for the next try.")
        return when


PUBLIC_ID_SHAPE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class PublicIdsField(forms.Field):
    """The ticked cases of one queue page: random public ids only, at most a page of them."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        ids = [str(item) for item in (value or [])]
        if not ids:
            raise forms.ValidationError("Tick at least one case first.")
        if len(ids) > QUEUE_PAGE_SIZE or not all(PUBLIC_ID_SHAPE.match(i) for i in ids):
            raise forms.ValidationError("Those cases could not be read; tick them again.")
        return list(dict.fromkeys(ids))


class QueueBulkForm(StaffForm):
    """Assign, acknowledge or move the ticked cases (one or several) straight from the queue."""

    cases = PublicIdsField(label="Cases")
    action = forms.ChoiceField(
        label="Action",
        choices=[
            (bulk.ASSIGN, "Assign to"),
            (bulk.STATUS, "Change status to"),
            (bulk.ACKNOWLEDGE, "Acknowledge the urgent flag (assigns it to you if nobody has it)"),
        ],
    )
    assignee = AssignForm.base_fields["assignee"]
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "—"), *Submission.CaseStatus.choices],
        required=False,
    )
    close_reason = StatusChangeForm.base_fields["close_reason"]

    def __init__(self, *args: Any, clinical: bool, **kwargs: Any):
        # Shown beside the filter form, which has a Status field too: ids of its own.
        kwargs.setdefault("auto_id", "bulk_%s")
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_users()  # type: ignore[attr-defined]
        if not clinical:  # acknowledging an urgent flag is a clinical act
            self.fields["action"].choices = [  # type: ignore[attr-defined]
                c
                for c in self.fields["action"].choices
                if c[0] != bulk.ACKNOWLEDGE  # type: ignore[attr-defined]
            ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") == bulk.STATUS:
            status = cleaned.get("status")
            if not status:
                self.add_error("status", "Choose the new status.")
            elif status == Submission.CaseStatus.CLOSED and not cleaned.get("close_reason"):
                self.add_error("close_reason", "Choose why the cases are being closed.")
        return cleaned


# --- The audit trail (admins) ------------------------------------------------------------------


class AuditFilterForm(StaffForm):
    """Sent as plain GET parameters: usernames, public ids and dates are not patient data."""

    user = forms.CharField(label="Username", max_length=150, required=False)
    case = forms.CharField(label="Case or object id", max_length=64, required=False)
    action = forms.ChoiceField(
        label="Action", choices=[("", "Any action"), *ACTIONS.items()], required=False
    )
    day_from = forms.DateField(label="From (UTC day)", required=False, widget=DateInput)
    day_to = forms.DateField(label="To (UTC day)", required=False, widget=DateInput)

    @staticmethod
    def filters_empty() -> dict[str, Any]:
        return {"username": "", "object_id": "", "action": "", "day_from": None, "day_to": None}

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "username": (data.get("user") or "").strip(),
            "object_id": (data.get("case") or "").strip(),
            "action": data.get("action") or "",
            "day_from": data.get("day_from"),
            "day_to": data.get("day_to"),
        }


class SendAgainForm(forms.Form):
    """The deliveries page's "send again" button (issue 13)."""

    # The outbox row's own id, posted (never in a URL); the service only accepts a failed row.
    reminder = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

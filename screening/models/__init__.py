"""The clinic's records, one module per concern. Clinical rules live in screening.criteria."""

from .alerts import AlertAcknowledgement
from .audit import AuditEvent
from .cases import FAILED_CONTACT_OUTCOMES, CaseEvent, CaseNote, ContactChannel, ContactOutcome
from .contact import CallbackRequest
from .determinations import ClinicSettings, Determination
from .intake import (
    Consent,
    MedicationTrial,
    ResumeLink,
    ResumeRequest,
    ScaleResponse,
    Submission,
)
from .locations import Location
from .outcomes import PurgedDraftTally
from .reminders import CheckinLink, Reminder
from .staff import SavedQueueFilter, StaffSession
from .staff_kept_notes import KeptNote
from .staff_setup import StaffSetupLink
from .unsubscribe import UnsubscribeLink
from .verification import ReEvaluationJob, TrialSource, VerifiedHistory, VerifiedTrial

__all__ = [
    "FAILED_CONTACT_OUTCOMES",
    "AlertAcknowledgement",
    "AuditEvent",
    "CallbackRequest",
    "CaseEvent",
    "CaseNote",
    "CheckinLink",
    "ClinicSettings",
    "Consent",
    "ContactChannel",
    "ContactOutcome",
    "Determination",
    "KeptNote",
    "Location",
    "MedicationTrial",
    "PurgedDraftTally",
    "ReEvaluationJob",
    "Reminder",
    "ResumeLink",
    "ResumeRequest",
    "SavedQueueFilter",
    "ScaleResponse",
    "StaffSession",
    "StaffSetupLink",
    "Submission",
    "TrialSource",
    "UnsubscribeLink",
    "VerifiedHistory",
    "VerifiedTrial",
]

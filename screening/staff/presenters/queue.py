"""A queue row in words: what each column shows, per role."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from screening.models import (
    Submission,
)
from screening.pages.languages import interpreter_note
from screening.staff import labels as words
from screening.staff.presenters.history import contact_words
from screening.staff.presenters.targets import CaseClock, case_clock


@dataclass(frozen=True)
class QueueRow:
    public_id: str
    name: str
    received: datetime | None
    urgent: bool
    urgent_acknowledged: bool
    status: str
    status_label: str
    location: str
    assignee: str
    clock: CaseClock
    # The contact log's latest attempt ("No answer (phone call)") and the next try due.
    last_contact: str = ""
    last_contact_at: datetime | None = None
    next_contact_at: datetime | None = None
    next_contact_overdue: bool = False
    # Why the case is here, in words ("Thoughts of self-harm: several days", "Needs a dose").
    why: list[str] = field(default_factory=list)
    # Clinical columns: empty for coordinators, whose rows are built without them.
    verdict: str = ""
    verdict_label: str = ""
    phq9_severity: str = ""
    msm_band: str = ""
    # Issue 19: "Preferred language: Español — interpreter may be needed", or empty for English.
    language_note: str = ""


def _needs(trials: Any) -> list[str]:
    """What a needs-review case's call should find out, once each, in the trials' order."""
    needed: list[str] = []
    for trial in trials if isinstance(trials, list) else []:
        for code in trial.get("reasons", ()) if isinstance(trial, dict) else ():
            words_needed = words.QUEUE_WHY_NEEDS.get(code)
            if words_needed and words_needed not in needed:
                needed.append(words_needed)
    return needed


def queue_why(case: Submission, *, clinical: bool) -> list[str]:
    """Why the case is in the queue. Coordinators get the flag, never a clinical answer."""
    why: list[str] = []
    if case.urgent and case.urgent_acknowledged_at is None:
        item9 = getattr(case, "why_item9", None)
        if not clinical:
            why.append(words.QUEUE_WHY_URGENT_COORDINATOR)
        elif isinstance(item9, int) and item9 in words.SCALE_ANSWER_LABELS:
            answer = words.SCALE_ANSWER_LABELS[item9].lower()
            why.append(f"{words.QUEUE_WHY_SELF_HARM}: {answer}")
        else:
            why.append(words.QUEUE_WHY_SELF_HARM)
    determination = case.current_determination
    if clinical and determination is not None:
        needed = _needs(getattr(case, "why_trials", None))
        if determination.verdict == "needs_review" and needed:
            why.append("Needs " + ", ".join(needed))
        else:
            why.append(words.label(words.QUEUE_WHY_VERDICT, determination.verdict))
    elif not why and case.case_status == Submission.CaseStatus.NEW:
        why.append(words.QUEUE_WHY_NEW)
    return why


def queue_rows(submissions: list[Submission], *, clinical: bool, now: datetime) -> list[QueueRow]:
    rows = []
    for case in submissions:
        determination = case.current_determination
        clinical_columns = {}
        if clinical and determination is not None:
            clinical_columns = {
                "verdict": determination.verdict,
                "verdict_label": words.label(words.VERDICT_LABELS, determination.verdict)
                # Issue 17: a verdict made on a clinician's verified history says so.
                + (" (clinician-verified)" if determination.verified_history_id else ""),
                "phq9_severity": words.label(
                    words.PHQ9_SEVERITY_LABELS, determination.phq9_severity
                ),
                "msm_band": words.label(words.MSM_BAND_LABELS, determination.msm_band),
            }
        rows.append(
            QueueRow(
                public_id=case.public_id,
                name=f"{case.first_name} {case.last_name}".strip() or "(no name given)",
                received=case.submitted_at,
                urgent=case.urgent,
                urgent_acknowledged=case.urgent_acknowledged_at is not None,
                status=case.case_status,
                status_label=Submission.CaseStatus(case.case_status).label,
                location=case.preferred_location.name if case.preferred_location else "Either",
                assignee=case.assigned_to.get_username() if case.assigned_to else "",
                clock=case_clock(case, now=now),
                why=queue_why(case, clinical=clinical),
                last_contact=contact_words(case.last_contact_channel, case.last_contact_outcome)
                if case.last_contact_at
                else "",
                last_contact_at=case.last_contact_at,
                next_contact_at=case.next_contact_due_at,
                next_contact_overdue=bool(
                    case.next_contact_due_at and case.next_contact_due_at <= now
                ),
                language_note=interpreter_note(case.language),
                **clinical_columns,
            )
        )
    return rows

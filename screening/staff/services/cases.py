"""Staff work on a submitted case: status, assignment, notes, urgent flags, re-evaluation,
the rule-out checklist, callback requests and saved queue filters.

Each function is one transaction that changes the case, records a CaseEvent (who, when, what
changed; security.md item 8) and an AuditEvent (item 7). Views check access and validate input
first; these functions enforce the case's own rules and raise `CaseChangeRefused` with a message
for staff when a change is not allowed, after auditing the refusal.
"""

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from screening import criteria
from screening.audit.services import audit_record
from screening.models import (
    AuditEvent,
    CallbackRequest,
    CaseEvent,
    CaseNote,
    Determination,
    SavedQueueFilter,
    Submission,
)
from screening.staff.selectors.queue import staff_visible
from screening.staff.services.evaluation import determination_evaluate

Status = Submission.CaseStatus

# The case's path through the clinic, one step at a time: new → in review → contacted →
# scheduled → closed. A case can be closed from any open status (not eligible, unreachable,
# a duplicate...), always with a reason. Closed is final: a person who comes back submits again.
STATUS_FLOW: dict[str, tuple[str, ...]] = {
    Status.NEW: (Status.IN_REVIEW, Status.CLOSED),
    Status.IN_REVIEW: (Status.CONTACTED, Status.CLOSED),
    Status.CONTACTED: (Status.SCHEDULED, Status.CLOSED),
    Status.SCHEDULED: (Status.CLOSED,),
    # Reached by the contact log (screening/staff/services/contact.py), never chosen by hand:
    # the person may still call back, else the case is closed with the closing letter.
    Status.UNREACHABLE: (Status.CONTACTED, Status.CLOSED),
    Status.CLOSED: (),
}

# Saved filters are working state, not records: a person's older ones are cleared as new ones come.
SAVED_FILTER_KEEP_DAYS = 1


class CaseChangeRefused(Exception):
    """The change breaks a rule of the case; `message` says why, in words for staff."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _locked_case(submission: Submission) -> Submission:
    # Staff act on what they can see: submitted intakes and urgent unfinished ones.
    return Submission.objects.select_for_update().get(staff_visible(), pk=submission.pk)


def _record(
    case: Submission,
    *,
    kind: str,
    action: str,
    by: AbstractBaseUser,
    ip: str | None,
    now: datetime,
    detail: dict[str, Any],
) -> CaseEvent:
    audit_record(
        action=action, user=by, object_type="submission", object_id=case.public_id, ip=ip, at=now
    )
    return CaseEvent.objects.create(submission=case, kind=kind, actor=by, at=now, detail=detail)


def _refuse(
    case: Submission, *, action: str, by: AbstractBaseUser, ip: str | None, now: datetime, why: str
) -> CaseChangeRefused:
    audit_record(
        action=action,
        outcome=AuditEvent.Outcome.FAILED,
        user=by,
        object_type="submission",
        object_id=case.public_id,
        ip=ip,
        at=now,
    )
    return CaseChangeRefused(why)


def allowed_statuses(current: str) -> tuple[str, ...]:
    return STATUS_FLOW.get(current, ())


def case_change_status(
    *,
    submission: Submission,
    status: str,
    close_reason: str = "",
    by: AbstractBaseUser,
    ip: str | None,
    now: datetime,
) -> Submission:
    """Move the case one step along STATUS_FLOW; closing needs one of the close reasons."""
    action = "case_status_changed"
    with transaction.atomic():
        case = _locked_case(submission)
        before = case.case_status
        why = _status_refusal(before, status, close_reason)
        if why is None:
            case.case_status = status
            case.close_reason = close_reason if status == Status.CLOSED else ""
            case.save(update_fields=["case_status", "close_reason", "updated_at"])
            detail = {"from": before, "to": status}
            if status == Status.CLOSED:
                detail["close_reason"] = close_reason
            _record(
                case,
                kind=CaseEvent.Kind.STATUS_CHANGED,
                action=action,
                by=by,
                ip=ip,
                now=now,
                detail=detail,
            )
            return case
    raise _refuse(submission, action=action, by=by, ip=ip, now=now, why=why)


def _status_refusal(before: str, after: str, close_reason: str) -> str | None:
    """Why moving from `before` to `after` is not allowed, or None when it is."""
    if after not in allowed_statuses(before):
        allowed = ", ".join(str(Status(s).label) for s in allowed_statuses(before)) or "none"
        return (
            f"A case that is “{Status(before).label}” cannot move to “{Status(after).label}”."
            f" Next steps allowed: {allowed}."
        )
    if after == Status.CLOSED and close_reason not in Submission.CloseReason.values:
        return "Choose why the case is being closed."
    return None


def case_assign(
    *,
    submission: Submission,
    assignee: AbstractBaseUser | None,
    by: AbstractBaseUser,
    ip: str | None,
    now: datetime,
) -> Submission:
    """Give the case to `assignee` (None: to nobody). The view offers staff accounts only."""
    with transaction.atomic():
        case = _locked_case(submission)
        before = case.assigned_to
        if (before.pk if before else None) == (assignee.pk if assignee else None):
            return case
        case.assigned_to = assignee  # type: ignore[assignment]
        case.save(update_fields=["assigned_to", "updated_at"])
        _record(
            case,
            kind=CaseEvent.Kind.ASSIGNED,
            action="case_assigned",
            by=by,
            ip=ip,
            now=now,
            detail={
                "from": before.get_username() if before else None,
                "to": assignee.get_username() if assignee else None,
            },
        )
        return case


def case_add_note(
    *, submission: Submission, body: str, by: AbstractBaseUser, ip: str | None, now: datetime
) -> CaseNote:
    with transaction.atomic():
        case = _locked_case(submission)
        note = CaseNote.objects.create(submission=case, author=by, body=body, created_at=now)
        case.save(update_fields=["updated_at"])
        _record(
            case,
            kind=CaseEvent.Kind.NOTE_ADDED,
            action="case_note_added",
            by=by,
            ip=ip,
            now=now,
            detail={"note": note.pk},
        )
        return note


def case_acknowledge_urgent(
    *, submission: Submission, by: AbstractBaseUser, ip: str | None, now: datetime
) -> Submission:
    """Record that `by` has taken on the urgent flag (PHQ-9 item 9 above zero): who and when.

    Taking it on makes the case theirs unless someone already has it (issue 18), so an urgent
    case never sits acknowledged with nobody to call. The escalation reminder checks the
    acknowledgement when it is due (the reminders service).
    """
    action = "case_urgent_acknowledged"
    with transaction.atomic():
        case = _locked_case(submission)
        if case.urgent and case.urgent_acknowledged_at is None:
            case.urgent_acknowledged_at = now
            case.urgent_acknowledged_by = by  # type: ignore[assignment]
            fields = ["urgent_acknowledged_at", "urgent_acknowledged_by", "updated_at"]
            assigning = case.assigned_to_id is None
            if assigning:
                case.assigned_to = by  # type: ignore[assignment]
                fields.append("assigned_to")
            case.save(update_fields=fields)
            _record(
                case,
                kind=CaseEvent.Kind.URGENT_ACKNOWLEDGED,
                action=action,
                by=by,
                ip=ip,
                now=now,
                detail={},
            )
            if assigning:
                _record(
                    case,
                    kind=CaseEvent.Kind.ASSIGNED,
                    action="case_assigned",
                    by=by,
                    ip=ip,
                    now=now,
                    detail={"from": None, "to": by.get_username(), "on": "urgent_acknowledged"},
                )
            return case
        why = (
            "This case has no urgent flag."
            if not case.urgent
            else "The urgent flag was already acknowledged."
        )
    raise _refuse(submission, action=action, by=by, ip=ip, now=now, why=why)


def case_re_evaluate(
    *,
    submission: Submission,
    profile_name: str,
    by: AbstractBaseUser,
    ip: str | None,
    now: datetime,
) -> Determination:
    """Evaluate the case again under another profile and make that determination current.

    The facts are the clinician's latest verified history when there is one (issue 17), else
    the patient's answers. The earlier determinations stay as they were, beside the new one.
    The urgent flag is not touched: it comes from the PHQ-9, which no profile changes.
    """
    profile = criteria.get_profile(profile_name)
    with transaction.atomic():
        case = _locked_case(submission)
        before = case.current_determination
        determination = determination_evaluate(
            submission=case, profile=profile, now=now, requested_by=by
        )
        case.current_determination = determination
        case.save(update_fields=["current_determination", "updated_at"])
        _record(
            case,
            kind=CaseEvent.Kind.RE_EVALUATED,
            action="case_re_evaluated",
            by=by,
            ip=ip,
            now=now,
            detail={
                "profile": profile.name,
                "profile_version": profile.version,
                "from_verdict": before.verdict if before else None,
                "to_verdict": determination.verdict,
                "clinician_verified": determination.clinician_verified,
            },
        )
        return determination


def case_update_rule_out(
    *,
    submission: Submission,
    checked: dict[str, bool],
    by: AbstractBaseUser,
    ip: str | None,
    now: datetime,
) -> Submission:
    """Save the rule-out checklist (item code -> checked); records which items changed."""
    with transaction.atomic():
        case = _locked_case(submission)
        before = {code: bool(value) for code, value in (case.rule_out or {}).items()}
        after = {**before, **{code: bool(value) for code, value in checked.items()}}
        changed = sorted(code for code in after if after[code] != before.get(code, False))
        if not changed:
            return case
        case.rule_out = after
        case.save(update_fields=["rule_out", "updated_at"])
        _record(
            case,
            kind=CaseEvent.Kind.RULE_OUT_UPDATED,
            action="case_rule_out_updated",
            by=by,
            ip=ip,
            now=now,
            detail={
                "checked": [code for code in changed if after[code]],
                "unchecked": [code for code in changed if not after[code]],
            },
        )
        return case


def callback_mark_handled(
    *, callback: CallbackRequest, by: AbstractBaseUser, ip: str | None, now: datetime
) -> CallbackRequest:
    """Mark a callback request done (once: a second click changes nothing)."""
    with transaction.atomic():
        locked = CallbackRequest.objects.select_for_update().get(pk=callback.pk)
        if locked.handled_at is None:
            locked.handled_at = now
            locked.handled_by = by  # type: ignore[assignment]
            locked.save(update_fields=["handled_at", "handled_by"])
            audit_record(
                action="callback_handled",
                user=by,
                object_type="callback_request",
                object_id=locked.public_id,
                ip=ip,
                at=now,
            )
        return locked


def queue_filter_save(
    *, owner: AbstractBaseUser, criteria_json: dict[str, Any], ip: str | None, now: datetime
) -> SavedQueueFilter:
    """Keep a queue filter on the server under a random id (the same filter reuses its row).

    The search is audited here, by filter id, without the words searched for.
    """
    canonical = json.dumps(criteria_json, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    with transaction.atomic():
        SavedQueueFilter.objects.filter(
            owner=owner, created_at__lt=now - timedelta(days=SAVED_FILTER_KEEP_DAYS)
        ).delete()
        saved, _ = SavedQueueFilter.objects.get_or_create(
            owner=owner,
            criteria_hash=digest,
            defaults={"criteria": criteria_json, "created_at": now},
        )
        audit_record(
            action="queue_search",
            user=owner,
            object_type="queue_filter",
            object_id=saved.public_id,
            ip=ip,
            at=now,
        )
        return saved

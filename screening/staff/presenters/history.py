"""A case's history in words. Clinical details (verdicts, rule-out items) only for clinical
roles: a coordinator reads that a re-evaluation happened, not what it found."""

from datetime import datetime
from typing import Any

from screening.models import (
    CaseEvent,
    ContactChannel,
    ContactOutcome,
    Submission,
)
from screening.staff import labels as words
from screening.staff.presenters.verification import change_words


def status_label(code: str | None) -> str:
    return str(Submission.CaseStatus(code).label) if code in Submission.CaseStatus.values else "—"


def contact_words(channel: str | None, outcome: str | None) -> str:
    """ "No answer (phone call)": the outcome first, as a coordinator reads down the log."""
    said = ContactOutcome(outcome).label if outcome in ContactOutcome.values else "—"
    how = ContactChannel(channel).label if channel in ContactChannel.values else ""
    return f"{said} ({how.lower()})" if how else str(said)


def _event_text(event: CaseEvent, *, clinical: bool) -> str:
    """One line of history in words; clinical details only when `clinical`."""
    detail = event.detail or {}
    kind = event.kind
    if kind == CaseEvent.Kind.STATUS_CHANGED:
        text = f"Status: {status_label(detail.get('from'))} → {status_label(detail.get('to'))}"
        reason = detail.get("close_reason")
        if reason in Submission.CloseReason.values:
            text += f" ({Submission.CloseReason(reason).label})"
        return text
    if kind == CaseEvent.Kind.ASSIGNED:
        if detail.get("to"):
            return f"Assigned to {detail['to']}"
        return f"Unassigned (was {detail.get('from') or 'nobody'})"
    if kind == CaseEvent.Kind.CONTACT_ATTEMPT:
        return "Contact attempt: " + contact_words(detail.get("channel"), detail.get("outcome"))
    if kind == CaseEvent.Kind.TEXTS_STOPPED and detail.get("via") == "carrier":
        # Twilio refused a text (its error 21610): the STOP went to the phone company, not us.
        return "Texts stopped (a text was refused: the person had replied STOP)"
    if kind == CaseEvent.Kind.SUBMITTED and not clinical:
        return "Intake submitted"
    if kind == CaseEvent.Kind.SUBMITTED:
        verdict = words.label(words.VERDICT_LABELS, detail.get("verdict"))
        return f"Intake submitted: {verdict}" + (", urgent" if detail.get("urgent") else "")
    if clinical and kind == CaseEvent.Kind.RE_EVALUATED:
        return (
            f"Re-evaluated under {detail.get('profile')} v{detail.get('profile_version')}: "
            f"{words.label(words.VERDICT_LABELS, detail.get('from_verdict'))} → "
            f"{words.label(words.VERDICT_LABELS, detail.get('to_verdict'))}"
            + (" (clinician-verified)" if detail.get("clinician_verified") else "")
        )
    if clinical and kind == CaseEvent.Kind.HISTORY_VERIFIED:
        what = change_words({"what": detail.get("what")}).split(":")[0]
        return f"Verified history version {detail.get('version')}: {what}"
    if clinical and kind == CaseEvent.Kind.RULE_OUT_UPDATED:
        items = dict(words.RULE_OUT_ITEMS)
        parts = [f"ticked {items.get(code, code)}" for code in detail.get("checked", [])]
        parts += [f"unticked {items.get(code, code)}" for code in detail.get("unchecked", [])]
        return "Rule-out checklist: " + "; ".join(parts)
    return str(CaseEvent.Kind(kind).label) if kind in CaseEvent.Kind.values else kind


# Changes the patient made themselves, with no staff login behind them.
PATIENT_CHANGES = {
    CaseEvent.Kind.TEXTS_STOPPED: "The patient (text reply)",
    CaseEvent.Kind.TEXTS_RESTARTED: "The patient (text reply)",
    CaseEvent.Kind.UNSUBSCRIBED: "The patient (email unsubscribe link)",
}
BY_CARRIER = "The patient (STOP reported by their phone company)"


def who_did(event: CaseEvent) -> str:
    if event.actor:
        return str(event.actor.get_username())
    if (event.detail or {}).get("via") == "carrier" and event.kind == CaseEvent.Kind.TEXTS_STOPPED:
        return BY_CARRIER
    return PATIENT_CHANGES.get(event.kind, "The system")


def case_history(events: list[CaseEvent], *, clinical: bool) -> list[dict[str, Any]]:
    return [
        {
            "at": event.at,
            "who": who_did(event),
            "what": _event_text(event, clinical=clinical),
        }
        for event in events
    ]


def contact_log(events: list[CaseEvent]) -> list[dict[str, Any]]:
    """The contact attempts among a case's events, newest first."""
    attempts = []
    for event in events:
        if event.kind != CaseEvent.Kind.CONTACT_ATTEMPT:
            continue
        detail = event.detail or {}
        next_try = detail.get("next_try_at")
        attempts.append(
            {
                "at": event.at,
                "who": event.actor.get_username() if event.actor else "The system",
                "what": contact_words(detail.get("channel"), detail.get("outcome")),
                "attempt": detail.get("attempt"),
                "next_try_at": datetime.fromisoformat(next_try) if next_try else None,
            }
        )
    return attempts[::-1]

"""Writing the audit trail (security.md item 7): who did what, to which record, from where.

An event holds the UTC time, the staff member's id and username, an action code, the object's
opaque public id, the outcome and the client's IP address; never a name, an answer or any other
value from a patient's record. Rows are only ever added: the app has no path that edits or
deletes one, and on PostgreSQL triggers refuse UPDATE, DELETE and TRUNCATE (migrations
staff_audit_guard, audit_guard_truncate).
"""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from django.utils import timezone

from screening.models import AuditEvent
from screening.security.client_ip import client_ip

# Every action code the app writes, with what it means. The audit page offers these as filters.
ACTIONS = {
    "login": "Sign-in with password",
    "second_factor": "Second factor (TOTP code)",
    "second_factor_enrolled": "Authenticator app set up",
    "setup_link_issued": "Authenticator setup link issued",
    "setup_link_opened": "Authenticator setup link opened",
    "second_factor_skipped": "Second factor skipped (demo account, DEBUG only)",
    "logout": "Sign-out (every session ended)",
    "session_expired": "Session ended (idle or too old)",
    "queue_view": "Queue viewed",
    "queue_search": "Queue searched or filtered",
    "queue_export_csv": "Queue exported as CSV",
    "case_view": "Case viewed",
    "case_summary_view": "Case summary viewed for printing",
    "case_export_fhir": "Case exported as FHIR",
    "case_status_changed": "Case status changed",
    "case_assigned": "Case assigned",
    "case_note_added": "Note added",
    "case_urgent_acknowledged": "Urgent flag acknowledged",
    "case_re_evaluated": "Case re-evaluated under a profile",
    "case_rule_out_updated": "Rule-out checklist updated",
    "case_contact_logged": "Contact attempt logged",
    "case_history_verified": "Trial history verified by a clinician (one change)",
    "case_packet_generated": "Prior-authorization packet generated (PDF or FHIR)",
    "re_evaluation_started": "Re-evaluation of every open case started",
    "re_evaluation_resumed": "Re-evaluation of every open case resumed after a stop",
    "re_evaluation_finished": "Re-evaluation of every open case finished",
    "re_evaluation_view": "Re-evaluation jobs viewed (or a start refused)",
    "callbacks_view": "Callback requests viewed",
    "callback_handled": "Callback request marked handled",
    "audit_view": "Audit trail viewed",
    "outcomes_view": "Outcomes viewed",
    "outcomes_export_csv": "Outcomes exported as CSV",
    "page_view": "Staff page viewed",
    "delivery_send_again": "Failed delivery sent again",
    "sms_texts_stopped": "Texts stopped: the person replied STOP",
    "sms_texts_stopped_by_carrier": "Texts stopped: the phone company reported the person "
    "replied STOP",
    "sms_texts_restarted": "Texts allowed again: the person replied START",
    "sms_webhook_refused": "Inbound text refused: not signed by the provider",
    "urgent_alert_failure_acknowledged": "Undelivered urgent alert acknowledged",
    "session_extended": "Stayed signed in (timeout warning)",
    "note_kept_at_sign_out": "Note kept when the session ended",
}

OBJECT_ID_MAX = AuditEvent._meta.get_field("object_id").max_length or 64
USERNAME_MAX = AuditEvent._meta.get_field("username").max_length or 150


def audit_record(
    *,
    action: str,
    outcome: str = AuditEvent.Outcome.OK,
    user: AbstractBaseUser | AnonymousUser | None = None,
    object_type: str = "",
    object_id: str = "",
    ip: str | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Add one event. `object_id` is an opaque public id (trimmed to the column's width)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    known_user = user if user is not None and user.is_authenticated else None
    return AuditEvent.objects.create(
        at=at or timezone.now(),
        user_id=known_user.pk if known_user else None,
        username=known_user.get_username()[:USERNAME_MAX] if known_user else "",
        action=action,
        object_type=object_type,
        object_id=object_id[:OBJECT_ID_MAX],
        outcome=outcome,
        ip=ip,
    )


def audit_request(
    request: HttpRequest,
    *,
    action: str,
    outcome: str = AuditEvent.Outcome.OK,
    object_type: str = "",
    object_id: str = "",
    user: AbstractBaseUser | None = None,
) -> AuditEvent:
    """`audit_record` for the person making this request (or `user`, when the request's user is
    not yet signed in, as in a failed second-factor step)."""
    return audit_record(
        action=action,
        outcome=outcome,
        user=user if user is not None else request.user,
        object_type=object_type,
        object_id=object_id,
        ip=client_ip(request),  # the one trusted-proxy rule (screening/security/client_ip.py)
    )

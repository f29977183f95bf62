"""Actions on several cases at once, from the queue (issue 18).

Each case goes through the same one-case service as from its own page, in its own transaction,
so each change is audited and recorded as a CaseEvent exactly as if done one by one; a case the
rule refuses (a status it cannot move to, a flag already acknowledged) is reported and the others
still change.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser

from screening.models import Submission
from screening.staff.selectors.queue import staff_visible
from screening.staff.services import cases

ASSIGN = "assign"
ACKNOWLEDGE = "acknowledge"
STATUS = "status"


@dataclass
class BulkOutcome:
    changed: int = 0
    refused: list[str] = field(default_factory=list)  # "Name: why", for the staff message
    missing: int = 0  # ids that are not (or no longer) a case staff can see


def _name(case: Submission) -> str:
    return f"{case.first_name} {case.last_name}".strip() or "(no name given)"


def queue_bulk_apply(
    *,
    public_ids: list[str],
    action: str,
    assignee: AbstractBaseUser | None = None,
    status: str = "",
    close_reason: str = "",
    by: AbstractBaseUser,
    ip: str | None,
    now: datetime,
) -> BulkOutcome:
    found = list(
        Submission.objects.filter(staff_visible(), public_id__in=public_ids).order_by(
            "queue_rank", "submitted_at", "pk"
        )
    )
    outcome = BulkOutcome(missing=len(set(public_ids)) - len(found))
    actor = {"by": by, "ip": ip, "now": now}
    for case in found:
        try:
            if action == ASSIGN:
                cases.case_assign(submission=case, assignee=assignee, **actor)
            elif action == ACKNOWLEDGE:
                cases.case_acknowledge_urgent(submission=case, **actor)
            elif action == STATUS:
                cases.case_change_status(
                    submission=case, status=status, close_reason=close_reason, **actor
                )
            else:
                raise ValueError(f"unknown queue action {action!r}")
        except cases.CaseChangeRefused as refused:
            outcome.refused.append(f"{_name(case)}: {refused.message}")
        else:
            outcome.changed += 1
    return outcome

"""Recording that a prior-authorization packet was generated (issue 17): an AuditEvent and a
CaseEvent, in one transaction, before the packet is streamed. The packet itself is never kept."""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from screening.models import CaseEvent, Submission
from screening.staff.services.cases import _locked_case, _record


def packet_generated(
    *,
    submission: Submission,
    treatment: str,
    profile_name: str,
    kind: str,
    by: AbstractBaseUser,
    ip: str | None,
    now: datetime,
) -> None:
    """`kind`: "pdf" or "fhir"."""
    with transaction.atomic():
        case = _locked_case(submission)
        _record(
            case,
            kind=CaseEvent.Kind.PACKET_GENERATED,
            action="case_packet_generated",
            by=by,
            ip=ip,
            now=now,
            detail={"treatment": treatment, "profile": profile_name, "format": kind},
        )

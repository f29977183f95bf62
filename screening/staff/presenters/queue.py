"""A queue row in words: what each column shows, per role."""

from dataclasses import dataclass
from datetime import datetime

from screening.models import (
    Submission,
)
from screening.staff import labels as words


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
    # Clinical columns: empty for coordinators, whose rows are built without them.
    verdict: str = ""
    verdict_label: str = ""
    phq9_severity: str = ""
    msm_band: str = ""


def queue_rows(submissions: list[Submission], *, clinical: bool) -> list[QueueRow]:
    rows = []
    for case in submissions:
        determination = case.current_determination
        clinical_columns = {}
        if clinical and determination is not None:
            clinical_columns = {
                "verdict": determination.verdict,
                "verdict_label": words.label(words.VERDICT_LABELS, determination.verdict),
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
                **clinical_columns,
            )
        )
    return rows

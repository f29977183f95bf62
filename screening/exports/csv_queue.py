"""The queue as CSV, safe to open in a spreadsheet.

A cell that starts with =, +, -, @, a tab or a carriage return is read as a formula by
spreadsheet programs (CSV injection, OWASP); such cells get a leading apostrophe, which the
spreadsheet shows as text. Names and emails are typed by the public, so every cell is escaped.

A spreadsheet set to another separator (Excel in many locales splits on ";") cuts a cell such as
"Sam;=HYPERLINK(...)" in two, and the second half starts with the formula. So a trigger that
follows any separator inside a cell gets the apostrophe too (issue 14 item 15).
"""

import csv
import re
from collections.abc import Iterable
from typing import IO

from django.utils import timezone

from screening.models import Submission
from screening.staff import labels as words

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A separator some spreadsheet may split on, then optional spaces, then a formula trigger.
_TRIGGER_AFTER_SEPARATOR = re.compile(r"([,;|\t\r\n])([ ]*)([=+\-@])")

COLUMNS = (
    "Case id",
    "Received",
    "Urgent",
    "Urgent acknowledged",
    "Verdict",
    "PHQ-9 severity",
    "MSM band",
    "Location",
    "Status",
    "Close reason",
    "Assigned to",
    "First name",
    "Last name",
    "Email",
    "Phone",
    "Contact by",
)

# Only these columns are read from the database for the export.
EXPORT_FIELDS = (
    "public_id",
    "submitted_at",
    "urgent",
    "urgent_acknowledged_at",
    "case_status",
    "close_reason",
    "first_name",
    "last_name",
    "email",
    "phone",
    "contact_method",
    "current_determination__verdict",
    "current_determination__phq9_severity",
    "current_determination__msm_band",
    "preferred_location__name",
    "assigned_to__username",
)


def csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    text = _TRIGGER_AFTER_SEPARATOR.sub(r"\1\2'\3", text)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _row(case: Submission) -> list[object]:
    determination = case.current_determination
    received = timezone.localtime(case.submitted_at) if case.submitted_at else None
    return [
        case.public_id,
        received.strftime("%Y-%m-%d %H:%M") if received else "",
        "Yes" if case.urgent else "No",
        "Yes" if case.urgent_acknowledged_at else "No",
        words.label(words.VERDICT_LABELS, determination.verdict) if determination else "",
        words.label(words.PHQ9_SEVERITY_LABELS, determination.phq9_severity)
        if determination
        else "",
        words.label(words.MSM_BAND_LABELS, determination.msm_band) if determination else "",
        case.preferred_location.name if case.preferred_location else "Either",
        case.get_case_status_display(),
        case.get_close_reason_display() if case.close_reason else "",
        case.assigned_to.get_username() if case.assigned_to else "",
        case.first_name,
        case.last_name,
        case.email,
        case.phone,
        case.get_contact_method_display() if case.contact_method else "",
    ]


def write_queue_csv(cases: Iterable[Submission], out: IO[str]) -> int:
    """Write a header and one escaped row per case; returns the number of cases written."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for case in cases:
        writer.writerow([csv_cell(value) for value in _row(case)])
        count += 1
    return count

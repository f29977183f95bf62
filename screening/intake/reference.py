"""The reference number a person quotes when they call: REF-000123 (the case's own number).

"REF", not the clinic's initials: it is also in the "we have your answers" email, and "TRD"
(treatment-resistant depression) would say something clinical in an inbox (issue 16 item 9).
Staff find a case by it (the queue's search), however it is read out over the phone: "ref
123", "REF 000123", "ref-123".
"""

import re

PREFIX = "REF"
_SPOKEN = re.compile(rf"\b{PREFIX}[\s\-#:]*0*(\d{{1,12}})\b", re.IGNORECASE)


def reference_of(submission_id: int) -> str:
    return f"{PREFIX}-{submission_id:06d}"


def references_in(text: str) -> tuple[list[int], str]:
    """The case numbers quoted in `text`, and the text without them (for the other words)."""
    ids = [int(number) for number in _SPOKEN.findall(text)]
    return ids, _SPOKEN.sub(" ", text)

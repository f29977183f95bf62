"""What a prior-authorization packet says (issue 17), as plain data that both the PDF
(packet_pdf.py) and the FHIR bundle (packet_fhir.py) render, so the two never disagree.

The staff room fills it (screening/staff/presenters/packet.py). Anything not documented is the
MISSING text, so a reader sees the gap instead of a blank that looks like "none".
"""

from dataclasses import dataclass, field
from datetime import date, datetime

MISSING = "MISSING - not documented"
ATTESTATION = (
    "I attest that I have reviewed this patient's treatment history and records, that the"
    " information above is accurate to the best of my knowledge, and that it is supported by"
    " the medical record."
)


@dataclass(frozen=True)
class PacketTrial:
    number: int
    medication: str
    medication_class: str
    dose: str  # "100 mg/day against a minimum of 50 mg/day", or MISSING
    below_minimum: bool
    dose_mg: float | None
    weeks: str  # "8 weeks at dose, 10 in total"
    adherence: str
    outcome: str  # improvement, then the engine's status
    source: str
    current_episode: str
    augmented_with: str
    status: str


@dataclass(frozen=True)
class PacketScore:
    name: str  # "MADRS"
    score: int | None
    rated_on: date | None
    code_system: str
    code: str


@dataclass(frozen=True)
class PacketPhq9:
    at: datetime
    total: int
    severity: str
    source: str


@dataclass(frozen=True)
class PacketSafety:
    question: str
    answer: str
    flagged: bool


@dataclass(frozen=True)
class RemsField:
    label: str
    value: str  # "" when the clinician fills it in


@dataclass(frozen=True)
class Packet:
    generated_at: datetime
    generated_by: str
    treatment: str
    treatment_label: str
    profile_name: str
    profile_title: str
    profile_version: int
    profile_description: str
    rule_set: str
    case_id: str
    patient_name: str
    first_name: str
    last_name: str
    date_of_birth: date | None
    insurer: str
    plan_type: str
    member_id: str
    diagnosis: str
    verified: str  # "clinician-verified history, version 2 by dr-x on ..." or not verified
    verdict: str
    failed_trials: int
    failed_classes: list[str]
    missing_evidence: list[str]
    review_reasons: list[str]
    trials: list[PacketTrial]
    augmentation: str
    psychotherapy: str
    psychotherapy_weeks: int | None
    phq9: list[PacketPhq9]
    scales: list[PacketScore]
    safety: list[PacketSafety]
    safety_missing: list[str]
    rems: list[RemsField] = field(default_factory=list)
    attestation: str = ATTESTATION
    language: str = ""  # the patient's language code (issue 19), "" when not recorded

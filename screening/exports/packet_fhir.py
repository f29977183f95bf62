"""The prior-authorization packet as a FHIR R4B Bundle (issue 17): the same content as the PDF,
as a QuestionnaireResponse (identifiers, insurer, diagnosis, profile, verdict, missing evidence,
psychotherapy, the REMS fields, the attestation), a MedicationStatement per verified trial,
and Observations for the PHQ-9 totals and the clinician-rated scales. Built through the
library's R4B models like today's export (fhir_bundle.py), so an invalid bundle is never sent;
a score not on record is an Observation with a dataAbsentReason, never left out.
"""

from datetime import datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from screening.exports.fhir_bundle import (
    CASE_ID_SYSTEM,
    LOINC,
    OBSERVATION_CATEGORY,
    UCUM,
    patient_communication,
)
from screening.exports.fhir_bundle import _drop_empty as drop_empty
from screening.exports.fhir_bundle import _urn as urn
from screening.exports.packet_content import MISSING, Packet, PacketTrial

DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
PHQ9_TOTAL = ("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]")
MEMBER_ID_SYSTEM = "urn:trd-clinic:insurer-member-id"


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _item(link_id: str, text: str, value: Any) -> dict[str, Any]:
    shown = value if value not in (None, "", []) else MISSING
    if isinstance(shown, list):
        answers = [{"valueString": str(v)} for v in shown]
    elif isinstance(shown, int) and not isinstance(shown, bool):
        answers = [{"valueInteger": shown}]
    else:
        answers = [{"valueString": str(shown)}]
    return {"linkId": link_id, "text": text, "answer": answers}


def _patient(packet: Packet) -> dict[str, Any]:
    identifiers = [{"system": CASE_ID_SYSTEM, "value": packet.case_id}]
    if packet.member_id != MISSING:
        identifiers.append(
            {
                "system": MEMBER_ID_SYSTEM,
                "value": packet.member_id,
                "type": {"text": "Insurance member ID"},
                "assigner": {"display": packet.insurer},
            }
        )
    return {
        "resourceType": "Patient",
        "identifier": identifiers,
        "name": [{"family": packet.last_name or None, "given": [packet.first_name or None]}],
        "birthDate": packet.date_of_birth.isoformat() if packet.date_of_birth else None,
        "communication": patient_communication(packet.language),
    }


def _questionnaire_response(packet: Packet, patient_ref: str) -> dict[str, Any]:
    items = [
        _item("insurer", "Insurer", packet.insurer),
        _item("plan_type", "Plan type", packet.plan_type),
        _item("member_id", "Member ID", packet.member_id),
        _item("diagnosis", "Diagnosis as entered by the clinician", packet.diagnosis),
        _item("history", "History", packet.verified),
        _item("treatment", "Treatment requested", packet.treatment_label),
        _item("profile", "Checked against", f"{packet.profile_name} v{packet.profile_version}"),
        _item("rule_set", "Rule set", packet.rule_set),
        _item("verdict", "Screening result", packet.verdict),
        _item("failed_trials", "Adequate failed trials", packet.failed_trials),
        _item("failed_classes", "Classes of the failed trials", packet.failed_classes or ["None"]),
        _item(
            "missing_evidence",
            "Missing evidence",
            [f"MISSING: {m}" for m in packet.missing_evidence] or ["None"],
        ),
        _item("augmentation", "Augmentation", packet.augmentation),
        _item("psychotherapy", "Psychotherapy", packet.psychotherapy),
        {
            "linkId": "safety",
            "text": f"Safety screening for {packet.treatment_label}",
            "item": [
                _item(
                    f"safety.{index}",
                    row.question,
                    row.answer + (" (flagged)" if row.flagged else ""),
                )
                for index, row in enumerate(packet.safety, start=1)
            ],
        },
    ]
    if packet.rems:
        items.append(
            {
                "linkId": "rems",
                "text": "Spravato REMS patient enrollment",
                "item": [
                    {"linkId": f"rems.{index}", "text": field.label}
                    | ({"answer": [{"valueString": field.value}]} if field.value else {})
                    for index, field in enumerate(packet.rems, start=1)
                ],
            }
        )
    items.append(_item("attestation", "Attestation", packet.attestation))
    return {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "subject": {"reference": patient_ref},
        "authored": _when(packet.generated_at),
        "item": items,
    }


def _statement(trial: PacketTrial, patient_ref: str, qr_ref: str) -> dict[str, Any]:
    from_patient = trial.source == "Patient"
    statement: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "status": "completed",
        "medicationCodeableConcept": {"text": trial.medication},
        "subject": {"reference": patient_ref},
        "informationSource": {"reference": patient_ref}
        if from_patient
        else {"display": trial.source},
        "derivedFrom": [{"reference": qr_ref}],
        "note": [
            {
                "text": "; ".join(
                    (
                        f"class: {trial.medication_class}",
                        f"dose: {trial.dose}",
                        f"duration: {trial.weeks}",
                        f"adherence: {trial.adherence}",
                        f"outcome: {trial.outcome}",
                        f"current episode: {trial.current_episode}",
                        f"augmented with: {trial.augmented_with}",
                        f"screening assessment: {trial.status}",
                        f"source: {trial.source}",
                    )
                )
            }
        ],
    }
    if trial.dose_mg is not None:
        statement["dosage"] = [
            {
                "text": trial.dose,
                "doseAndRate": [
                    {
                        "doseQuantity": {
                            "value": trial.dose_mg,
                            "unit": "mg",
                            "system": UCUM,
                            "code": "mg",
                        }
                    }
                ],
            }
        ]
    return statement


def _observations(packet: Packet, patient_ref: str) -> list[dict[str, Any]]:
    category = [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey"}]}]
    found: list[dict[str, Any]] = [
        {
            "resourceType": "Observation",
            "status": "final",
            "category": category,
            "code": {
                "coding": [{"system": LOINC, "code": PHQ9_TOTAL[0], "display": PHQ9_TOTAL[1]}],
                "text": "PHQ-9 total",
            },
            "subject": {"reference": patient_ref},
            "effectiveDateTime": _when(row.at),
            "valueInteger": row.total,
            "interpretation": [{"text": row.severity}],
            "note": [{"text": f"source: {row.source}"}],
        }
        for row in packet.phq9
    ]
    for score in packet.scales:
        observation: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "final",
            "category": category,
            "code": {
                "coding": [
                    {"system": score.code_system, "code": score.code, "display": score.name}
                ],
                "text": f"{score.name} total (clinician-rated)",
            },
            "subject": {"reference": patient_ref},
        }
        if score.score is not None and score.rated_on is not None:
            observation["valueInteger"] = score.score
            observation["effectiveDateTime"] = score.rated_on.isoformat()
        else:
            observation["dataAbsentReason"] = {
                "coding": [{"system": DATA_ABSENT, "code": "not-performed"}],
                "text": MISSING,
            }
        found.append(observation)
    return found


def packet_bundle(packet: Packet) -> Bundle:
    """The packet as a validated R4B Bundle of type "collection"."""
    patient_ref, qr_ref = urn(), urn()
    resources: list[tuple[str, dict[str, Any]]] = [
        (patient_ref, _patient(packet)),
        (qr_ref, _questionnaire_response(packet, patient_ref)),
    ]
    resources += [(urn(), _statement(t, patient_ref, qr_ref)) for t in packet.trials]
    resources += [(urn(), o) for o in _observations(packet, patient_ref)]
    return Bundle.model_validate(
        drop_empty(
            {
                "resourceType": "Bundle",
                "type": "collection",
                "timestamp": _when(packet.generated_at),
                "entry": [{"fullUrl": url, "resource": r} for url, r in resources],
            }
        )
    )

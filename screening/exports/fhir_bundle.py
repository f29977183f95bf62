"""A case as a FHIR R4B Bundle (the `fhir.resources` package), for another clinical system.

The bundle holds the Patient, one QuestionnaireResponse with the intake's answers, a
MedicationStatement per antidepressant trial, and Observations for the PHQ-9 and GAD-7: a panel
(44249-1 / 69737-5) with each item, and its total score (44261-6 / 70274-6), LOINC codes from
clinical-reference.md §4. Every resource is built through the library's R4B models, so a bundle
that does not validate is never sent. Resource ids are fresh UUIDs: no database key leaves.
"""

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import to_locale
from fhir.resources.R4B.bundle import Bundle

from screening import criteria
from screening.intake.facts import answers_of
from screening.models import MedicationTrial, ScaleResponse, Submission
from screening.pages.languages import language_name
from screening.staff import labels as words

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
# Our own namespace for the case's public id, so a receiving system can come back to the case.
CASE_ID_SYSTEM = "urn:trd-clinic:case"
BCP47 = "urn:ietf:bcp:47"

SCALES = {
    ScaleResponse.Scale.PHQ9: {
        "panel": ("44249-1", "PHQ-9 quick depression assessment panel [Reported.PHQ]"),
        "total": ("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
        "items": words.PHQ9_ITEM_LABELS,
    },
    ScaleResponse.Scale.GAD7: {
        "panel": ("69737-5", "Generalized anxiety disorder 7 item (GAD-7)"),
        "total": (
            "70274-6",
            "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
        ),
        "items": words.GAD7_ITEM_LABELS,
    },
}


def _urn() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _loinc(code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": LOINC, "code": code, "display": display}], "text": display}


def _patient(case: Submission) -> dict[str, Any]:
    telecom = []
    if case.phone:
        telecom.append({"system": "phone", "value": case.phone, "use": "mobile"})
    if case.email:
        telecom.append({"system": "email", "value": case.email})
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "identifier": [{"system": CASE_ID_SYSTEM, "value": case.public_id}],
        "name": [{"family": case.last_name or None, "given": [case.first_name]}]
        if case.first_name
        else [{"family": case.last_name}],
        "telecom": telecom or None,
        "birthDate": case.date_of_birth.isoformat() if case.date_of_birth else None,
        # The language the person chose (issue 19): BCP-47, as FHIR's Patient.communication.
        "communication": patient_communication(case.language),
    }
    return patient


def patient_communication(code: str) -> list[dict[str, Any]] | None:
    """Patient.communication for the language the person chose (issue 19), BCP-47 coded."""
    if not code:
        return None
    tag = to_locale(code).replace("_", "-")  # "pt-br" -> "pt-BR", as BCP-47 writes it
    concept = {"coding": [{"system": BCP47, "code": tag}], "text": language_name(code)}
    return [{"language": concept, "preferred": True}]


def _answer(value: Any) -> list[dict[str, Any]] | None:
    """A QuestionnaireResponse answer of the right type, or None for no answer."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return [{"valueBoolean": value}]
    if isinstance(value, int):
        return [{"valueInteger": value}]
    if isinstance(value, float | Decimal):
        return [{"valueDecimal": float(value)}]
    if isinstance(value, list):
        return [{"valueString": str(item)} for item in value]
    return [{"valueString": str(value)}]


def _item(link_id: str, text: str, value: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": link_id, "text": text}
    answer = _answer(value)
    if answer:
        item["answer"] = answer
    return item


def _group(link_id: str, text: str, stored: dict[str, Any] | None) -> dict[str, Any] | None:
    if not stored:
        return None
    items = [_item(f"{link_id}.{key}", key.replace("_", " "), v) for key, v in stored.items()]
    return {"linkId": link_id, "text": text, "item": items}


def _questionnaire_response(
    case: Submission, patient_ref: str, trials: list[MedicationTrial]
) -> dict[str, Any]:
    answers = answers_of(case)
    groups = [
        _group("episode", "This episode", answers.episode),
        _group("treatments", "Other treatments", answers.treatments),
        {
            "linkId": "medications",
            "text": "Antidepressants tried",
            "item": [
                {
                    "linkId": f"medications.{trial.position}",
                    "text": f"Medication {trial.position}",
                    "item": [
                        _item("medication", "Medication", trial.medication),
                        _item("dose_mg", "Highest daily dose (mg)", trial.dose_mg),
                        _item("weeks", "Weeks at that dose", trial.weeks),
                        _item("adherence", "How regularly taken", trial.adherence),
                        _item("improvement", "How much it helped", trial.improvement),
                        _item(
                            "stopped_for_side_effects",
                            "Stopped for side effects",
                            trial.stopped_for_side_effects,
                        ),
                        _item("current_episode", "In this episode", trial.current_episode),
                        _item("augmented_with", "Taken with", trial.augmented_with),
                    ],
                }
                for trial in trials
            ],
        }
        if trials
        else None,
        *[
            {
                "linkId": scale,
                "text": f"{ScaleResponse.Scale(scale).label} ({SCALES[scale]['panel'][0]})",
                "item": [
                    _item(f"{scale}.{index}", label, value)
                    for index, (label, value) in enumerate(
                        zip(SCALES[scale]["items"], values or [], strict=False), start=1
                    )
                ],
            }
            for scale, values in (
                (ScaleResponse.Scale.PHQ9, answers.phq9),
                (ScaleResponse.Scale.GAD7, answers.gad7),
            )
            if values
        ],
        _group("health", "Health history", answers.health),
        _group("safety", "Safety questions", answers.safety),
    ]
    return {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "subject": {"reference": patient_ref},
        "authored": _when(case.submitted_at),
        "item": [group for group in groups if group],
    }


def _medication_statement(
    trial: MedicationTrial, assessed: dict[str, Any] | None, patient_ref: str, qr_ref: str
) -> dict[str, Any]:
    details = [
        f"Taken for {trial.weeks} weeks" if trial.weeks is not None else "Weeks not given",
        f"adherence: {words.label(criteria.ADHERENCE_LABELS, trial.adherence or None)}",
        f"improvement: {words.label(criteria.IMPROVEMENT_LABELS, trial.improvement or None)}",
    ]
    if assessed:
        details.append(
            "screening assessment: "
            + words.label(words.TRIAL_STATUS_LABELS, assessed.get("status"))
        )
    statement: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "status": "stopped" if trial.stopped_for_side_effects else "completed",
        "medicationCodeableConcept": {"text": trial.medication or "Not named"},
        "subject": {"reference": patient_ref},
        "informationSource": {"reference": patient_ref},
        "derivedFrom": [{"reference": qr_ref}],
        "note": [{"text": "; ".join(details)}],
    }
    if trial.dose_mg is not None:
        statement["dosage"] = [
            {
                "text": f"{trial.dose_mg:g} mg a day (highest daily dose)",
                "doseAndRate": [
                    {
                        "doseQuantity": {
                            "value": float(trial.dose_mg),
                            "unit": "mg",
                            "system": UCUM,
                            "code": "mg",
                        }
                    }
                ],
            }
        ]
    return statement


def _scale_observations(
    response: ScaleResponse, patient_ref: str, qr_ref: str | None
) -> list[tuple[str, dict[str, Any]]]:
    """The total-score Observation and the panel Observation holding each item."""
    scale = SCALES[response.scale]
    category = [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey"}]}]
    derived = [{"reference": qr_ref}] if qr_ref else None
    total_ref = _urn()
    total = {
        "resourceType": "Observation",
        "status": "final",
        "category": category,
        "code": _loinc(*scale["total"]),
        "subject": {"reference": patient_ref},
        "effectiveDateTime": _when(response.recorded_at),
        "valueInteger": response.total,
        "interpretation": [{"text": response.severity.replace("_", " ")}]
        if response.severity
        else None,
        "derivedFrom": derived,
    }
    panel = {
        "resourceType": "Observation",
        "status": "final",
        "category": category,
        "code": _loinc(*scale["panel"]),
        "subject": {"reference": patient_ref},
        "effectiveDateTime": _when(response.recorded_at),
        "hasMember": [{"reference": total_ref}],
        "derivedFrom": derived,
        # Which official translation was answered: the wordings differ (issue 19).
        "note": [{"text": f"Answered in {language_name(response.language)}"}]
        if response.language
        else None,
        "component": [
            {"code": {"text": label}, "valueInteger": value}
            for label, value in zip(scale["items"], response.answers or [], strict=False)
            if value is not None
        ],
    }
    return [(total_ref, total), (_urn(), panel)]


def _drop_empty(value: Any) -> Any:
    """FHIR forbids empty values: drop None, empty strings, lists and objects throughout."""
    if isinstance(value, dict):
        cleaned = {k: _drop_empty(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        cleaned_list = [_drop_empty(v) for v in value]
        return [v for v in cleaned_list if v not in (None, "", [], {})]
    return value


def case_bundle(case: Submission, *, now: datetime) -> Bundle:
    """The case as a validated R4B Bundle of type "collection"."""
    patient_ref, qr_ref = _urn(), _urn()
    trials = list(case.trials.order_by("position"))
    determination = case.current_determination
    assessed = (determination.result.get("trials") or []) if determination else []
    entries: list[tuple[str, dict[str, Any]]] = [
        (patient_ref, _patient(case)),
        (qr_ref, _questionnaire_response(case, patient_ref, trials)),
    ]
    for index, trial in enumerate(trials):
        entries.append(
            (
                _urn(),
                _medication_statement(
                    trial,
                    assessed[index] if index < len(assessed) else None,
                    patient_ref,
                    qr_ref,
                ),
            )
        )
    for response in case.scale_responses.exclude(total=None).order_by("recorded_at", "id"):
        from_intake = response.source == ScaleResponse.Source.INTAKE
        entries.extend(_scale_observations(response, patient_ref, qr_ref if from_intake else None))
    return Bundle.model_validate(
        _drop_empty(
            {
                "resourceType": "Bundle",
                "type": "collection",
                "timestamp": _when(now),
                "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
            }
        )
    )

"""The prior-authorization packet's content for one case, treatment and profile (issue 17):
the case evaluated now on the clinician's latest verified history (else the patient's
account) under the chosen profile, put into `Packet` for the PDF and FHIR renderers."""

from datetime import datetime
from typing import Any

from django.utils import timezone

from screening import criteria
from screening.criteria.payers import INSURERS, PLAN_TYPES, profiles_first
from screening.exports.packet_content import (
    MISSING,
    Packet,
    PacketPhq9,
    PacketSafety,
    PacketScore,
    PacketTrial,
    RemsField,
)
from screening.models import MedicationTrial, ScaleResponse, Submission, TrialSource
from screening.staff import labels as words
from screening.staff.presenters.clinical import rule_set_in_words, source_of
from screening.staff.presenters.eligibility import CLINICIAN_VERIFIED, missing_words, profile_title
from screening.staff.selectors.patient_answers import (
    CURRENT_MEDICINE_KINDS,
    patient_current_medicines,
)
from screening.staff.selectors.verification import facts_for
from screening.staff.verification_forms import PSYCHOTHERAPY_LABELS

# The packets a case page offers: (treatment, profile) pairs, each payer's policy and the
# treatment's label. A payer whose policy is not yet a profile falls back to the label.
PACKETS: tuple[tuple[str, str], ...] = (
    ("spravato", "bcbsma-spravato"),
    ("spravato", "spravato-label"),
    ("ketamine", "bcbsma-spravato"),
    ("tms", "blue-tms"),
    ("tms", "tms-clearance"),
)
# ⚠ for the medical director: no LOINC code is confirmed here for the MADRS or HAM-D-17 totals,
# so the packet codes them in the clinic's own system, with their names as text.
SCALE_SYSTEM = "urn:trd-clinic:clinician-scale"


def packet_choices(insurer: str) -> list[dict[str, str]]:
    """The packets for the case page, the insurer's policies first."""
    first = set(profiles_first(insurer))
    ordered = sorted(PACKETS, key=lambda pair: pair[1] not in first)
    return [
        {
            "treatment": treatment,
            "profile": profile,
            "label": f"{words.label(words.TREATMENT_LABELS, treatment)} under "
            f"{profile_title(profile)} (v{criteria.PROFILES[profile].version})",
        }
        for treatment, profile in ordered
    ]


def packet_allowed(treatment: str, profile: str) -> bool:
    return (treatment, profile) in PACKETS


def _number(value: float | None) -> str:
    return f"{value:g}" if value is not None else MISSING


def _answer(value: bool | None) -> str:
    return {True: "Yes", False: "No"}.get(value, MISSING) if value is not None else MISSING


def _trials(result: criteria.Determination, sources: list[str]) -> list[PacketTrial]:
    rows = []
    for index, trial in enumerate(result.trials):
        dose, minimum, unit = trial.dose_mg, trial.min_dose_mg, trial.dose_unit or "mg/day"
        if dose is None:
            dose_text = MISSING
        elif minimum is None:
            dose_text = f"{dose:g} {unit} (no minimum on file for this medicine)"
        else:
            dose_text = f"{dose:g} {unit} against a minimum of {minimum:g} {unit}"
        weeks = f"{_number(trial.weeks)} weeks at dose"
        weeks += (
            f", {trial.total_weeks:g} weeks in total"
            if trial.total_weeks is not None
            else ", weeks in total not documented"
        )
        improvement = (
            words.label(criteria.IMPROVEMENT_LABELS, trial.improvement)
            if trial.improvement
            else MISSING
        )
        status = words.label(words.TRIAL_STATUS_LABELS, trial.status)
        rows.append(
            PacketTrial(
                number=index + 1,
                medication=trial.medication or trial.facts.medication or MISSING,
                medication_class=words.class_label(trial.drug_class)
                if trial.drug_class
                else "Not recognised",
                dose=dose_text,
                below_minimum=dose is not None and minimum is not None and dose < minimum,
                dose_mg=dose,
                weeks=weeks,
                adherence=words.label(criteria.ADHERENCE_LABELS, trial.adherence)
                if trial.adherence
                else MISSING,
                outcome=improvement
                + ("; stopped for side effects" if trial.facts.stopped_for_side_effects else ""),
                source=sources[index] if index < len(sources) else "Patient",
                current_episode={True: "Yes", False: "Not this episode"}.get(
                    trial.facts.current_episode, "Not known (counted as this episode)"
                )
                if trial.facts.current_episode is not None
                else "Not known (counted as this episode)",
                augmented_with=", ".join(trial.augmented_with) or "None",
                status=status,
            )
        )
    return rows


def _phq9(submission: Submission) -> list[PacketPhq9]:
    return [
        PacketPhq9(
            at=timezone.localtime(r.recorded_at),  # the clinic's day, as a payer reads it
            total=r.total,
            severity=words.label(words.PHQ9_SEVERITY_LABELS, r.severity),
            source=source_of(r),
        )
        for r in submission.scale_responses.filter(scale=ScaleResponse.Scale.PHQ9)
        .exclude(total=None)
        .order_by("recorded_at", "id")
        if r.total is not None
    ]


def _safety(
    treatment: str, facts: dict[str, Any], result: criteria.Determination
) -> tuple[list[PacketSafety], list[str]]:
    answers = facts.get("safety") or {}
    flags = (result.treatment_flags.to_json() if result.treatment_flags else {}).get(treatment)
    flagged = set(flags or [])
    rows, missing = [], []
    for key in criteria.TREATMENT_SAFETY_KEYS[treatment]:
        label = words.label(words.SAFETY_LABELS, key)
        answer = answers.get(key)
        if answer is None:
            missing.append(label)
        rows.append(PacketSafety(question=label, answer=_answer(answer), flagged=key in flagged))
    for extra in sorted(flagged - set(criteria.TREATMENT_SAFETY_KEYS[treatment])):
        rows.append(
            PacketSafety(
                question=words.label(words.SAFETY_LABELS, extra), answer="Yes", flagged=True
            )
        )
    return rows, missing


def _rems(submission: Submission) -> list[RemsField]:
    """The Spravato REMS patient enrollment form's fields: prefilled where the intake has them,
    blank for the clinician otherwise (⚠ for the medical director: check the field list against
    the current REMS form)."""
    medicines = patient_current_medicines(submission)
    fields = [
        RemsField("Patient first name", submission.first_name),
        RemsField("Patient last name", submission.last_name),
        RemsField(
            "Date of birth",
            submission.date_of_birth.strftime("%m/%d/%Y") if submission.date_of_birth else "",
        ),
        RemsField("Phone", submission.phone),
        RemsField("Sex", ""),
        RemsField("Address", ""),
    ]
    for code, label in CURRENT_MEDICINE_KINDS.items():
        value = "" if medicines is None else ("Yes" if code in medicines.kinds else "No")
        fields.append(RemsField(f"Currently taking: {label}", value))
    fields.append(RemsField("Other current medicines", medicines.other if medicines else ""))
    fields.append(RemsField("Healthcare setting (REMS certified)", ""))
    fields.append(RemsField("Prescriber's signature and date", ""))
    return fields


def packet_for(
    submission: Submission, *, treatment: str, profile_name: str, by: str, now: datetime
) -> Packet:
    profile = criteria.get_profile(profile_name)
    facts, history = facts_for(submission)
    result = criteria.evaluate(criteria.parse_facts(facts), profile)
    if history is not None:
        sources = [TrialSource(t.source).label for t in history.trials.order_by("position")]
        who = history.created_by.get_username() if history.created_by else "a former staff member"
        verified = (
            f"{CLINICIAN_VERIFIED} history, version {history.version}, by {who} on "
            f"{timezone.localtime(history.created_at):%m/%d/%Y}"
        )
    else:
        sources = ["Patient"] * MedicationTrial.objects.filter(submission=submission).count()
        verified = "NOT clinician-verified: the patient's own account"
    psychotherapy = facts.get("psychotherapy") or {}
    weeks = psychotherapy.get("weeks")
    if psychotherapy.get("kind") or weeks is not None:
        therapy = PSYCHOTHERAPY_LABELS.get(psychotherapy.get("kind") or "", "Kind not given")
        therapy += f", {weeks} weeks" if weeks is not None else ", weeks MISSING"
        if psychotherapy.get("current_episode") is False:
            therapy += " (not this episode)"
    else:
        therapy = MISSING
    augmented = sum(1 for t in result.trials if t.augmented)
    safety, safety_missing = _safety(treatment, facts, result)
    insurer = INSURERS.get(submission.insurer)
    return Packet(
        generated_at=timezone.localtime(now),
        generated_by=by,
        treatment=treatment,
        treatment_label=words.label(words.TREATMENT_LABELS, treatment),
        profile_name=profile.name,
        profile_title=profile_title(profile.name),
        profile_version=profile.version,
        profile_description=profile.description,
        rule_set=rule_set_in_words(profile.parameters()),
        case_id=submission.public_id,
        patient_name=f"{submission.first_name} {submission.last_name}".strip() or MISSING,
        first_name=submission.first_name,
        last_name=submission.last_name,
        date_of_birth=submission.date_of_birth,
        language=submission.language,
        insurer=insurer.name if insurer else MISSING,
        plan_type=PLAN_TYPES.get(submission.plan_type, MISSING),
        member_id=submission.member_id or MISSING,
        diagnosis=(history.diagnosis if history else "") or MISSING,
        verified=verified,
        verdict=words.label(words.VERDICT_LABELS, result.verdict)
        + (f" ({CLINICIAN_VERIFIED})" if history else ""),
        failed_trials=result.adequate_failed_trials,
        failed_classes=[words.class_label(c) for c in result.failed_classes],
        missing_evidence=[missing_words(c, profile) for c in result.missing_evidence],
        review_reasons=[criteria.evidence_text(c) for c in result.review_reasons],
        trials=_trials(result, sources),
        augmentation=(
            f"{augmented} trial(s) with a recognised augmenting medicine"
            if augmented
            else f"{MISSING}: no trial with a recognised augmenting medicine"
        ),
        psychotherapy=therapy,
        psychotherapy_weeks=weeks,
        phq9=_phq9(submission),
        scales=[
            PacketScore(
                "MADRS",
                history.madrs if history else None,
                history.madrs_rated_on if history else None,
                SCALE_SYSTEM,
                "madrs",
            ),
            PacketScore(
                "HAM-D-17",
                history.hamd17 if history else None,
                history.hamd17_rated_on if history else None,
                SCALE_SYSTEM,
                "hamd17",
            ),
        ],
        safety=safety,
        safety_missing=safety_missing,
        rems=_rems(submission) if treatment == "spravato" else [],
    )

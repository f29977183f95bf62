"""What a clinician reads about a case, in words: the determination explained, the scales,
staging, risk factors, safety flags with the answers behind them, the rule-out checklist."""

from typing import Any

from screening import criteria
from screening.models import (
    Determination,
    ScaleResponse,
    Submission,
)
from screening.pages.languages import language_name, needs_interpreter
from screening.staff import labels as words
from screening.staff.presenters.chart import phq9_chart, phq9_outcome

# How a verdict made on a clinician's verified history is marked wherever it is shown (issue 17).
CLINICIAN_VERIFIED = "clinician-verified"

# --- A case: clinical detail (clinicians and admins only) -------------------------------------


def _number(value: Any) -> str:
    if value is None:
        return "—"
    return f"{float(value):g}"


def _trials(determination: Determination, typed: list[Any]) -> list[dict[str, Any]]:
    assessed = determination.result.get("trials") or []
    explained = (determination.explanation or {}).get("trials") or []
    rows = []
    for index, trial in enumerate(assessed):
        more = explained[index] if index < len(explained) else {}
        dose, minimum = more.get("dose_mg"), more.get("min_dose_mg")
        rows.append(
            {
                "number": index + 1,
                "typed": typed[index].medication if index < len(typed) else "",
                "medication": trial.get("medication") or "—",
                "class_label": words.class_label(trial.get("class")),
                "status": trial.get("status"),
                "status_label": words.label(words.TRIAL_STATUS_LABELS, trial.get("status")),
                "reasons": words.reason_texts(trial.get("reasons") or []),
                "dose": _number(dose),
                "min_dose": _number(minimum),
                "dose_unit": more.get("dose_unit") or "mg/day",
                "below_minimum": dose is not None and minimum is not None and dose < minimum,
                "weeks": _number(more.get("weeks")),
                "adherence": words.label(criteria.ADHERENCE_LABELS, more.get("adherence")),
                "improvement": words.label(criteria.IMPROVEMENT_LABELS, more.get("improvement")),
                "augmented_with": ", ".join(more.get("augmented_with") or []),
            }
        )
    return rows


def answered_in(response: ScaleResponse) -> str:
    """Which official translation was answered, for a clinician reading the score: "" for
    English (the clinic's own) and for answers recorded before the language was kept."""
    if not needs_interpreter(response.language):
        return ""
    return f"Answered in {language_name(response.language)} (the publisher's translation)"


def source_of(response: ScaleResponse) -> str:
    """ "Intake", or "Check-in, in Español" when another language's translation was answered."""
    source = response.get_source_display()
    if not needs_interpreter(response.language):
        return source
    return f"{source}, in {language_name(response.language)}"


def _scale(
    response: ScaleResponse | None, items: tuple[str, ...], severities: dict[str, str]
) -> dict[str, Any] | None:
    if response is None:
        return None
    answers = list(response.answers or [])
    return {
        "items": [
            {
                "label": item,
                "value": answers[index] if index < len(answers) else None,
                "answer": words.label(
                    words.SCALE_ANSWER_LABELS, answers[index] if index < len(answers) else None
                ),
            }
            for index, item in enumerate(items)
        ],
        "total": response.total,
        "severity": words.label(severities, response.severity),
        "functional": words.label(words.PHQ9_FUNCTIONAL_LABELS, response.functional_difficulty),
        "recorded_at": response.recorded_at,
        "language": answered_in(response),
    }


def _safety(result: dict[str, Any], facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Per treatment: each safety question it needs, the answer given, and whether it is flagged;
    plus the flags the engine raised from the health history (IV ketamine)."""
    flags = result.get("treatment_flags") or {}
    answers = facts.get("safety") or {}
    treatments = []
    for treatment, keys in criteria.TREATMENT_SAFETY_KEYS.items():
        flagged = set(flags.get(treatment) or [])
        rows = [
            {
                "label": words.label(words.SAFETY_LABELS, key),
                "answer": words.ANSWER_LABELS.get(answers.get(key), "Not answered"),
                "flagged": key in flagged,
            }
            for key in keys
        ]
        for extra in sorted(flagged - set(keys)):
            rows.append(
                {
                    "label": words.label(words.SAFETY_LABELS, extra),
                    "answer": _health_answer(extra, facts),
                    "flagged": True,
                }
            )
        treatments.append(
            {
                "label": words.label(words.TREATMENT_LABELS, treatment),
                "rows": rows,
                "flag_count": len(flagged),
                "answered": bool(flags) or bool(answers),
            }
        )
    return treatments


def _health_answer(flag: str, facts: dict[str, Any]) -> str:
    if flag == "substance_use":
        used = facts.get("substance_use") or []
        return "Yes: " + ", ".join(words.label(words.SUBSTANCE_LABELS, s) for s in used)
    return "Yes"


def _msm(result: dict[str, Any]) -> dict[str, Any] | None:
    msm = result.get("msm")
    if not msm:
        return None
    return {
        "total": msm.get("total"),
        "band": words.label(words.MSM_BAND_LABELS, msm.get("band")),
        "dimensions": [
            {"label": label, "points": msm.get(key), "range": points_range}
            for key, label, points_range in words.MSM_DIMENSIONS
        ],
    }


def case_determinations(submission: Submission) -> list[dict[str, Any]]:
    current = submission.current_determination_id
    return [
        {
            "created_at": d.created_at,
            "profile": f"{d.profile_name} v{d.profile_version}",
            "verdict_label": words.label(words.VERDICT_LABELS, d.verdict)
            + (f" ({CLINICIAN_VERIFIED})" if d.verified_history_id else ""),
            "requested_by": d.requested_by.get_username() if d.requested_by else "At submission",
            "current": d.pk == current,
        }
        for d in submission.determinations.select_related("requested_by")
        .only(
            "pk",
            "created_at",
            "profile_name",
            "profile_version",
            "verdict",
            "requested_by__username",
            "verified_history_id",
        )
        .order_by("created_at", "id")
    ]


def case_clinical(submission: Submission) -> dict[str, Any]:
    """Everything a clinician reads about the case: the determination explained, the scales,
    staging, risk factors, safety flags with the answers behind them, the rule-out checklist and
    the PHQ-9 over time."""
    determination = submission.current_determination
    responses = list(submission.scale_responses.order_by("recorded_at", "id"))
    intake = {r.scale: r for r in responses if r.source == ScaleResponse.Source.INTAKE}
    phq9_over_time = [
        r for r in responses if r.scale == ScaleResponse.Scale.PHQ9 and r.total is not None
    ]
    result = determination.result if determination else {}
    facts = determination.facts if determination else {}
    explanation = (determination.explanation if determination else {}) or {}
    profile = criteria.PROFILES.get(determination.profile_name) if determination else None
    health = facts or {}
    verified = bool(determination and determination.verified_history_id)
    typed = (
        list(determination.verified_history.trials.order_by("position"))
        if determination and determination.verified_history_id
        else list(submission.trials.order_by("position"))
    )
    return {
        "determination": determination,
        "verdict": result.get("verdict"),
        "verdict_label": words.label(words.VERDICT_LABELS, result.get("verdict"))
        + (f" ({CLINICIAN_VERIFIED})" if verified else ""),
        "clinician_verified": verified,
        "verdict_reasons": words.reason_texts(explanation.get("verdict_reasons") or []),
        "adequate_failed_trials": result.get("adequate_failed_trials"),
        "failed_classes": [words.class_label(c) for c in result.get("failed_classes") or []],
        "failed_weeks_total": _number(explanation.get("failed_weeks_total")),
        "profile": profile,
        "profile_parameters": determination.profile_parameters if determination else {},
        "rule_set": rule_set_in_words(determination.profile_parameters if determination else {}),
        "trials": _trials(determination, typed) if determination else [],
        "determinations": case_determinations(submission),
        "phq9": _scale(
            intake.get(ScaleResponse.Scale.PHQ9),
            words.PHQ9_ITEM_LABELS,
            words.PHQ9_SEVERITY_LABELS,
        ),
        "gad7": _scale(
            intake.get(ScaleResponse.Scale.GAD7),
            words.GAD7_ITEM_LABELS,
            words.GAD7_SEVERITY_LABELS,
        ),
        "msm": _msm(result),
        "risk_factors": [
            words.label(words.RISK_FACTOR_LABELS, code) for code in result.get("risk_factors") or []
        ],
        "comorbidities": [
            words.label(words.COMORBIDITY_LABELS, c) for c in health.get("comorbidities") or []
        ],
        "substance_use": [
            words.label(words.SUBSTANCE_LABELS, s) for s in health.get("substance_use") or []
        ],
        "social_support": words.label(words.SOCIAL_SUPPORT_LABELS, health.get("social_support")),
        "safety": _safety(result, facts),
        "unanswered_safety": [
            words.label(words.SAFETY_LABELS, key)
            for key in explanation.get("unanswered_safety") or []
        ],
        "rule_out": [
            {"code": code, "label": label, "checked": bool((submission.rule_out or {}).get(code))}
            for code, label in words.RULE_OUT_ITEMS
        ],
        "phq9_over_time": [
            {
                "at": r.recorded_at,
                "source": source_of(r),
                "total": r.total,
                "severity": words.label(words.PHQ9_SEVERITY_LABELS, r.severity),
                "outcome": phq9_outcome(phq9_over_time[0].total, r.total) if index else "Baseline",
            }
            for index, r in enumerate(phq9_over_time)
        ],
        "chart": phq9_chart([(r.recorded_at, r.total or 0) for r in phq9_over_time]),
    }


_SCALE_NAMES = {"madrs": "MADRS", "hamd17": "HAM-D-17"}


def rule_set_in_words(parameters: dict[str, Any]) -> str:
    """A profile's parameters as one sentence for the case page. The failure boundary comes from
    the engine's named constants, so the page and the rule can never disagree."""
    if not parameters:
        return "—"
    classes = parameters.get("min_distinct_classes") or 1
    if parameters.get("failure_below") == "partial":
        failed = f"{criteria.NON_RESPONSE_MAX_PERCENT} % better or less"
    else:
        failed = f"under {criteria.RESPONSE_MIN_PERCENT} % better"
    parts = [
        f"At least {parameters.get('min_failed_trials')} adequate failed trials from at least "
        f"{classes} class{'es' if classes != 1 else ''}",
        f"{parameters.get('min_weeks')} weeks at or above the minimum dose",
        f"failed means {failed}",
    ]
    if parameters.get("min_total_weeks"):
        parts.append(f"at least {parameters['min_total_weeks']} weeks in total")
    if parameters.get("count_intolerance"):
        parts.append("stopping early for side effects counts as failed")
    if parameters.get("min_augmented_failed_trials"):
        count = parameters["min_augmented_failed_trials"]
        parts.append(f"at least {count} failed trial{'s' if count != 1 else ''} with augmentation")
    if parameters.get("min_psychotherapy_weeks"):
        parts.append(
            f"at least {parameters['min_psychotherapy_weeks']} weeks of psychotherapy this episode"
        )
    if severity := parameters.get("min_clinician_severity"):
        either = " or ".join(f"{_SCALE_NAMES.get(k, k)} ≥ {v}" for k, v in severity.items())
        parts.append(f"a clinician-rated {either}")
    return "; ".join(parts) + "."

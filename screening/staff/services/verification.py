"""The clinician's verification of a case's history (issue 17).

Each save is one transaction: a new `VerifiedHistory` version, complete in itself (the previous
version's trials and fields copied, the change applied), with who, when, why and the list of
changes; one audited CaseEvent per change; then the case is evaluated again on the new version
under the profile of its current determination, which becomes current, marked clinician-verified.
The patient's own answers are never touched. Version 1 starts from the patient's account.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from screening import criteria
from screening.intake.determinations import active_profile
from screening.intake.facts import augmentation_fact
from screening.models import (
    CaseEvent,
    Determination,
    MedicationTrial,
    Submission,
    TrialSource,
    VerifiedHistory,
    VerifiedTrial,
)
from screening.staff.selectors.patient_answers import patient_psychotherapy
from screening.staff.selectors.verification import facts_for
from screening.staff.services.cases import _locked_case, _record
from screening.staff.services.evaluation import determination_build

TRIAL_FIELDS = (
    "medication",
    "dose_mg",
    "total_weeks",
    "weeks",
    "adherence",
    "improvement",
    "stopped_for_side_effects",
    "current_episode",
    "augmented_with",
    "source",
)
CLINICAL_FIELDS = (
    "diagnosis",
    "psychotherapy_kind",
    "psychotherapy_weeks",
    "psychotherapy_current_episode",
    "madrs",
    "madrs_rated_on",
    "hamd17",
    "hamd17_rated_on",
)


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return (a is None) == (b is None) and (a is None or Decimal(a) == Decimal(b))
    return bool(a == b)


def _starting_point(case: Submission) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The latest version's trials and clinical fields, or the patient's account for v1."""
    latest = case.verified_histories.order_by("-version").first()
    if latest is not None:
        trials = [
            {"patient_position": t.patient_position, **{f: getattr(t, f) for f in TRIAL_FIELDS}}
            for t in latest.trials.order_by("position")
        ]
        return trials, {f: getattr(latest, f) for f in CLINICAL_FIELDS}
    trials = [
        {
            "patient_position": trial.position,
            **{f: getattr(trial, f) for f in TRIAL_FIELDS if f != "source"},
            # The intake's "nothing" / "not sure" codes are no augmenter to a clinician.
            "augmented_with": augmentation_fact(trial.augmented_with) or "",
            "source": TrialSource.PATIENT,
        }
        for trial in MedicationTrial.objects.filter(submission=case).order_by("position")
    ]
    reported = patient_psychotherapy(case) or {}
    clinical: dict[str, Any] = dict.fromkeys(CLINICAL_FIELDS)
    clinical.update(
        diagnosis="",
        psychotherapy_kind=reported.get("kind") or "",
        psychotherapy_weeks=reported.get("weeks"),
        psychotherapy_current_episode=reported.get("current_episode"),
    )
    return trials, clinical


def _save_version(
    case: Submission,
    *,
    trials: list[dict[str, Any]],
    clinical: dict[str, Any],
    changes: list[dict[str, Any]],
    reason: str,
    by: AbstractBaseUser,
    ip: str | None,
    now: datetime,
) -> VerifiedHistory:
    latest = case.verified_histories.order_by("-version").first()
    history = VerifiedHistory.objects.create(
        submission=case,
        version=(latest.version + 1) if latest else 1,
        created_at=now,
        created_by=by,
        reason=reason,
        changes=changes,
        **clinical,
    )
    VerifiedTrial.objects.bulk_create(
        VerifiedTrial(history=history, position=index, **trial)
        for index, trial in enumerate(trials, start=1)
    )
    for change in changes:
        _record(
            case,
            kind=CaseEvent.Kind.HISTORY_VERIFIED,
            action="case_history_verified",
            by=by,
            ip=ip,
            now=now,
            detail={"version": history.version, "what": change["what"]},
        )
    return history


def _evaluate_verified(
    case: Submission,
    history: VerifiedHistory,
    *,
    by: AbstractBaseUser,
    ip: str | None,
    now: datetime,
) -> Determination:
    before = case.current_determination
    name = before.profile_name if before else None
    profile = criteria.PROFILES.get(name) if name else None
    profile = profile or active_profile()
    facts, _ = facts_for(case, history=history)
    determination = determination_build(
        submission=case, profile=profile, facts=facts, history=history, now=now, requested_by=by
    )
    determination.save()
    case.current_determination = determination
    case.save(update_fields=["current_determination", "updated_at"])
    _record(
        case,
        kind=CaseEvent.Kind.RE_EVALUATED,
        action="case_re_evaluated",
        by=by,
        ip=ip,
        now=now,
        detail={
            "profile": profile.name,
            "profile_version": profile.version,
            "from_verdict": before.verdict if before else None,
            "to_verdict": determination.verdict,
            "clinician_verified": True,
            "history_version": history.version,
        },
    )
    return determination


def history_verify_trial(
    *,
    submission: Submission,
    trial: str,
    values: dict[str, Any],
    reason: str,
    by: AbstractBaseUser,
    ip: str | None,
    now: datetime,
) -> VerifiedHistory | None:
    """Confirm or correct trial number `trial` (its position in the latest version, or in the
    patient's list before any) or, with "new", add one found in records. Returns the new
    version, or None when nothing changed (no version is made for an unchanged save)."""
    with transaction.atomic():
        case = _locked_case(submission)
        trials, clinical = _starting_point(case)
        changes: list[dict[str, Any]] = []
        if trial == "new":
            trials.append({"patient_position": None, **values})
            number = len(trials)
            changes.append({"what": f"trial_{number}_added", "from": None, "to": None})
            for field in TRIAL_FIELDS:
                if values.get(field) not in (None, ""):
                    changes.append(
                        {
                            "what": f"trial_{number}_{field}",
                            "from": None,
                            "to": _json(values[field]),
                        }
                    )
        else:
            number = int(trial)
            current = trials[number - 1]
            for field in TRIAL_FIELDS:
                if not _same(current.get(field), values.get(field)):
                    changes.append(
                        {
                            "what": f"trial_{number}_{field}",
                            "from": _json(current.get(field)),
                            "to": _json(values.get(field)),
                        }
                    )
            if not changes and case.verified_histories.exists():
                return None
            if not changes:
                # Confirming the patient's trial as it stands is itself a verification.
                changes.append({"what": f"trial_{number}_confirmed", "from": None, "to": None})
            current.update(values)
        history = _save_version(
            case,
            trials=trials,
            clinical=clinical,
            changes=changes,
            reason=reason,
            by=by,
            ip=ip,
            now=now,
        )
        _evaluate_verified(case, history, by=by, ip=ip, now=now)
        return history


def history_verify_clinical(
    *,
    submission: Submission,
    values: dict[str, Any],
    reason: str,
    by: AbstractBaseUser,
    ip: str | None,
    now: datetime,
) -> VerifiedHistory | None:
    """Save the diagnosis, psychotherapy and clinician-rated scales as a new version; None when
    nothing changed."""
    with transaction.atomic():
        case = _locked_case(submission)
        trials, clinical = _starting_point(case)
        changes = [
            {"what": field, "from": _json(clinical.get(field)), "to": _json(values.get(field))}
            for field in CLINICAL_FIELDS
            if not _same(clinical.get(field), values.get(field))
        ]
        if not changes:
            return None
        clinical.update(values)
        history = _save_version(
            case,
            trials=trials,
            clinical=clinical,
            changes=changes,
            reason=reason,
            by=by,
            ip=ip,
            now=now,
        )
        _evaluate_verified(case, history, by=by, ip=ip, now=now)
        return history

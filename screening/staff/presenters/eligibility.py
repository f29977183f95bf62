"""Eligibility at a glance (issue 17): the case under every shipped profile, one row each, the
patient's insurer's rows first, with what each counted and what each still lacks, in words."""

from typing import Any

from screening import criteria
from screening.criteria.payers import INSURERS, profiles_first
from screening.models import Submission, VerifiedHistory
from screening.staff import labels as words
from screening.staff.presenters.clinical import CLINICIAN_VERIFIED

# How staff name each shipped profile in the matrix; a new profile shows its code until named.
PROFILE_TITLES = {
    "clinic-default": "The clinic's rule",
    "fda-2019": "FDA 2019 wording",
    "atrq-strict": "MGH-ATRQ, strict",
    "seed-article": "The clinic's published article",
    "spravato-label": "Spravato: FDA label",
    "tms-clearance": "TMS: FDA clearance",
    "bcbsma-spravato": "BCBS MA: Spravato and IV ketamine",
    "blue-tms": "Blue plan: TMS",
}
SHORT_VERDICTS = {
    "meets": "Meets",
    "needs_review": "Needs review",
    "does_not_meet": "Does not meet",
}


def profile_title(name: str) -> str:
    return PROFILE_TITLES.get(name, name)


def ordered_profiles(insurer: str) -> list[str]:
    """Every shipped profile, the insurer's own rows first in the insurer's order."""
    first = [name for name in profiles_first(insurer) if name in criteria.PROFILES]
    return first + [name for name in criteria.PROFILES if name not in first]


_SCALE_NAMES = {"madrs": "MADRS", "hamd17": "HAM-D-17"}


def missing_words(code: str, profile: criteria.Profile) -> str:
    """The engine's sentence for a missing-evidence code, with the profile's own thresholds
    where the engine's sentence only names "the rule set's threshold"."""
    if code == "clinician_severity_score" and profile.min_clinician_severity:
        either = " or ".join(
            f"{_SCALE_NAMES.get(scale, scale)} ≥ {threshold}"
            for scale, threshold in profile.min_clinician_severity
        )
        return f"A {either} rated by a clinician"
    return criteria.evidence_text(code)


def eligibility_matrix(
    submission: Submission, facts: dict[str, Any], history: VerifiedHistory | None
) -> dict[str, Any]:
    """The rows of the matrix, and whose account they were evaluated on."""
    results = criteria.evaluate_all(criteria.parse_facts(facts))
    first = set(profiles_first(submission.insurer))
    rows = []
    for name in ordered_profiles(submission.insurer):
        result = results[name]
        profile = criteria.PROFILES[name]
        rows.append(
            {
                "name": name,
                "title": profile_title(name),
                "version": profile.version,
                "insurer_row": name in first,
                "verdict": result.verdict,
                "verdict_label": SHORT_VERDICTS.get(result.verdict, result.verdict),
                "failed_trials": result.adequate_failed_trials,
                "failed_classes": [words.class_label(c) for c in result.failed_classes],
                "classes_counted": len(result.failed_classes),
                "missing": [missing_words(code, profile) for code in result.missing_evidence],
                "review": [criteria.evidence_text(code) for code in result.review_reasons],
            }
        )
    insurer = INSURERS.get(submission.insurer)
    return {
        "rows": rows,
        "insurer": insurer.name if insurer else "Not given",
        "verified": history is not None,
        "verified_version": history.version if history else None,
        "source": f"{CLINICIAN_VERIFIED} history, version {history.version}"
        if history
        else "the patient's own account (not yet verified by a clinician)",
    }

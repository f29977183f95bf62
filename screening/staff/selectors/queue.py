"""Reads for the staff workspace: the queue, a case, its history, duplicates, the audit trail.

Clinical reads (`case_clinical`, the chart) are separate from contact-and-workflow reads, so a
coordinator's page is built without ever loading a clinical answer (security.md item 1).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone

from screening import criteria
from screening.models import (
    AuditEvent,
    CallbackRequest,
    CaseEvent,
    CaseNote,
    Consent,
    Determination,
    MedicationTrial,
    ScaleResponse,
    Submission,
)
from screening.staff import labels as words
from screening.staff.roles import ADMIN, CLINICIAN, COORDINATOR

QUEUE_PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 50
SAME_PERSON_LIMIT = 20

# Open cases unless the filter says otherwise: closed ones are done with.
STATUS_OPEN = "open"
STATUS_ANY = "all"
URGENT_UNACKNOWLEDGED = "unacknowledged"
URGENT_ANY = "urgent"
NOT_URGENT = "not_urgent"

DEFAULT_CRITERIA: dict[str, Any] = {
    "status": STATUS_OPEN,
    "verdict": "",
    "location": None,
    "urgent": "",
    "mine": False,
    "received_from": None,
    "received_to": None,
    "search": "",
}

# The columns a queue row shows; nothing else is loaded (the determination's JSON stays put).
QUEUE_ROW_FIELDS = (
    "public_id",
    "first_name",
    "last_name",
    "submitted_at",
    "urgent",
    "urgent_acknowledged_at",
    "case_status",
    "current_determination__verdict",
    "current_determination__phq9_severity",
    "current_determination__msm_band",
    "preferred_location__name",
    "assigned_to__username",
)


# --- The queue ---------------------------------------------------------------------------------


def _day_start(day: date) -> datetime:
    """Midnight at the clinic of `day` (received dates are the clinic's calendar days)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _search(queryset: QuerySet[Submission], text: str) -> QuerySet[Submission]:
    """Every word must match a first name, last name, email or (as digits) a phone number."""
    for word in text.split()[:5]:
        matches = (
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
        digits = re.sub(r"\D", "", word)
        if len(digits) >= 3:
            matches |= Q(phone__contains=digits)
        queryset = queryset.filter(matches)
    return queryset


def staff_visible() -> Q:
    """What staff work on: submitted intakes, and unfinished ones whose PHQ-9 item 9 was above
    zero (staff are alerted at once and must be able to reach the person)."""
    return Q(state=Submission.State.SUBMITTED) | Q(state=Submission.State.DRAFT, urgent=True)


def queue_submissions(
    *, criteria_json: dict[str, Any], user: AbstractBaseUser, clinical: bool
) -> QuerySet[Submission]:
    """Submitted cases matching the filter, in queue order. `clinical` False ignores verdicts."""
    found = {**DEFAULT_CRITERIA, **criteria_json}
    queryset = Submission.objects.filter(staff_visible())
    status = found["status"] or STATUS_OPEN
    if status == STATUS_OPEN:
        queryset = queryset.exclude(case_status=Submission.CaseStatus.CLOSED)
    elif status != STATUS_ANY:
        queryset = queryset.filter(case_status=status)
    if clinical and found["verdict"]:
        queryset = queryset.filter(current_determination__verdict=found["verdict"])
    if found["location"]:
        queryset = queryset.filter(preferred_location_id=found["location"])
    if found["urgent"] == URGENT_UNACKNOWLEDGED:
        queryset = queryset.filter(urgent=True, urgent_acknowledged_at__isnull=True)
    elif found["urgent"] == URGENT_ANY:
        queryset = queryset.filter(urgent=True)
    elif found["urgent"] == NOT_URGENT:
        queryset = queryset.filter(urgent=False)
    if found["mine"]:
        queryset = queryset.filter(assigned_to=user)
    if found["received_from"]:
        queryset = queryset.filter(
            submitted_at__gte=_day_start(date.fromisoformat(found["received_from"]))
        )
    if found["received_to"]:
        day_after = date.fromisoformat(found["received_to"]) + timedelta(days=1)
        queryset = queryset.filter(submitted_at__lt=_day_start(day_after))
    if found["search"]:
        queryset = _search(queryset, found["search"])
    # queue_rank: an unacknowledged urgent flag first, then meets, needs review, does not meet
    # (kept by the database, screening.db.queue_rank); oldest first within each.
    return queryset.order_by("queue_rank", "submitted_at", "pk")


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


def queue_page(
    *, criteria_json: dict[str, Any], user: AbstractBaseUser, clinical: bool, page_number: Any
) -> tuple[Page, list[QueueRow]]:
    """One page of 50 in three queries, whatever the number of cases: the count, the page's
    ids in queue order (from indexes), then those 50 rows with what their columns show."""
    ordered_ids = queue_submissions(
        criteria_json=criteria_json, user=user, clinical=clinical
    ).values_list("pk", flat=True)
    page = Paginator(ordered_ids, QUEUE_PAGE_SIZE).get_page(page_number)
    ids = list(page.object_list)
    rows = (
        Submission.objects.filter(pk__in=ids)
        .select_related("current_determination", "preferred_location", "assigned_to")
        .only(*QUEUE_ROW_FIELDS)
    )
    by_id = {case.pk: case for case in rows}
    return page, queue_rows([by_id[pk] for pk in ids], clinical=clinical)


def staff_users() -> QuerySet:
    """Active accounts a case can be assigned to: members of a staff group, or superusers."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=(COORDINATOR, CLINICIAN, ADMIN)) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


# --- A case: contact and workflow (every staff role) ------------------------------------------


def case_for_staff(public_id: str) -> Submission | None:
    """A case by its public id: submitted, or an unfinished intake that raised an urgent flag."""
    return (
        Submission.objects.filter(staff_visible(), public_id=public_id)
        .select_related(
            "preferred_location", "assigned_to", "urgent_acknowledged_by", "current_determination"
        )
        .first()
    )


def case_consents(submission: Submission) -> list[Consent]:
    return list(submission.consents.order_by("recorded_at", "id"))


def case_notes(submission: Submission) -> list[CaseNote]:
    return list(submission.notes.select_related("author").order_by("created_at", "id"))


def _status_label(code: str | None) -> str:
    return str(Submission.CaseStatus(code).label) if code in Submission.CaseStatus.values else "—"


def _event_text(event: CaseEvent, *, clinical: bool) -> str:
    """One line of history in words. Clinical details (verdicts, rule-out items) only when
    `clinical`: a coordinator reads that a re-evaluation happened, not what it found."""
    detail = event.detail or {}
    kind = event.kind
    if kind == CaseEvent.Kind.STATUS_CHANGED:
        text = f"Status: {_status_label(detail.get('from'))} → {_status_label(detail.get('to'))}"
        reason = detail.get("close_reason")
        if reason in Submission.CloseReason.values:
            text += f" ({Submission.CloseReason(reason).label})"
        return text
    if kind == CaseEvent.Kind.ASSIGNED:
        if detail.get("to"):
            return f"Assigned to {detail['to']}"
        return f"Unassigned (was {detail.get('from') or 'nobody'})"
    if kind == CaseEvent.Kind.SUBMITTED and not clinical:
        return "Intake submitted"
    if kind == CaseEvent.Kind.SUBMITTED:
        verdict = words.label(words.VERDICT_LABELS, detail.get("verdict"))
        return f"Intake submitted: {verdict}" + (", urgent" if detail.get("urgent") else "")
    if clinical and kind == CaseEvent.Kind.RE_EVALUATED:
        return (
            f"Re-evaluated under {detail.get('profile')} v{detail.get('profile_version')}: "
            f"{words.label(words.VERDICT_LABELS, detail.get('from_verdict'))} → "
            f"{words.label(words.VERDICT_LABELS, detail.get('to_verdict'))}"
        )
    if clinical and kind == CaseEvent.Kind.RULE_OUT_UPDATED:
        items = dict(words.RULE_OUT_ITEMS)
        parts = [f"ticked {items.get(code, code)}" for code in detail.get("checked", [])]
        parts += [f"unticked {items.get(code, code)}" for code in detail.get("unchecked", [])]
        return "Rule-out checklist: " + "; ".join(parts)
    return str(CaseEvent.Kind(kind).label) if kind in CaseEvent.Kind.values else kind


def case_history(submission: Submission, *, clinical: bool) -> list[dict[str, Any]]:
    events = submission.events.select_related("actor").order_by("at", "id")
    return [
        {
            "at": event.at,
            "who": event.actor.get_username() if event.actor else "The system",
            "what": _event_text(event, clinical=clinical),
        }
        for event in events
    ]


def same_person_cases(submission: Submission) -> list[dict[str, Any]]:
    """Other submissions from the same person: same email, same phone, or same name and date of
    birth. Each says what matched, so staff can judge a coincidence."""
    rules = []
    if submission.email:
        rules.append(("email", Q(email__iexact=submission.email)))
    if submission.phone:
        rules.append(("phone", Q(phone=submission.phone)))
    if submission.first_name and submission.last_name and submission.date_of_birth:
        rules.append(
            (
                "name and date of birth",
                Q(
                    first_name__iexact=submission.first_name,
                    last_name__iexact=submission.last_name,
                    date_of_birth=submission.date_of_birth,
                ),
            )
        )
    if not rules:
        return []
    matches = Q()
    for _, rule in rules:
        matches |= rule
    others = (
        Submission.objects.filter(matches, state=Submission.State.SUBMITTED)
        .exclude(pk=submission.pk)
        .only(
            "public_id",
            "submitted_at",
            "case_status",
            "email",
            "phone",
            "first_name",
            "last_name",
            "date_of_birth",
        )
        .order_by("-submitted_at", "-pk")[:SAME_PERSON_LIMIT]
    )
    return [
        {
            "case": other,
            "status_label": _status_label(other.case_status),
            "matched_on": [name for name, rule in rules if _matches(other, name, submission)],
        }
        for other in others
    ]


def _matches(other: Submission, rule: str, submission: Submission) -> bool:
    if rule == "email":
        return other.email.lower() == submission.email.lower()
    if rule == "phone":
        return other.phone == submission.phone
    return (
        other.first_name.lower() == submission.first_name.lower()
        and other.last_name.lower() == submission.last_name.lower()
        and other.date_of_birth == submission.date_of_birth
    )


# --- A case: clinical detail (clinicians and admins only) -------------------------------------


def _number(value: Any) -> str:
    if value is None:
        return "—"
    return f"{float(value):g}"


def _trials(determination: Determination, typed: list[MedicationTrial]) -> list[dict[str, Any]]:
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
            "verdict_label": words.label(words.VERDICT_LABELS, d.verdict),
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
    return {
        "determination": determination,
        "verdict": result.get("verdict"),
        "verdict_label": words.label(words.VERDICT_LABELS, result.get("verdict")),
        "verdict_reasons": words.reason_texts(explanation.get("verdict_reasons") or []),
        "adequate_failed_trials": result.get("adequate_failed_trials"),
        "failed_classes": [words.class_label(c) for c in result.get("failed_classes") or []],
        "failed_weeks_total": _number(explanation.get("failed_weeks_total")),
        "profile": profile,
        "profile_parameters": determination.profile_parameters if determination else {},
        "trials": _trials(determination, list(submission.trials.order_by("position")))
        if determination
        else [],
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
                "source": r.get_source_display(),
                "total": r.total,
                "severity": words.label(words.PHQ9_SEVERITY_LABELS, r.severity),
            }
            for r in phq9_over_time
        ],
        "chart": phq9_chart([(r.recorded_at, r.total or 0) for r in phq9_over_time]),
    }


# --- The PHQ-9 chart: geometry for a server-rendered SVG --------------------------------------

CHART_WIDTH, CHART_HEIGHT = 560, 220
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 44, 16, 12, 36
PHQ9_MAX = 27
# Lines at the lower bound of each PHQ-9 band (clinical-reference.md §4).
PHQ9_BAND_LINES = ((5, "5"), (10, "10"), (15, "15"), (20, "20"))


def phq9_chart(points: list[tuple[datetime, int]]) -> dict[str, Any] | None:
    """Coordinates for a line of PHQ-9 totals over time (x by date, y 0-27), or None if empty."""
    if not points:
        return None
    plot_width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    first, last = points[0][0], points[-1][0]
    span = (last - first).total_seconds()

    def x_of(moment: datetime) -> float:
        if span <= 0:
            return CHART_LEFT + plot_width / 2
        return CHART_LEFT + plot_width * (moment - first).total_seconds() / span

    def y_of(total: int) -> float:
        return CHART_TOP + plot_height * (PHQ9_MAX - min(max(total, 0), PHQ9_MAX)) / PHQ9_MAX

    dots = [
        {"x": round(x_of(at), 1), "y": round(y_of(total), 1), "total": total, "at": at}
        for at, total in points
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "top": CHART_TOP,
        "bottom": CHART_HEIGHT - CHART_BOTTOM,
        "dots": dots,
        "line": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "bands": [
            {"y": round(y_of(value), 1), "label": label, "label_y": round(y_of(value) + 4, 1)}
            for value, label in PHQ9_BAND_LINES
        ],
        "zero_label_y": round(y_of(0) + 4, 1),
        "max_label_y": round(y_of(PHQ9_MAX) + 4, 1),
        "date_label_y": CHART_HEIGHT - CHART_BOTTOM + 18,
        "first": first,
        "last": last,
    }


# --- Callback requests and the audit trail ----------------------------------------------------


def callback_requests(*, include_handled: bool) -> QuerySet[CallbackRequest]:
    queryset = CallbackRequest.objects.select_related("preferred_location", "handled_by")
    if not include_handled:
        queryset = queryset.filter(handled_at__isnull=True)
    return queryset.order_by("handled_at", "created_at", "id")


def audit_events(
    *,
    username: str = "",
    object_id: str = "",
    action: str = "",
    day_from: date | None = None,
    day_to: date | None = None,
) -> QuerySet[AuditEvent]:
    queryset = AuditEvent.objects.all()
    if username:
        queryset = queryset.filter(username=username)
    if object_id:
        queryset = queryset.filter(object_id=object_id)
    if action:
        queryset = queryset.filter(action=action)
    if day_from:
        queryset = queryset.filter(at__gte=_day_start(day_from))
    if day_to:
        queryset = queryset.filter(at__lt=_day_start(day_to + timedelta(days=1)))
    return queryset.order_by("-at", "-id")


def audit_page(*, page_number: Any, **filters: Any) -> Page:
    return Paginator(audit_events(**filters), AUDIT_PAGE_SIZE).get_page(page_number)

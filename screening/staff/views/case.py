"""A case: its page, the actions on it, the print summary and the FHIR export.

Each action view is: access helper → form → one service call → redirect back to the case. An
invalid form re-renders the case page with the errors beside the fields.
"""

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from screening.audit.services import audit_request, client_ip
from screening.exports.fhir_bundle import case_bundle
from screening.intake.reference import reference_of
from screening.models import AuditEvent, Submission
from screening.pages.languages import interpreter_note
from screening.reminders.selectors import case_reminders, messaging_status
from screening.staff.access import (
    PUBLIC_ID_SHAPE,
    access_case,
    back_to_case,
    signed_out_now,
    staff_page,
)
from screening.staff.forms import (
    AssignForm,
    ContactAttemptForm,
    NoteForm,
    ReEvaluateForm,
    RuleOutForm,
    StatusChangeForm,
)
from screening.staff.presenters.clinical import case_clinical
from screening.staff.presenters.eligibility import eligibility_matrix
from screening.staff.presenters.history import case_history, contact_log
from screening.staff.presenters.packet import packet_choices
from screening.staff.presenters.verification import verification_section
from screening.staff.roles import StaffRequest, second_factor_done
from screening.staff.selectors.case import case_consents, case_events, case_notes, same_person_cases
from screening.staff.selectors.verification import facts_for
from screening.staff.services import cases
from screening.staff.services.contact import case_log_contact
from screening.staff.services.kept_notes import kept_note_keep, kept_note_take
from screening.staff.views.files import attachment


def _case_context(request: StaffRequest, case: Submission) -> dict[str, Any]:
    """What the case page and the print summary show; clinical parts only for clinical roles."""
    clinical = request.staff_role.sees_clinical
    allowed = cases.allowed_statuses(case.case_status)
    events = case_events(case)
    context: dict[str, Any] = {
        "case": case,
        # The number the person was given on their result page and in the email (issue 16).
        "reference": reference_of(case.pk),
        "clinical": clinical,
        "consents": case_consents(case),
        "history": case_history(events, clinical=clinical),
        "contact_log": contact_log(events),
        "notes": case_notes(case),
        "reminders": case_reminders(submission=case),
        # Emails and texts apart: a START after an unsubscribe reopens texts only.
        "messaging": messaging_status(case),
        "same_person": same_person_cases(case),
        "allowed_statuses": [Submission.CaseStatus(s).label for s in allowed],
        "status_form": StatusChangeForm(initial={"status": allowed[0] if allowed else None}),
        "assign_form": AssignForm(
            initial={"assignee": case.assigned_to.get_username() if case.assigned_to else None}
        ),
        "note_form": NoteForm(),
        "contact_form": ContactAttemptForm(),
        "contact_limit": settings.CONTACT_FAILED_ATTEMPTS_LIMIT,
        # Issue 19: "Preferred language: Español — interpreter may be needed".
        "language_note": interpreter_note(case.language),
    }
    if clinical:
        detail = case_clinical(case)
        context["detail"] = detail
        context["re_evaluate_form"] = ReEvaluateForm(
            initial={"profile": case.current_determination.profile_name}
            if case.current_determination
            else None
        )
        context["rule_out_form"] = RuleOutForm(
            initial={item["code"]: item["checked"] for item in detail["rule_out"]}
        )
        # Issue 17: every profile at a glance, the clinician's verification, the packets.
        facts, history = facts_for(case)
        context["eligibility"] = eligibility_matrix(case, facts, history)
        context["verification"] = verification_section(case, history)
        context["packets"] = packet_choices(case.insurer)
    return context


def _case_page(
    request: StaffRequest,
    case: Submission,
    *,
    bound: dict[str, Any] | None = None,
    restored: dict[str, Any] | None = None,
) -> HttpResponse:
    context = _case_context(request, case)
    context.update(restored or {})
    context.update(bound or {})
    return render(request, "staff/case.html", context, status=400 if bound else 200)


def _invalid(
    request: StaffRequest, case: Submission, *, action: str, bound: dict[str, Any]
) -> HttpResponse:
    """A form came back invalid: audit the failed attempt, show the errors beside the fields."""
    audit_request(
        request,
        action=action,
        outcome=AuditEvent.Outcome.FAILED,
        object_type="submission",
        object_id=case.public_id,
    )
    return _case_page(request, case, bound=bound)


def _actor(request: StaffRequest) -> dict[str, Any]:
    return {"by": request.user, "ip": client_ip(request), "now": timezone.now()}


@staff_page("case_view")
@require_safe
def case_page(request: StaffRequest, public_id: str) -> HttpResponse:
    case = access_case(request, public_id, action="case_view")
    audit_request(request, action="case_view", object_type="submission", object_id=case.public_id)
    kept = kept_note_take(user=request.user, submission=case, now=timezone.now())
    if kept is None:
        return _case_page(request, case)
    messages.info(
        request,
        "The note you were writing when you were signed out is back in the note box."
        " Check it, then add it.",
    )
    return _case_page(request, case, restored={"note_form": NoteForm(initial={"body": kept})})


@never_cache
@require_POST
def case_keep_note(request: HttpRequest) -> HttpResponse:
    """The timeout warning's countdown ran out with text in a note box (static/js/
    staff-timeout.js): keep the text rather than add it unasked, then to the case page (if the
    session lives on, say in another tab: the note is put back at once) or to the sign-in page."""
    public_id = request.POST.get("case", "")
    if not PUBLIC_ID_SHAPE.fullmatch(public_id):
        return signed_out_now(request)
    if request.user.is_authenticated and second_factor_done(request):
        kept_note_keep(
            user=request.user,
            public_id=public_id,
            body=request.POST.get("body", ""),
            ip=client_ip(request),
            now=timezone.now(),
        )
        return redirect("staff_case", public_id=public_id)
    return signed_out_now(request, keep_note_on=public_id)


@staff_page("case_summary_view")
@require_safe
def case_summary(request: StaffRequest, public_id: str) -> HttpResponse:
    """A print-friendly summary for the paper chart (print styles in static/css/print.css)."""
    case = access_case(request, public_id, action="case_summary_view")
    audit_request(
        request, action="case_summary_view", object_type="submission", object_id=case.public_id
    )
    context = _case_context(request, case)
    context["printed_at"] = timezone.now()
    return render(request, "staff/case_summary.html", context)


@staff_page("case_status_changed")
@require_POST
def case_status(request: StaffRequest, public_id: str) -> HttpResponse:
    action = "case_status_changed"
    case = access_case(request, public_id, action=action)
    form = StatusChangeForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, action=action, bound={"status_form": form})
    try:
        changed = cases.case_change_status(
            submission=case,
            status=form.cleaned_data["status"],
            close_reason=form.cleaned_data["close_reason"],
            **_actor(request),
        )
    except cases.CaseChangeRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"Status changed to “{changed.get_case_status_display()}”.")
    return back_to_case(case, "workflow")


@staff_page("case_assigned")
@require_POST
def case_assign(request: StaffRequest, public_id: str) -> HttpResponse:
    action = "case_assigned"
    case = access_case(request, public_id, action=action)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, action=action, bound={"assign_form": form})
    assignee = form.cleaned_data["assignee"]
    cases.case_assign(submission=case, assignee=assignee, **_actor(request))
    who = assignee.get_username() if assignee else "nobody"
    messages.success(request, f"Assigned to {who}.")
    return back_to_case(case, "workflow")


@staff_page("case_note_added", keeps_note=True)
@require_POST
def case_note(request: StaffRequest, public_id: str) -> HttpResponse:
    action = "case_note_added"
    case = access_case(request, public_id, action=action)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, action=action, bound={"note_form": form})
    cases.case_add_note(submission=case, body=form.cleaned_data["body"], **_actor(request))
    messages.success(request, "Note added.")
    return back_to_case(case, "notes")


@staff_page("case_contact_logged")
@require_POST
def case_contact(request: StaffRequest, public_id: str) -> HttpResponse:
    """Log one attempt to reach the person (coordinators' daily work: every role may)."""
    action = "case_contact_logged"
    case = access_case(request, public_id, action=action)
    form = ContactAttemptForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, action=action, bound={"contact_form": form})
    logged = case_log_contact(submission=case, **form.cleaned_data, **_actor(request))
    messages.success(request, "Contact attempt logged.")
    if logged.case_status == Submission.CaseStatus.UNREACHABLE and (
        case.case_status != Submission.CaseStatus.UNREACHABLE
    ):
        messages.warning(
            request,
            f"{settings.CONTACT_FAILED_ATTEMPTS_LIMIT} attempts without reaching them: the case"
            " is now “Unable to reach”. The closing letter is below.",
        )
    return back_to_case(case, "contact-log")


@staff_page("case_urgent_acknowledged")
@require_POST
def case_acknowledge(request: StaffRequest, public_id: str) -> HttpResponse:
    action = "case_urgent_acknowledged"
    case = access_case(request, public_id, action=action, clinical=True)
    try:
        acknowledged = cases.case_acknowledge_urgent(submission=case, **_actor(request))
    except cases.CaseChangeRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "Urgent flag acknowledged: you have taken it on.")
        if acknowledged.assigned_to_id == request.user.pk:
            messages.info(request, "The case is assigned to you.")
    return back_to_case(case)


@staff_page("case_re_evaluated")
@require_POST
def case_re_evaluate(request: StaffRequest, public_id: str) -> HttpResponse:
    action = "case_re_evaluated"
    case = access_case(request, public_id, action=action, clinical=True)
    form = ReEvaluateForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, action=action, bound={"re_evaluate_form": form})
    determination = cases.case_re_evaluate(
        submission=case, profile_name=form.cleaned_data["profile"], **_actor(request)
    )
    messages.success(
        request,
        f"Re-evaluated under {determination.profile_name} v{determination.profile_version}; "
        "this determination is now current and the earlier ones are kept.",
    )
    return back_to_case(case, "determination")


@staff_page("case_rule_out_updated")
@require_POST
def case_rule_out(request: StaffRequest, public_id: str) -> HttpResponse:
    action = "case_rule_out_updated"
    case = access_case(request, public_id, action=action, clinical=True)
    form = RuleOutForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, action=action, bound={"rule_out_form": form})
    cases.case_update_rule_out(submission=case, checked=form.checked(), **_actor(request))
    messages.success(request, "Rule-out checklist saved.")
    return back_to_case(case, "rule-out")


@staff_page("case_export_fhir")
@require_safe
def case_fhir(request: StaffRequest, public_id: str) -> HttpResponse:
    """The case as a FHIR R4B Bundle (JSON), for clinicians and admins."""
    case = access_case(request, public_id, action="case_export_fhir", clinical=True)
    bundle = case_bundle(case, now=timezone.now())
    audit_request(
        request, action="case_export_fhir", object_type="submission", object_id=case.public_id
    )
    body = json.dumps(json.loads(bundle.model_dump_json()), indent=2)
    return attachment(body, content_type="application/fhir+json", stem="fhir-bundle", ext="json")

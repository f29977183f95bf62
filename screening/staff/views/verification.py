"""The clinician's verification of a case's history and the prior-authorization packets
(issue 17). Clinicians and admins only: everyone else gets a 404, as for a case that does not
exist (access_case(..., clinical=True))."""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from screening.exports.packet_content import Packet
from screening.exports.packet_fhir import packet_bundle
from screening.exports.packet_pdf import packet_pdf
from screening.models import MedicationTrial, Submission
from screening.staff.access import access_case, back_to_case, staff_page
from screening.staff.presenters.packet import packet_allowed, packet_for
from screening.staff.presenters.verification import verification_section
from screening.staff.roles import StaffRequest
from screening.staff.selectors.verification import latest_history
from screening.staff.services import packets, verification
from screening.staff.verification_forms import ClinicalVerifyForm, TrialVerifyForm
from screening.staff.views.case import _actor, _invalid
from screening.staff.views.files import attachment


def _positions(case: Submission) -> tuple[int, ...]:
    history = latest_history(case)
    count = (
        history.trials.count()
        if history
        else MedicationTrial.objects.filter(submission=case).count()
    )
    return tuple(range(1, count + 1))


@staff_page("case_history_verified")
@require_POST
def case_verify_trial(request: StaffRequest, public_id: str) -> HttpResponse:
    action = "case_history_verified"
    case = access_case(request, public_id, action=action, clinical=True)
    form = TrialVerifyForm(request.POST, positions=_positions(case))
    if not form.is_valid():
        section = verification_section(case, latest_history(case), bound=form)
        return _invalid(request, case, action=action, bound={"verification": section})
    saved = verification.history_verify_trial(
        submission=case,
        trial=form.cleaned_data["trial"],
        values=form.values(),
        reason=form.cleaned_data["reason"],
        **_actor(request),
    )
    if saved is None:
        messages.info(request, "Nothing changed: the trial is as it was.")
    else:
        messages.success(
            request,
            f"Verified history saved as version {saved.version}; the case was evaluated again"
            " on it (clinician-verified).",
        )
    return back_to_case(case, "verification")


@staff_page("case_history_verified")
@require_POST
def case_verify_clinical(request: StaffRequest, public_id: str) -> HttpResponse:
    action = "case_history_verified"
    case = access_case(request, public_id, action=action, clinical=True)
    form = ClinicalVerifyForm(request.POST, auto_id="id_clinical_%s")
    if not form.is_valid():
        section = verification_section(case, latest_history(case), bound=form)
        return _invalid(request, case, action=action, bound={"verification": section})
    saved = verification.history_verify_clinical(
        submission=case,
        values=form.values(),
        reason=form.cleaned_data["reason"],
        **_actor(request),
    )
    if saved is None:
        messages.info(request, "Nothing changed.")
    else:
        messages.success(
            request,
            f"Verified history saved as version {saved.version}; the case was evaluated again"
            " on it (clinician-verified).",
        )
    return back_to_case(case, "verification")


def _packet(
    request: StaffRequest, public_id: str, treatment: str, profile: str, kind: str
) -> Packet:
    action = "case_packet_generated"
    case = access_case(request, public_id, action=action, clinical=True)
    if not packet_allowed(treatment, profile):
        raise Http404
    actor = _actor(request)
    packets.packet_generated(
        submission=case, treatment=treatment, profile_name=profile, kind=kind, **actor
    )
    return packet_for(
        case,
        treatment=treatment,
        profile_name=profile,
        by=request.user.get_username(),
        now=timezone.localtime(actor["now"]),
    )


@staff_page("case_packet_generated")
@require_safe
def case_packet_pdf(
    request: StaffRequest, public_id: str, treatment: str, profile: str
) -> HttpResponse:
    """The packet as a PDF, made in memory and sent with no-store (never kept, never mailed)."""
    packet = _packet(request, public_id, treatment, profile, "pdf")
    return attachment(
        packet_pdf(packet), content_type="application/pdf", stem=f"packet-{treatment}", ext="pdf"
    )


@staff_page("case_packet_generated")
@require_safe
def case_packet_fhir(
    request: StaffRequest, public_id: str, treatment: str, profile: str
) -> HttpResponse:
    packet = _packet(request, public_id, treatment, profile, "fhir")
    body = json.dumps(json.loads(packet_bundle(packet).model_dump_json()), indent=2)
    return attachment(
        body, content_type="application/fhir+json", stem=f"packet-{treatment}", ext="json"
    )

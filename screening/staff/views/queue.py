"""The review queue: who needs a call first, filtered without personal data in the URL.

A filter is POSTed, kept on the server under a random id (SavedQueueFilter), and the browser
is sent to /staff/q/<id>/; only that id and a page number ever appear in the address.
"""

import io
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from screening.audit.services import audit_request, client_ip
from screening.exports.csv_queue import EXPORT_FIELDS, write_queue_csv
from screening.models import AuditEvent
from screening.staff.access import access_clinical, access_saved_filter, staff_page
from screening.staff.forms import QueueBulkForm, QueueFilterForm, queue_filter_initial
from screening.staff.presenters.queue import queue_rows
from screening.staff.roles import StaffRequest
from screening.staff.selectors.queue import (
    DEFAULT_CRITERIA,
    queue_page,
    queue_submissions,
    urgent_drafts_without_contact,
)
from screening.staff.services.bulk import ACKNOWLEDGE, BulkOutcome, queue_bulk_apply
from screening.staff.services.cases import queue_filter_save
from screening.staff.views.files import attachment


def _render_queue(
    request: StaffRequest,
    *,
    form: QueueFilterForm,
    criteria_json: dict[str, Any],
    filter_id: str = "",
    status: int = 200,
    bulk_form: QueueBulkForm | None = None,
) -> HttpResponse:
    clinical = request.staff_role.sees_clinical
    page, cases = queue_page(
        criteria_json=criteria_json,
        user=request.user,
        clinical=clinical,
        page_number=request.GET.get("page"),
    )
    audit_request(request, action="queue_view", object_type="queue_filter", object_id=filter_id)
    return render(
        request,
        "staff/queue.html",
        {
            "form": form,
            "page": page,
            "rows": queue_rows(cases, clinical=clinical, now=timezone.now()),
            "bulk_form": bulk_form or QueueBulkForm(clinical=clinical),
            "clinical": clinical,
            "filter_id": filter_id,
            "filtered": criteria_json != DEFAULT_CRITERIA,
            "nav": "queue",
            "unreachable_urgent": urgent_drafts_without_contact(),
        },
        status=status,
    )


@staff_page("queue_view")
@require_http_methods(["GET", "POST"])
def queue(request: StaffRequest) -> HttpResponse:
    clinical = request.staff_role.sees_clinical
    if request.method == "POST":
        form = QueueFilterForm(request.POST, clinical=clinical)
        if form.is_valid():
            saved = queue_filter_save(
                owner=request.user,
                criteria_json=form.criteria_json(),
                ip=client_ip(request),
                now=timezone.now(),
            )
            return redirect("staff_queue_filtered", filter_id=saved.public_id)
        return _render_queue(request, form=form, criteria_json=DEFAULT_CRITERIA, status=400)
    form = QueueFilterForm(initial=queue_filter_initial(DEFAULT_CRITERIA), clinical=clinical)
    return _render_queue(request, form=form, criteria_json=DEFAULT_CRITERIA)


@staff_page("queue_view")
@require_safe
def queue_filtered(request: StaffRequest, filter_id: str) -> HttpResponse:
    saved = access_saved_filter(request, filter_id, action="queue_view")
    clinical = request.staff_role.sees_clinical
    form = QueueFilterForm(initial=queue_filter_initial(saved.criteria), clinical=clinical)
    return _render_queue(
        request, form=form, criteria_json=saved.criteria, filter_id=saved.public_id
    )


@staff_page("queue_export_csv")
@require_safe
def queue_export(request: StaffRequest, filter_id: str = "") -> HttpResponse:
    """The whole current filter (every page) as CSV: clinicians and admins only."""
    access_clinical(request, action="queue_export_csv", object_id=filter_id)
    criteria_json = DEFAULT_CRITERIA
    if filter_id:
        criteria_json = access_saved_filter(request, filter_id, action="queue_export_csv").criteria
    cases = (
        queue_submissions(criteria_json=criteria_json, user=request.user, clinical=True)
        .select_related("current_determination", "preferred_location", "assigned_to")
        .only(*EXPORT_FIELDS)
    )
    out = io.StringIO()
    write_queue_csv(cases.iterator(chunk_size=2000), out)
    audit_request(
        request, action="queue_export_csv", object_type="queue_filter", object_id=filter_id
    )
    return attachment(
        out.getvalue(), content_type="text/csv; charset=utf-8", stem="queue", ext="csv"
    )


def _bulk_message(request: StaffRequest, outcome: BulkOutcome) -> None:
    if outcome.changed:
        messages.success(
            request, f"{outcome.changed} case{'s' if outcome.changed != 1 else ''} changed."
        )
    for refusal in outcome.refused:
        messages.error(request, refusal)
    if outcome.missing:
        messages.error(request, f"{outcome.missing} ticked case(s) could not be found.")


@staff_page("case_assigned")
@require_POST
def queue_bulk(request: StaffRequest) -> HttpResponse:
    """Assign, acknowledge or move the ticked cases; back to the queue the person came from."""
    clinical = request.staff_role.sees_clinical
    filter_id = request.POST.get("filter_id", "")
    saved = access_saved_filter(request, filter_id, action="queue_view") if filter_id else None
    if request.POST.get("action") == ACKNOWLEDGE:
        access_clinical(request, action="case_urgent_acknowledged")
    form = QueueBulkForm(request.POST, clinical=clinical)
    if not form.is_valid():
        audit_request(
            request,
            action="case_assigned"
            if request.POST.get("action") != "status"
            else "case_status_changed",
            outcome=AuditEvent.Outcome.FAILED,
            object_type="queue_filter",
            object_id=filter_id,
        )
        criteria_json = saved.criteria if saved else DEFAULT_CRITERIA
        return _render_queue(
            request,
            form=QueueFilterForm(initial=queue_filter_initial(criteria_json), clinical=clinical),
            criteria_json=criteria_json,
            filter_id=saved.public_id if saved else "",
            status=400,
            bulk_form=form,
        )
    data = form.cleaned_data
    outcome = queue_bulk_apply(
        public_ids=data["cases"],
        action=data["action"],
        assignee=data["assignee"],
        status=data["status"],
        close_reason=data["close_reason"],
        by=request.user,
        ip=client_ip(request),
        now=timezone.now(),
    )
    _bulk_message(request, outcome)
    if saved:
        return redirect("staff_queue_filtered", filter_id=saved.public_id)
    return redirect("staff_queue")

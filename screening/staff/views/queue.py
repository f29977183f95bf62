"""The review queue: who needs a call first, filtered without personal data in the URL.

A filter is POSTed, kept on the server under a random id (SavedQueueFilter), and the browser
is sent to /staff/q/<id>/; only that id and a page number ever appear in the address.
"""

import io
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from screening.audit.services import audit_request, client_ip
from screening.exports.csv_queue import EXPORT_FIELDS, write_queue_csv
from screening.staff.access import access_clinical, access_saved_filter, staff_page
from screening.staff.forms import QueueFilterForm, queue_filter_initial
from screening.staff.presenters.queue import queue_rows
from screening.staff.roles import StaffRequest
from screening.staff.selectors.queue import DEFAULT_CRITERIA, queue_page, queue_submissions
from screening.staff.services.cases import queue_filter_save
from screening.staff.views.files import attachment


def _render_queue(
    request: StaffRequest,
    *,
    form: QueueFilterForm,
    criteria_json: dict[str, Any],
    filter_id: str = "",
    status: int = 200,
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
            "clinical": clinical,
            "filter_id": filter_id,
            "filtered": criteria_json != DEFAULT_CRITERIA,
            "nav": "queue",
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

"""The audit trail, for admins: by user, by case (or other object) and by date.

Filters travel as plain GET parameters: usernames, public ids, action codes and dates are not
patient data. There is no edit or delete here, nor anywhere else in the app.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from screening.audit.selectors import audit_page
from screening.audit.services import ACTIONS, audit_request
from screening.staff.access import access_audit_trail, staff_page
from screening.staff.forms import AuditFilterForm
from screening.staff.roles import StaffRequest


@staff_page("audit_view")
@require_safe
def audit_trail(request: StaffRequest) -> HttpResponse:
    access_audit_trail(request)
    form = AuditFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else AuditFilterForm.filters_empty()
    # Audited first, so the page (read lazily while rendering) counts and lists the same events.
    audit_request(request, action="audit_view", object_type="audit_event")
    page = audit_page(page_number=request.GET.get("page"), **filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "staff/audit.html",
        {
            "form": form,
            "page": page,
            "actions": ACTIONS,
            "query": query.urlencode(),
            "nav": "audit",
        },
        status=400 if form.is_bound and form.errors else 200,
    )

"""Staff: "delivery problems", the reminders and alerts that could not be delivered.

Shows what kind of message, for which case (by its public id), how often it was tried and why it
failed: no patient's name or address, so every staff role may see it.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from screening.audit.services import audit_request
from screening.reminders.selectors import delivery_problems
from screening.staff.access import staff_page
from screening.staff.roles import StaffRequest


@require_safe
@staff_page()
def staff_deliveries(request: StaffRequest) -> HttpResponse:
    audit_request(request, action="page_view", object_type="delivery_problems")
    return render(
        request, "staff/deliveries.html", {"problems": delivery_problems(), "nav": "deliveries"}
    )

"""Staff: "delivery problems", the reminders and alerts that are not getting through.

Shows what kind of message, for which case (by its public id), whether it is still being retried
("retrying", "failing") or has failed, how often it was tried and why: no patient's name or
address, so every staff role may see it, and may send a failed one again.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from screening.audit.services import audit_request
from screening.models import AuditEvent
from screening.reminders.dispatch import NotFailed, reminder_send_again
from screening.reminders.selectors import delivery_problems, undelivered_urgent_count
from screening.staff.access import staff_page
from screening.staff.forms import SendAgainForm
from screening.staff.roles import StaffRequest


@require_safe
@staff_page()
def staff_deliveries(request: StaffRequest) -> HttpResponse:
    audit_request(request, action="page_view", object_type="delivery_problems")
    now = timezone.now()
    problems = delivery_problems(now=now)
    return render(
        request,
        "staff/deliveries.html",
        {
            "problems": problems,
            "failed": [p for p in problems if p.state == "failed"],
            "in_retry": [p for p in problems if p.state != "failed"],
            "urgent_late": undelivered_urgent_count(now=now),
            "nav": "deliveries",
        },
    )


@require_POST
@staff_page(action="delivery_send_again")
def staff_delivery_send_again(request: StaffRequest) -> HttpResponse:
    form = SendAgainForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That delivery could not be found.")
        return redirect("staff_deliveries")
    reminder_id = form.cleaned_data["reminder"]
    try:
        reminder_send_again(reminder_id=reminder_id, now=timezone.now())
    except NotFailed:
        audit_request(
            request,
            action="delivery_send_again",
            outcome=AuditEvent.Outcome.DENIED,
            object_type="reminder",
            object_id=str(reminder_id),
        )
        messages.info(request, "That delivery is no longer failed: nothing to send again.")
        return redirect("staff_deliveries")
    audit_request(
        request, action="delivery_send_again", object_type="reminder", object_id=str(reminder_id)
    )
    messages.success(request, "Queued to send again within a minute.")
    return redirect("staff_deliveries")

"""Staff: "delivery problems", the reminders and alerts that are not getting through.

Shows what kind of message, for which case (by its public id), whether it is still being retried
("retrying", "failing") or has failed, how often it was tried and why: no patient's name or
address, so every staff role may see it, and may send a failed one again.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from screening.audit.services import audit_request, client_ip
from screening.models import AuditEvent
from screening.reminders.acknowledgements import NothingToAcknowledge, urgent_alert_acknowledge
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


def _back(request: StaffRequest) -> HttpResponse:
    """To the staff page the banner was on (a local path only), else the deliveries page."""
    back = request.POST.get("next", "")
    if back.startswith("/staff/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("staff_deliveries")


@require_POST
@staff_page(action="urgent_alert_failure_acknowledged")
def staff_delivery_acknowledge(request: StaffRequest) -> HttpResponse:
    """ "I have seen it": an urgent alert that did not get through leaves the banner (issue 18).
    Every staff role may: the point is that a person knows, and calls if needed."""
    form = SendAgainForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That alert could not be found.")
        return _back(request)
    try:
        urgent_alert_acknowledge(
            reminder_id=form.cleaned_data["reminder"],
            by=request.user,
            ip=client_ip(request),
            now=timezone.now(),
        )
    except NothingToAcknowledge:
        messages.info(request, "That alert was delivered or someone has already acknowledged it.")
    else:
        messages.success(
            request,
            "Acknowledged: recorded with your name and the time. Make sure the person is"
            " called today.",
        )
    return _back(request)

"""Callback requests from the public contact page: a list to work through, marked handled."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from screening.audit.services import audit_request, client_ip
from screening.staff.access import access_callback, staff_page
from screening.staff.labels import CALLBACK_TIME_LABELS
from screening.staff.roles import StaffRequest
from screening.staff.selectors.callbacks import callback_requests
from screening.staff.services.cases import callback_mark_handled


@staff_page("callbacks_view")
@require_safe
def callback_list(request: StaffRequest) -> HttpResponse:
    show_handled = request.GET.get("show") == "all"
    audit_request(request, action="callbacks_view", object_type="callback_request")
    return render(
        request,
        "staff/callbacks.html",
        {
            "callbacks": callback_requests(include_handled=show_handled),
            "show_handled": show_handled,
            "time_labels": CALLBACK_TIME_LABELS,
            "nav": "callbacks",
        },
    )


@staff_page("callback_handled")
@require_POST
def callback_handled(request: StaffRequest, public_id: str) -> HttpResponse:
    callback = access_callback(request, public_id)
    callback_mark_handled(
        callback=callback, by=request.user, ip=client_ip(request), now=timezone.now()
    )
    messages.success(request, "Callback request marked handled.")
    return redirect("staff_callbacks")

"""Sign out of this screening and forget this device (issue 14 item 12).

On a shared computer the session would keep the draft (or the result page) open and the device
cookie would find the draft again for 30 days. Signing out ends this session, deletes the cookie
and makes the stored device key useless, so even a copy of the cookie opens nothing. The draft
itself is kept: its owner comes back through the emailed link.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from screening.intake import access as patient_access
from screening.intake.views import DEVICE_COOKIE


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        # Reached by an address typed or bookmarked: ask first; only the form's POST signs out.
        return render(request, "intake/sign_out.html", {"can_sign_out": True})
    patient_access.device_forget(device_key=request.COOKIES.get(DEVICE_COOKIE, ""))
    request.session.flush()  # a new, empty session: no draft, no result page
    response = redirect("intake_signed_out")
    response.delete_cookie(DEVICE_COOKIE)
    return response


@never_cache
@require_safe
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/signed_out.html")

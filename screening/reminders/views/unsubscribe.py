"""One-click unsubscribe from patient reminders (RFC 8058).

POST unsubscribes, without a login and without a CSRF token: mail clients send
`List-Unsubscribe=One-Click` to the URL in the List-Unsubscribe header and can carry neither.
The opaque random token is the protection (security.md item 10: this is the only CSRF-exempt
view). GET never unsubscribes (link scanners and previews fetch links): it shows a button that
POSTs.
"""

from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from screening.pages.languages import in_their_language
from screening.reminders.unsubscribe import (
    LinkState,
    UnsubscribeLinkCheck,
    submission_unsubscribe,
    unsubscribe_link_check,
)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    now = timezone.now()
    link = unsubscribe_link_check(token=token, now=now)
    if link.state == LinkState.UNKNOWN:
        return render(request, "unsubscribe/invalid.html", status=400)
    return in_their_language(request, link.language, lambda: _answer(request, link, now))


def _answer(request: HttpRequest, link: UnsubscribeLinkCheck, now: datetime) -> HttpResponse:
    if link.state == LinkState.EXPIRED:
        return render(
            request,
            "unsubscribe/expired.html",
            {"valid_days": settings.UNSUBSCRIBE_LINK_VALID_DAYS},
            status=410,
        )
    if request.method == "POST":
        # A genuine link to a case that no longer exists (a purged draft) gets the same answer:
        # nothing more will be sent, which is what the person asked for.
        if link.public_id is not None:
            submission_unsubscribe(public_id=link.public_id, now=now)
        return render(request, "unsubscribe/done.html")
    return render(request, "unsubscribe/confirm.html")

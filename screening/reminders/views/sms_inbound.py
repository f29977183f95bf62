"""Twilio's webhook for replies to our texts: STOP, START, HELP (screening.reminders.sms_keywords).

Twilio posts each inbound text here, signed with our Auth Token (X-Twilio-Signature over the
URL set in its console and the posted fields). Anything not signed so is refused with 403
before it is read. It cannot carry a CSRF token, so it is CSRF-exempt (as the one-click
unsubscribe is); the signature is the protection. The address carries no personal data, the
answer (TwiML) no clinical word, and nothing the person wrote is logged or kept.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from screening.audit.services import audit_record
from screening.models import AuditEvent
from screening.reminders.sms_keywords import Keyword, sms_keyword_receive
from screening.security.client_ip import client_ip
from screening.security.rates import limited


def webhook_url() -> str:
    """The address as Twilio calls it (its console's setting): the signature covers it."""
    return str(settings.TWILIO_WEBHOOK_URL or f"{settings.SITE_URL}{reverse('sms_inbound')}")


def signed_by_twilio(request: HttpRequest) -> bool:
    signature = request.headers.get("X-Twilio-Signature", "")
    if not (signature and settings.TWILIO_AUTH_TOKEN):
        return False
    validator = RequestValidator(settings.TWILIO_AUTH_TOKEN)
    return bool(validator.validate(webhook_url(), request.POST, signature))


def reply_words(keyword: Keyword, *, texts_on: bool = False) -> str:
    """The one text we send back. ⚠ for the medical director: HELP and any other reply point
    to 988 because this number is not read, and a person may write to it in distress.

    START promises texts only when `texts_on` (some case with the number may now get them):
    never to a number we do not know or whose owner said no to texts at intake."""
    call = [_("Call us at %(phone)s.") % {"phone": settings.CLINIC_PHONE}]
    if not settings.CLINIC_PHONE:
        call = []
    right_now = _("If you need help right now, call or text 988.")
    if keyword == Keyword.STOP:
        said = [_("You will get no more texts from us. Reply START to get them again."), *call]
    elif keyword == Keyword.START and texts_on:
        said = [_("You will get our texts again. Reply STOP to stop them.")]
    elif keyword == Keyword.START:
        said = [_("We could not turn texts on for this number."), *call]
    elif keyword == Keyword.HELP:
        said = [*call, _("Reply STOP to stop texts, START to get them again."), right_now]
    else:
        said = [_("We cannot read replies to this number."), *call, right_now]
    return f"{settings.CLINIC_NAME}: " + " ".join(said)


@csrf_exempt
@never_cache
@require_POST
@limited(group="sms_inbound", setting="RATELIMIT_SMS_WEBHOOK")
def sms_inbound(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    if not signed_by_twilio(request):
        audit_record(
            action="sms_webhook_refused",
            outcome=AuditEvent.Outcome.DENIED,
            ip=client_ip(request),
            at=now,
        )
        return HttpResponseForbidden()
    result = sms_keyword_receive(
        from_number=request.POST.get("From", ""), body=request.POST.get("Body", ""), now=now
    )
    twiml = MessagingResponse()
    twiml.message(reply_words(result.keyword, texts_on=result.texts_on))
    return HttpResponse(str(twiml), content_type="text/xml; charset=utf-8")

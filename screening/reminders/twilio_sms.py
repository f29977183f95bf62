"""Text messages through Twilio's REST API, with Twilio's own Python package (`twilio`).

Chosen with SMS_BACKEND = "screening.reminders.twilio_sms.TwilioSmsBackend"; the account, its
Auth Token and the sender (a number, or a Messaging Service) come from the environment
(TWILIO_* in trd_clinic/settings.py). TWILIO_API_BASE_URL sends every request to another host
instead of https://api.twilio.com: the tests point it at a fake of the API on loopback.

What is never written anywhere: the number and the body. Twilio's client logs only the
request's method, URL (the account id) and headers; its errors carry Twilio's message, which
can quote the number, so only the HTTP status and Twilio's numeric code are kept, as the
DeliveryError's kind.

One request per message and no retry inside the client: a retry here could send a second copy
the outbox never hears of. Trying again is the outbox's job (screening.reminders.dispatch).
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from requests import RequestException
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from screening.reminders.channels import TEXTS_REFUSED_AFTER_STOP, DeliveryError

# Twilio's error codes that say this number will never take this message: trying again cannot
# help (https://www.twilio.com/docs/api/errors). 21610 is a person who texted STOP to us.
PERMANENT_CODES = {
    21211: "sms_invalid_number",  # not a valid phone number
    21214: "sms_invalid_number",  # not a reachable phone number
    21217: "sms_invalid_number",  # not a valid phone number
    21408: "sms_region_not_enabled",  # the account may not text that country
    21610: TEXTS_REFUSED_AFTER_STOP,  # the recipient replied STOP (to Twilio, maybe not to us)
    21612: "sms_unreachable_route",  # no route from our number to theirs
    21614: "sms_not_mobile",  # a landline, or cannot receive texts
}


def twilio_error_kind(error: BaseException) -> DeliveryError:
    """Sort a failure as smtp_error_kind does: too many requests, Twilio's own trouble, the
    network and our credentials may pass; a bad or unsubscribed number will not."""
    if isinstance(error, TwilioRestException):
        status = int(error.status or 0)
        code = int(error.code or 0)
        if code in PERMANENT_CODES:
            return DeliveryError(PERMANENT_CODES[code], transient=False)
        if status == 429:
            return DeliveryError("sms_429", transient=True)
        if status >= 500:
            return DeliveryError(f"sms_{status}", transient=True)
        if status in (401, 403):
            # Our account or token, not the person's number: fixed by the clinic, so the rows
            # wait (and show as failing to staff) instead of failing for good.
            return DeliveryError(f"sms_{status}", transient=True)
        if 400 <= status < 500:
            return DeliveryError(
                f"sms_{status}_{code}" if code else f"sms_{status}", transient=False
            )
        return DeliveryError("sms_error", transient=True)
    if isinstance(error, RequestException | OSError):
        # Refused, reset, timed out: Twilio may or may not have the message (the window).
        return DeliveryError("sms_connection_error", transient=True)
    return DeliveryError("sms_error", transient=True)


class BaseUrlHttpClient(TwilioHttpClient):  # type: ignore[misc]
    """Twilio's own HTTP client, with every request's scheme and host replaced by `base_url`
    (the client builds https://api.twilio.com/... and offers no setting for it)."""

    def __init__(self, *, base_url: str, timeout: float):
        super().__init__(timeout=timeout)
        self.base = urlsplit(base_url)

    def request(self, method: str, url: str, **kwargs: object) -> Response:
        if self.base.netloc:
            parts = urlsplit(url)
            url = urlunsplit((self.base.scheme, self.base.netloc, parts.path, parts.query, ""))
        return super().request(method, url, **kwargs)


class TwilioSmsBackend:
    """One Twilio client per worker process (kept by SmsChannel), so its HTTPS connection is
    reused from one text to the next."""

    def __init__(self) -> None:
        if not (settings.TWILIO_ACCOUNT_SID and settings.TWILIO_AUTH_TOKEN):
            raise ImproperlyConfigured("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are needed")
        if not (settings.TWILIO_FROM_NUMBER or settings.TWILIO_MESSAGING_SERVICE_SID):
            raise ImproperlyConfigured("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
        self.http = BaseUrlHttpClient(
            base_url=settings.TWILIO_API_BASE_URL, timeout=float(settings.TWILIO_TIMEOUT)
        )
        self.client = Client(
            settings.TWILIO_ACCOUNT_SID,
            settings.TWILIO_AUTH_TOKEN,
            http_client=self.http,
            # Only what we pass here: never a TWILIO_EDGE or region from the environment.
            environment={},
        )

    def _sender(self) -> dict[str, str]:
        if settings.TWILIO_MESSAGING_SERVICE_SID:
            return {"messaging_service_sid": settings.TWILIO_MESSAGING_SERVICE_SID}
        return {"from_": settings.TWILIO_FROM_NUMBER}

    def send(self, *, to: str, body: str, message_id: str) -> str:
        """Twilio's id for the message (SM...). `message_id` has no field at Twilio: a copy
        sent twice in the outbox's window is two texts, which the window bounds to one more."""
        try:
            message = self.client.messages.create(to=to, body=body, **self._sender())
        except (TwilioException, RequestException, OSError) as error:
            raise twilio_error_kind(error) from None
        return str(message.sid)

    def close(self) -> None:
        if self.http.session is not None:
            self.http.session.close()

"""How a composed message leaves the clinic: one channel per way of reaching someone.

Email goes through Django's email backend (EMAIL_URL). Text messages have a slot of their own:
SMS_BACKEND names a class with `send(to=, body=, message_id=) -> str` (and, optionally, `close()`):
the console backend prints them for development; screening.reminders.twilio_sms sends them
through Twilio's REST API.

A channel either returns the provider's id for the message or raises DeliveryError, whose `kind`
is a short code that is safe to store and show (never the server's reply text, which can echo an
address back) and whose `transient` says whether trying again later may work.
"""

import contextlib
import smtplib
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.module_loading import import_string

# The kind a text provider's backend raises for a number whose owner replied STOP to our
# number (Twilio's error 21610): the send records the opt-out as an inbound STOP would.
TEXTS_REFUSED_AFTER_STOP = "sms_unsubscribed"


class DeliveryError(Exception):
    def __init__(self, kind: str, *, transient: bool):
        super().__init__(kind)
        self.kind = kind
        self.transient = transient


@dataclass(frozen=True)
class OutgoingMessage:
    to: tuple[str, ...]
    subject: str
    text: str
    html: str = ""
    # Message-ID, List-Unsubscribe, ...: the channel sends them as given.
    headers: Mapping[str, str] = field(default_factory=dict)
    # Stable for a reminder, so a copy sent twice (see reminder_send) is one message to a client.
    message_id: str = ""


class Channel(Protocol):
    def send(self, message: OutgoingMessage) -> str: ...

    def close(self) -> None: ...


def smtp_error_kind(error: BaseException) -> DeliveryError:
    """Sort an SMTP failure: 4xx replies, refused or dropped connections and timeouts may pass;
    a 5xx reply will not."""
    code = 0
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        # Raised only when every recipient was refused; the worst reply decides.
        code = max((reply[0] for reply in error.recipients.values()), default=0)
    elif isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
    elif isinstance(error, smtplib.SMTPServerDisconnected):
        return DeliveryError("smtp_disconnected", transient=True)
    elif isinstance(error, TimeoutError):
        return DeliveryError("timeout", transient=True)
    elif isinstance(error, ConnectionRefusedError):
        return DeliveryError("connection_refused", transient=True)
    elif isinstance(error, OSError):
        return DeliveryError("connection_error", transient=True)
    if 400 <= code < 500:
        return DeliveryError(f"smtp_{code}", transient=True)
    if 500 <= code < 600:
        return DeliveryError(f"smtp_{code}", transient=False)
    return DeliveryError("smtp_error", transient=True)


class EmailChannel:
    """Email through Django's backend, keeping one connection per worker process.

    Reusing the connection saves a TCP and SMTP handshake per message. A connection idle for a
    while gets a NOOP first, to find one the server has closed meanwhile (servers drop idle
    clients after a minute or more); any error drops the connection so the next send starts
    afresh.
    """

    # Below any server's idle timeout: a connection used this recently needs no NOOP.
    FRESH_SECONDS = 5.0

    def __init__(self) -> None:
        self._connection: BaseEmailBackend | None = None
        self._last_used = 0.0

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            # A broken connection is being thrown away anyway.
            with contextlib.suppress(Exception):
                connection.close()

    def _live_connection(self) -> BaseEmailBackend:
        smtp = getattr(self._connection, "connection", None)
        if smtp is not None and time.monotonic() - self._last_used > self.FRESH_SECONDS:
            try:
                alive = smtp.noop()[0] == 250
            except (smtplib.SMTPException, OSError):
                alive = False
            if not alive:
                self.close()
        if self._connection is None:
            connection = get_connection(fail_silently=False)
            connection.open()
            self._connection = connection
        return self._connection

    def send(self, message: OutgoingMessage) -> str:
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=list(message.to),
            headers={"Message-ID": message.message_id, **message.headers},
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        try:
            sent = self._live_connection().send_messages([email])
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise smtp_error_kind(error) from None
        except Exception:
            # Not the server's doing (a bad From address, say): the send path fails the row.
            self.close()
            raise
        if sent != 1:
            self.close()
            raise DeliveryError("not_sent", transient=True)
        self._last_used = time.monotonic()
        # Django's SMTP backend does not hand back the server's queue id; our Message-ID is the
        # id the message is known by everywhere it goes.
        return message.message_id


class ConsoleSmsBackend:
    """Development only: prints each text message, as Django's console email backend does."""

    def __init__(self, stream: IO[str] | None = None):
        self.stream = stream or sys.stdout

    def send(self, *, to: str, body: str, message_id: str) -> str:
        self.stream.write(f"SMS to {to} ({message_id}):\n{body}\n{'-' * 40}\n")
        self.stream.flush()
        return message_id


class SmsChannel:
    """Text messages through the SMS_BACKEND class, one instance per worker process (a
    provider's backend keeps its HTTPS connection between texts); close() drops it."""

    def __init__(self) -> None:
        self._backend: Any = None
        self._backend_path = ""

    def _live_backend(self) -> Any:
        if self._backend is None or self._backend_path != settings.SMS_BACKEND:
            self.close()
            self._backend = import_string(settings.SMS_BACKEND)()
            self._backend_path = settings.SMS_BACKEND
        return self._backend

    def send(self, message: OutgoingMessage) -> str:
        backend = self._live_backend()
        try:
            return str(
                backend.send(to=message.to[0], body=message.text, message_id=message.message_id)
            )
        except DeliveryError:
            raise
        except OSError:
            raise DeliveryError("sms_connection_error", transient=True) from None

    def close(self) -> None:
        backend, self._backend = self._backend, None
        if backend is not None and hasattr(backend, "close"):
            with contextlib.suppress(Exception):
                backend.close()


_channels: dict[str, Channel] = {}


def channel_for(name: str) -> Channel:
    """The process's channel for `name` ("email" or "sms"), made on first use."""
    if name not in _channels:
        _channels[name] = EmailChannel() if name == "email" else SmsChannel()
    return _channels[name]


def channels_close() -> None:
    for channel in _channels.values():
        channel.close()

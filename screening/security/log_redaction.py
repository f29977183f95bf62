"""No personal data in logs (security.md item 12).

Two measures, both applied to every log record as it is made, before any handler (console, a
test's caplog, a log shipper) can see it:

- Values the current request posted in a personal field (name, email, phone, free text, password,
  codes ...) are masked wherever they appear in the message, its arguments or a traceback. A
  dump of request data (a QueryDict) is withheld whole.
- An exception's message is withheld, with DEBUG off: messages carry values ("invalid literal
  for int(): 'Robin'", a database's "Key (email)=(...) already exists"). The type and the stack
  stay, which is what finding the bug needs.

`PersonalDataFilter` (on the console handler in settings.LOGGING) does the same for records that
somehow missed the factory, and also drops the request object Django attaches to its records,
so no handler can turn it into a report of the request's data.

This module must not import models: logging is configured before the app registry is ready.
"""

import logging
import re
import traceback
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any
from urllib.parse import quote_plus

from django.conf import settings
from django.http import HttpRequest

current_request: ContextVar[HttpRequest | None] = ContextVar("log_redaction_request", default=None)

# Form fields whose values are personal data, by name without a formset prefix ("form-3-").
PERSONAL_FIELDS = frozenset(
    {
        # patients: intake, resume request, contact form
        "first_name", "last_name", "name", "email", "phone", "date_of_birth",
        "medication", "augmented_with", "medical_other", "mental_health_other",
        "current_medications", "allergies",
        # staff: notes, sign-in
        "body", "username", "password", "token",
    }
)  # fmt: skip
# Shorter values ("Al", "no") would mask pieces of ordinary words; personal fields this short
# are not identifying on their own.
MIN_PERSONAL_LENGTH = 3
# Other posted text this long is masked too: a new free-text field is covered before anyone
# adds it to PERSONAL_FIELDS. Choice codes that long only get masked in a log line; harmless.
MIN_OTHER_LENGTH = 12
NOT_DATA = frozenset({"csrfmiddlewaretoken", "action"})

REDACTED = "[redacted]"
MESSAGE_WITHHELD = "[message withheld: it may contain personal data]"
REQUEST_DATA_WITHHELD = "[request data withheld]"
_MARK = "_personal_data_redacted"


def _posted_values(request: HttpRequest) -> list[str]:
    """The current request's posted personal values, longest first. Only a body Django has
    already parsed is looked at: logging never parses one."""
    post = request.__dict__.get("_post")
    if not post:
        return []
    values: set[str] = set()
    for name, items in post.lists():
        field = name.rsplit("-", 1)[-1]
        if field in NOT_DATA or name.endswith(("_FORMS", "-DELETE")):
            continue
        shortest = MIN_PERSONAL_LENGTH if field in PERSONAL_FIELDS else MIN_OTHER_LENGTH
        values.update(v.strip() for v in items if len(v.strip()) >= shortest)
    return sorted(values, key=len, reverse=True)


def _pattern(values: list[str]) -> re.Pattern[str] | None:
    if not values:
        return None
    forms = {form for value in values for form in (value, quote_plus(value))}
    alternatives = sorted(forms, key=len, reverse=True)
    return re.compile("|".join(re.escape(form) for form in alternatives), re.IGNORECASE)


def _mask(text: str | None, pattern: re.Pattern[str] | None) -> str | None:
    if text is None or pattern is None:
        return text
    return pattern.sub(REDACTED, text)


def _withhold_messages() -> bool:
    try:
        return not settings.DEBUG
    except Exception:  # settings not configured: be careful
        return True


def _chain(first: list[Any]) -> Iterator[Any]:
    """Each exception (or TracebackException) in `first`, its causes and contexts and the members
    of an exception group, once each."""
    seen: set[int] = set()
    pending = list(first)
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
        pending.extend(getattr(current, "exceptions", None) or [])


def format_exception(exc_info: Any, *, withhold: bool) -> str:
    """A traceback as text; with `withhold`, every message in the chain (and its notes) is
    replaced by MESSAGE_WITHHELD, keeping the types and the stack."""
    exception = traceback.TracebackException(*exc_info, compact=True)
    if withhold:
        for each in _chain([exception]):
            each._str = MESSAGE_WITHHELD
            each.__notes__ = None
    return "".join(exception.format()).rstrip("\n")


def _exceptions_of(record: logging.LogRecord) -> Iterator[BaseException]:
    """The record's exception and its causes, and any exception passed as an argument."""
    found: list[BaseException] = []
    if record.exc_info and isinstance(record.exc_info[1], BaseException):
        found.append(record.exc_info[1])
    args = record.args
    values = args.values() if isinstance(args, dict) else (args or ())
    found.extend(value for value in values if isinstance(value, BaseException))
    return _chain(found)


def _without_exception_texts(message: str, record: logging.LogRecord) -> str:
    """A message that quotes an exception (Celery's "Task ... raised unexpected: ValueError(...)",
    kombu's "Cannot connect to ...: <error>") keeps the type and loses the text, as tracebacks
    do: the text may carry values."""
    for error in _exceptions_of(record):
        for text in sorted({repr(error), str(error)}, key=len, reverse=True):
            if len(text) >= MIN_PERSONAL_LENGTH and text != type(error).__name__:
                message = message.replace(text, f"{type(error).__name__}({MESSAGE_WITHHELD})")
    return message


def redact_record(record: logging.LogRecord) -> None:
    """Mask personal values in `record` and withhold exception messages, in place, once."""
    if getattr(record, _MARK, False):
        return
    setattr(record, _MARK, True)
    request = current_request.get()
    pattern = _pattern(_posted_values(request)) if request is not None else None
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: keep the template, drop the arguments
        message = str(record.msg)
    if "<QueryDict" in message or "<MultiValueDict" in message:
        message = REQUEST_DATA_WITHHELD
    if _withhold_messages():
        message = _without_exception_texts(message, record)
    exc_text = record.exc_text
    if record.exc_info and record.exc_info[0] is not None:
        # Formatters print a record's exc_text when it is set, instead of formatting the live
        # exception again. exc_info stays for AdminEmailHandler, whose report is the private one
        # (screening.security.error_reports).
        exc_text = format_exception(record.exc_info, withhold=_withhold_messages())
    record.msg = _mask(message, pattern)
    record.args = ()
    record.exc_text = _mask(exc_text, pattern)
    record.stack_info = _mask(record.stack_info, pattern)


class PersonalDataFilter(logging.Filter):
    """For handlers: redact (if the record factory did not already) and drop the request."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        # Django's request and server loggers attach the request; AdminEmailHandler and others
        # would dump its POST, cookies and headers.
        record.__dict__.pop("request", None)
        return True


def install_record_factory() -> None:
    """Redact every record as it is made, whatever logger and handler. Idempotent."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, _MARK, False):
        return

    def redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        redact_record(record)
        return record

    setattr(redacting_factory, _MARK, True)
    logging.setLogRecordFactory(redacting_factory)

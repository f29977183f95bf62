"""The links sent to one person: a resume link, a check-in link, a staff setup link, and the
unsubscribe link in every patient email.

Each carries a fresh opaque token (`secrets.token_urlsafe(32)`, 256 bits): it names nothing, only
its SHA-256 is stored, and it expires. The single-use ones are spent under a row lock, so two
clicks at once (a mail scanner and the person) open the link once. Kept in one place because
each of the four used to carry its own copy of these lines, and a fix to one (the lock, the
order of the checks) had to be remembered in the others.
"""

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar, cast

from django.db import models, transaction


class LinkRefused(Exception):
    """A link that does not open. `reason` is "unknown", "used", "expired", or one its kind
    adds (a resume link's "changed", a setup link's "enrolled"); the page explains each."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _SingleUse(Protocol):
    """What every single-use link model has (ResumeLink, CheckinLink, StaffSetupLink)."""

    used_at: datetime | None
    expires_at: datetime

    def save(self, *, update_fields: list[str]) -> None: ...


Link = TypeVar("Link", bound=models.Model)
Row = TypeVar("Row")  # a model instance, or the dict of a .values() query


def token_hash(token: str) -> str:
    """What is stored of a token (or a device key): it finds the row, and cannot be clicked."""
    return hashlib.sha256(token.encode()).hexdigest()


def link_create(
    model: type[models.Model], *, now: datetime, valid_for: timedelta, **fields: Any
) -> str:
    """Store a new link of `model` with `fields`, valid for `valid_for`; return its token, to be
    sent once and never kept."""
    token = secrets.token_urlsafe(32)
    model._default_manager.create(
        token_hash=token_hash(token), created_at=now, expires_at=now + valid_for, **fields
    )
    return token


def link_find(links: "models.QuerySet[Any, Row]", token: str) -> Row | None:
    """The row of this token, without spending it (an unsubscribe link is read, not used)."""
    return links.filter(token_hash=token_hash(token)).first()


def link_spend(
    links: "models.QuerySet[Link]",
    *,
    token: str,
    now: datetime,
    refused: type[LinkRefused],
    spent: Callable[[Link], bool] = lambda link: False,
    also_refuse: Callable[[Link], str | None] = lambda link: None,
) -> Link:
    """Use a single-use link once, or raise `refused` with the reason.

    The checks run in this order, so the page names the first thing wrong: unknown; used (or
    `spent`, what the link opened is gone); expired; then whatever `also_refuse` names.
    """
    with transaction.atomic():
        link = link_find(links.select_for_update(), token)
        if link is None:
            raise refused("unknown")
        single_use = cast(_SingleUse, link)
        if single_use.used_at is not None or spent(link):
            raise refused("used")
        if single_use.expires_at <= now:
            raise refused("expired")
        reason = also_refuse(link)
        if reason:
            raise refused(reason)
        single_use.used_at = now
        single_use.save(update_fields=["used_at"])
        return link

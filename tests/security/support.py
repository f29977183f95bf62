"""Helpers for the security tests: every URL in the resolver made concrete, role clients, and the
headers every response must carry (security.md item 11)."""

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from screening.staff.roles import ROLES
from tests.clients import FormClient
from tests.staff.support import make_staff, sign_in

ANONYMOUS = "anonymous"
ALERT_LIST = "oncall@clinic.test"  # the staff's urgent-alert list in these tests
ALL_ROLES = (ANONYMOUS, *ROLES)


@dataclass(frozen=True)
class Route:
    """One URL pattern of the resolver: its full name, full route text and argument names."""

    name: str
    route: str
    arguments: tuple[str, ...]

    def path(self, values: dict[str, str]) -> str:
        """The concrete path with `values` for each argument (converter syntax or regex group)."""

        def value(match: re.Match[str]) -> str:
            return values[match.group("name")]

        path = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", value, self.route)
        path = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", value, path)
        return "/" + path.replace("^", "").replace("$", "")


def _routes(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for pattern in patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from _routes(pattern.url_patterns, text, inner)
        elif isinstance(pattern, URLPattern):
            converters = getattr(pattern.pattern, "converters", {}) or {}
            groups = tuple(pattern.pattern.regex.groupindex)
            arguments = tuple(converters) or groups
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield Route(name=name, route=text, arguments=arguments)


def all_routes() -> list[Route]:
    """Every pattern the resolver knows, recursively (admin included)."""
    return list(_routes(get_resolver().url_patterns))


def random_token() -> str:
    return secrets.token_urlsafe(24)


def ensure_role_groups() -> None:
    """The role groups come from a data migration; a transactional test elsewhere in the run
    may have flushed them."""
    for role in ROLES:
        Group.objects.get_or_create(name=role)


def role_clients(prefix: str = "sec") -> dict[str, Client]:
    """A client per role, staff signed in the real way (password, then a TOTP code)."""
    ensure_role_groups()
    clients: dict[str, Client] = {ANONYMOUS: FormClient()}
    for role in ROLES:
        client = FormClient()
        user = make_staff(f"{prefix}-{role}", role)
        sign_in(client, user)
        client.user = user  # type: ignore[attr-defined]
        clients[role] = client
    return clients


# --- Headers (security.md item 11) -------------------------------------------------------------

CSP_DIRECTIVES = (
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "script-src 'self'",
    "style-src 'self'",
)
PERMISSIONS_OFF = ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()")


def header_problems(response: Any, path: str) -> list[str]:
    """What is missing from `response`'s security headers; empty when all is well."""
    problems = []
    csp = response.headers.get("Content-Security-Policy", "")
    directives = [part.strip() for part in csp.split(";")]
    problems += [f"CSP lacks {d!r}" for d in CSP_DIRECTIVES if d not in directives]
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append("CSP allows unsafe-inline/eval")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if response.headers.get("Referrer-Policy") != settings.SECURE_REFERRER_POLICY:
        problems.append("no Referrer-Policy")
    if response.headers.get("X-Frame-Options") != "DENY":
        problems.append("X-Frame-Options is not DENY")
    policy = response.headers.get("Permissions-Policy", "")
    problems += [f"Permissions-Policy lacks {f}" for f in PERMISSIONS_OFF if f not in policy]
    if shows_personal_data(path) and "no-store" not in response.headers.get("Cache-Control", ""):
        problems.append("no Cache-Control: no-store")
    return problems


def shows_personal_data(path: str) -> bool:
    prefixes = (*settings.PERSONAL_DATA_PATH_PREFIXES, f"/{settings.ADMIN_URL}")
    return path.startswith(prefixes)

"""The client's address: one rule for the rate limits, django-axes and the audit trail
(security.md items 4, 7 and 15; issue 14 item 2).

Without a proxy it is REMOTE_ADDR. Behind a proxy DJANGO_CLIENT_IP_HEADER names the header the
proxy sets. For a list header such as X-Forwarded-For ("a, b, c") each proxy appends the address
it received the request from, so with DJANGO_TRUSTED_PROXY_COUNT = N proxies in front of the app
the client is the entry N from the right. Entries further left were written by the client and
could be anything: a rule that believed the first entry let 30 wrong passwords with forged first
entries go without a lockout, and put forged addresses in the audit trail.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# Requests whose address cannot be read share one bucket rather than escaping the limit. It is a
# rate-limit bucket's name, which must parse as an address; nothing binds to it (bandit B104).
UNKNOWN_CLIENT = "0.0.0.0"  # nosec B104


def _as_address(candidate: str) -> str | None:
    try:
        return str(ipaddress.ip_address(candidate.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address by the trusted-proxy rule above, or None when it cannot be read.

    Never raises. A configured header that is missing falls back to REMOTE_ADDR (the request
    came in past the proxy, so its peer is the client); a list with fewer entries than there are
    trusted proxies, or an entry that is not an address, gives None.
    """
    header = settings.CLIENT_IP_META_KEY
    raw = request.META.get(header) or ""
    if not raw:
        return _as_address(request.META.get("REMOTE_ADDR") or "")
    entries = raw.split(",")
    trusted = max(1, settings.CLIENT_IP_TRUSTED_PROXIES)
    if len(entries) < trusted:
        return None
    return _as_address(entries[-trusted])


def rate_limit_ip(request: HttpRequest) -> str:
    """`client_ip` for django-ratelimit (RATELIMIT_IP_META_KEY), which needs a string: an
    unreadable address counts in the shared UNKNOWN_CLIENT bucket. django-ratelimit's own lookup
    raises ImproperlyConfigured on a missing header, which would be a 500."""
    return client_ip(request) or UNKNOWN_CLIENT

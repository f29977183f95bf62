"""The client address the rate limits count by (security.md item 15)."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# Requests whose address cannot be read share one bucket rather than escaping the limit. It is a
# rate-limit bucket's name, which must parse as an address; nothing binds to it (bandit B104).
UNKNOWN_CLIENT = "0.0.0.0"  # nosec B104


def rate_limit_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the header a trusted proxy sets (DJANGO_CLIENT_IP_HEADER).

    Never raises: django-ratelimit's own lookup raises ImproperlyConfigured when the header is
    missing, which would be a 500. When the header holds a list ("a, b, c") the last entry is the
    one our proxy appended; earlier entries come from the client and could be forged to dodge
    the limit.
    """
    header = settings.CLIENT_IP_META_KEY
    raw = request.META.get(header) or request.META.get("REMOTE_ADDR") or ""
    candidate = raw.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return UNKNOWN_CLIENT

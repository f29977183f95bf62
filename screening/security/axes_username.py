"""What django-axes keeps of the username box: a keyed hash, never the text (issue 14 item 13).

People type their password into the username box often enough; axes stored whatever was typed in
its AccessAttempt table, readable in the admin. The lockout only needs to tell one typed name from
another, so axes gets an HMAC of it under the secret key: the same name always gives the same
value (the lock on username+IP still works, and a success still resets it), but the table holds
nothing that can be read back, and without the key nothing can be guessed against it offline.
"""

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.http import HttpRequest

PREFIX = "hmac:"


def username_digest(typed: str) -> str:
    key = f"axes-username:{settings.SECRET_KEY}".encode()
    return PREFIX + hmac.new(key, typed.encode(), hashlib.sha256).hexdigest()


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the digest of the username axes would otherwise store (from the
    credentials when given, else the posted form), or None when there is none."""
    field = settings.AXES_USERNAME_FORM_FIELD
    source = credentials if credentials else getattr(request, "POST", {})
    typed = source.get(field)
    if typed is None:
        return None
    return username_digest(str(typed))

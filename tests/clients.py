"""A test client that posts forms the way a browser does.

The app refuses multipart/form-data (it takes no files; security.md item 9), and no page's form
asks for it: browsers send application/x-www-form-urlencoded. Django's test client defaults to
multipart, so tests post through this client instead (the `client` fixture in tests/conftest.py).
"""

import re
from typing import Any
from urllib.parse import urlencode

from django.test import Client

FORM_URLENCODED = "application/x-www-form-urlencoded"


class FormClient(Client):
    def post(self, path: str, data: Any = None, content_type: str | None = None, **extra: Any):
        if content_type is None and (data is None or isinstance(data, dict)):
            body = urlencode(data or {}, doseq=True)
            return super().post(path, body, content_type=FORM_URLENCODED, **extra)
        if content_type is None:
            return super().post(path, data, **extra)
        return super().post(path, data, content_type=content_type, **extra)


_CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def without_csrf_token(content: bytes) -> bytes:
    """A page's bytes with its CSRF tokens blanked: Django masks the token afresh on every
    page, and every patient page carries one since the language switcher (issue 19)."""
    return _CSRF_TOKEN.sub(b'name="csrfmiddlewaretoken" value=""', content)

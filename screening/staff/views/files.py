"""File downloads from the staff workspace: never cached, with a name that identifies no one."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers


def attachment(body: str | bytes, *, content_type: str, stem: str, ext: str) -> HttpResponse:
    """A download named like `queue-2026-11-26.csv`: the date only, no name, no case id."""
    response = HttpResponse(body, content_type=content_type)
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{stem}-{day}.{ext}"'
    add_never_cache_headers(response)
    return response

"""Middleware for security.md items 9, 11 and 12: refusals and headers that hold for every view."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers, patch_cache_control

from screening.security.log_redaction import current_request

UNSUPPORTED_MEDIA_TYPE = 415
BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")


# RFC 8058: a mail provider's one-click unsubscribe POST "SHOULD be sent as multipart/form-data".
# That view never reads the body (the signed token in the URL is all it needs), and a file in
# any body that is parsed is refused anyway (DATA_UPLOAD_MAX_NUMBER_FILES = 0).
MULTIPART_ALLOWED_VIEWS = frozenset({"unsubscribe"})


class RefuseUploadsMiddleware:
    """Answer 415 to a multipart request: the app takes no files, and no page's form is sent
    that way (browsers send application/x-www-form-urlencoded).

    It runs before the CSRF check and every view, so such a body is never parsed (Django's
    multipart parser is where its request-body denial-of-service bugs have been), never written
    to a temporary file, and never reaches code that was not written to handle it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        content_type = request.META.get("CONTENT_TYPE", "").lower()
        if (
            request.method in BODY_METHODS
            and content_type.startswith("multipart/")
            and not _multipart_allowed(request)
        ):
            return HttpResponse(
                "This site does not accept file uploads.",
                status=UNSUPPORTED_MEDIA_TYPE,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _multipart_allowed(request: HttpRequest) -> bool:
    try:
        return resolve(request.path_info).url_name in MULTIPART_ALLOWED_VIEWS
    except Resolver404:
        return False


class PersonalDataNoStoreMiddleware:
    """`Cache-Control: no-store` on every response under a path that shows or collects personal
    data (PERSONAL_DATA_PATH_PREFIXES and the admin), errors and refusals included.

    Views there already use never_cache; this makes it true for a view that forgets, for the
    404/403/429 pages under those paths, and for the CSRF failure page that re-shows a form.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.prefixes = (*settings.PERSONAL_DATA_PATH_PREFIXES, f"/{settings.ADMIN_URL}")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(self.prefixes):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class LogRedactionRequestMiddleware:
    """Make the current request known to the log redaction while it is handled, so that a log
    line mentioning a value this request posted (a name, an email ...) is masked."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)

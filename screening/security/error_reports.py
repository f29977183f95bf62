"""Error reports without personal data (security.md item 12).

Django's reports (the admins' error email, the DEBUG page) include the request's POST data,
cookies, headers, every frame's local variables and the exception's message, any of which can
hold a patient's answers. With DEBUG off these two classes leave all of that out; the report keeps
the exception's type, the stack (file, line, code) and the view's name, which is enough to find
the bug. With DEBUG on (a developer's machine with demo data) Django's full report is kept.

Configured as DEFAULT_EXCEPTION_REPORTER and DEFAULT_EXCEPTION_REPORTER_FILTER, so it also covers
sensitive_post_parameters globally: no view can forget it.
"""

from typing import Any

from django.http import HttpRequest
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from screening.security.log_redaction import MESSAGE_WITHHELD

REQUEST_KEYS = (
    "request_meta",
    "request_COOKIES_items",
    "filtered_POST_items",
    "request_GET_items",
    "request_FILES_items",
    "request_insecure_uri",
    "user_str",
)


class PrivateReporterFilter(SafeExceptionReporterFilter):
    """Every POST value and every local variable cleansed (not only those a view names)."""

    def get_post_parameters(self, request: HttpRequest | None) -> dict[str, str]:
        if request is None:
            return {}
        if not self.is_active(request):
            return super().get_post_parameters(request)
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame: Any) -> Any:
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return []


class PrivateExceptionReporter(ExceptionReporter):
    """Django's reporter minus the request's data, frame variables and exception messages."""

    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        if not self.filter.is_active(self.request):
            return data
        for key in REQUEST_KEYS:
            data.pop(key, None)
        # The templates print a "Request information" section whenever `request` is set.
        data["request"] = None
        data["settings"] = {}
        if "exception_value" in data:
            data["exception_value"] = MESSAGE_WITHHELD
        data.pop("exception_notes", None)
        data["unicode_hint"] = ""
        for frame in data.get("frames", []):
            frame["vars"] = []
            # A chained exception is printed by its message too.
            if frame.get("exc_cause") is not None:
                frame["exc_cause"] = MESSAGE_WITHHELD
        return data

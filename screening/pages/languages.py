"""The patient's language (issue 19): which one is active, its name in itself, and English for
the staff workspace.

Patients choose a language with the switcher on every page (Django's set_language view, a
cookie), else their browser's Accept-Language picks one of settings.LANGUAGES, else English
(LocaleMiddleware). The choice is kept on the draft at each step and on the submission, so every
later email and text goes in it (screening.reminders.messages).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

ENGLISH = "en"


def language_codes() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


def patient_language() -> str:
    """The active language as one of settings.LANGUAGES' codes ("es", "pt-br"), else English."""
    active = translation.get_language() or ENGLISH
    try:
        code = translation.get_supported_language_variant(active)
    except LookupError:
        return ENGLISH
    return code if code in language_codes() else ENGLISH


def language_name(code: str) -> str:
    """The language named in itself ("Español"), as the switcher shows it."""
    return dict(settings.LANGUAGES).get(code, code)


def needs_interpreter(code: str) -> bool:
    """Staff are told an interpreter may be needed whenever the patient chose another language
    than English: the clinic's staff work in English."""
    return bool(code) and code != ENGLISH


def _staff_prefixes() -> tuple[str, ...]:
    return ("/staff/", f"/{settings.ADMIN_URL}")


class StaffInEnglishMiddleware:
    """After LocaleMiddleware: the staff workspace and the admin stay in English whatever the
    browser or the language cookie says, so every answer shows with its English label."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(_staff_prefixes()):
            translation.activate(ENGLISH)
            request.LANGUAGE_CODE = ENGLISH
        return self.get_response(request)


def interpreter_note(code: str) -> str:
    """What staff see on the queue and the case page (in English, like all of the workspace):
    "Preferred language: Español — interpreter may be needed", or nothing for English."""
    if not needs_interpreter(code):
        return ""
    return f"Preferred language: {language_name(code)} — interpreter may be needed"


def set_language_cookie(response: HttpResponse, code: str) -> None:
    """The language cookie exactly as Django's set_language view sets it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
    )


def remember_patient_language(request: HttpRequest, response: HttpResponse, code: str) -> None:
    """A link from one of our emails or texts opens in the language it was written in (the
    patient's), unless this browser has already chosen one with the switcher."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or code not in language_codes():
        return
    set_language_cookie(response, code)


def in_their_language(
    request: HttpRequest, code: str, answer: Callable[[], HttpResponse]
) -> HttpResponse:
    """The page a link from one of our emails opens, in the language the email was in, when
    this browser has not chosen one; the choice is then kept (remember_patient_language)."""
    if not code or code not in language_codes() or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return answer()
    with translation.override(code):
        response = answer()
    response["Content-Language"] = code
    remember_patient_language(request, response, code)
    return response

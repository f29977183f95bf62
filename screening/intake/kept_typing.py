"""Switching language in the middle of a step keeps what the person had typed (issue 19).

The switcher is its own form (Django's set_language), so a plain click drops an unsent step's
answers. On the intake's pages static/js/intake.js sends the step's own form instead, with
`switch_language` naming the language. The decorator below then keeps the typing in the
session for that page alone, sets the language as set_language would, and redirects to the same
page, which shows the typing again in the new language: not saved (nothing was confirmed with
Continue) and not judged (no "there is a problem" for a half-filled page).

Without JavaScript the switcher works as before and the page comes back as last saved.

Why a session entry, not the draft: an answer is stored only once its page passes; a
half-typed date of birth must not be. The entry is the page's own fields, kept server-side
(database sessions), and taken back by the very next look at the page.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect

from screening.pages.languages import language_codes, set_language_cookie

SWITCH_FIELD = "switch_language"
SESSION_KEY = "intake_kept_typing"
# Fields the page's form has that are not answers.
_NOT_TYPING = {"csrfmiddlewaretoken", SWITCH_FIELD, "action"}
# A page's fields: a generous cap so a forged post cannot fill the session.
MAX_FIELDS = 60
MAX_VALUE_LENGTH = 2000


def keeps_typing(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For an intake page view: a language switch keeps its typing; a later GET of the same
    page gets it back as request.POST (the views bind their form to it) with `kept_typing` set,
    so the view shows it unjudged (shown_as_typed)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.kept_typing = False  # type: ignore[attr-defined]
        if request.method == "POST" and SWITCH_FIELD in request.POST:
            return _switch(request)
        if request.method == "GET":
            kept = request.session.get(SESSION_KEY)
            if kept is not None:
                del request.session[SESSION_KEY]
                if kept.get("path") == request.get_full_path():
                    typed = QueryDict(mutable=True)
                    for name, values in kept.get("fields", {}).items():
                        typed.setlist(name, values)
                    request.POST = typed  # type: ignore[assignment]  # read only by the view
                    request.kept_typing = True  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def _switch(request: HttpRequest) -> HttpResponse:
    code = request.POST.get(SWITCH_FIELD, "")
    response = redirect(request.get_full_path())
    if code not in language_codes():
        return response  # an unknown language: the page again, unchanged
    fields = {
        name: [value[:MAX_VALUE_LENGTH] for value in request.POST.getlist(name)]
        for name in list(request.POST)[:MAX_FIELDS]
        if name not in _NOT_TYPING
    }
    request.session[SESSION_KEY] = {"path": request.get_full_path(), "fields": fields}
    set_language_cookie(response, code)
    return response


def shown_as_typed(request: HttpRequest, form: Any) -> Any:
    """The form with its kept typing and without error messages: the person has not pressed
    Continue, so nothing is wrong yet (the messages come, in the new language, if they do)."""
    if getattr(request, "kept_typing", False) and form.is_bound:
        form.full_clean()
        form._errors = ErrorDict()
    return form

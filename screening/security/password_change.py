"""A changed password ends every session of that person, the one it was changed from included
(security.md item 5; issue 14 item 7).

Django keeps the changing session alive: the admin's password pages call
update_session_auth_hash, which gives that session a new key that the staff sign-out never
learned of, so it outlived every "sign out everywhere". Here:

- `end_sessions_when_password_changes` (pre_save on the user model, connected in
  ScreeningConfig.ready) ends every session of the person once the change is committed, whatever
  made the change: the admin, `manage.py changepassword`, a shell.
- `PasswordChangeSignOutMiddleware` then signs out the request that changed its own person's
  password, after the view has re-keyed it: the person signs in again with the new password.

A hash rewritten at sign-in (a hasher upgrade: same password, new hash) is not a change.
"""

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from .deactivation import sessions_end_all

# The users whose password changed while this request ran (None outside a request).
_changed_in_request: ContextVar[set[Any] | None] = ContextVar("password_changed", default=None)


def _is_rehash(instance: AbstractBaseUser, update_fields: Any) -> bool:
    # django.contrib.auth's check_password upgrade: set_password, then _password = None, then
    # save(update_fields=["password"]). A real change keeps the raw password until saved.
    return (
        update_fields is not None
        and set(update_fields) == {"password"}
        and getattr(instance, "_password", None) is None
    )


def end_sessions_when_password_changes(
    sender: Any, instance: AbstractBaseUser, **kwargs: Any
) -> None:
    if instance.pk is None:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "password" not in update_fields:
        return
    if _is_rehash(instance, update_fields):
        return
    stored = (
        type(instance)
        .objects.filter(pk=instance.pk)  # type: ignore[attr-defined]
        .values_list("password", flat=True)
        .first()
    )
    if stored is None or stored == instance.password:
        return
    changed = _changed_in_request.get()
    if changed is not None:
        changed.add(instance.pk)
    transaction.on_commit(lambda: sessions_end_all(user=instance))


class PasswordChangeSignOutMiddleware:
    """After a request that changed its own person's password, end that request's session too
    (it was re-keyed by the view after the other sessions were ended). Goes after
    AuthenticationMiddleware, inside SessionMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _changed_in_request.set(set())
        try:
            response = self.get_response(request)
            changed = _changed_in_request.get() or set()
        finally:
            _changed_in_request.reset(token)
        if not changed:
            # Nothing changed a password: no need to load the user (and its session), which
            # keeps public pages, the crisis page first, free of the database (issue 13).
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.pk in changed:
            from django.contrib.auth import logout

            from screening.models import StaffSession

            StaffSession.objects.filter(user_id=user.pk).delete()
            logout(request)
        return response

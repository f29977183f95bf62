"""A deactivated staff member is signed out everywhere, at once (security.md item 5).

Django already refuses an inactive user's session on its next request (ModelBackend.get_user),
and a changed password ends every other session through the session auth hash. Deleting the
sessions as well means nothing of them is left to replay or to read, whatever backend or
middleware later changes. Connected in ScreeningConfig.ready().
"""

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone


def sessions_end_all(*, user: AbstractBaseUser) -> int:
    """Delete every live session signed in as `user`; return how many there were.

    The staff workspace records its sessions (StaffSession); a session opened some other way
    (the admin, a test client) is found by reading the live sessions, which only a deactivation
    does, rarely.
    """
    from screening.models import StaffSession

    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = set(StaffSession.objects.filter(user=user).values_list("session_key", flat=True))
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        live = Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=2000)
        keys.update(s.session_key for s in live if s.get_decoded().get(SESSION_KEY) == str(user.pk))
    for key in keys:
        store(session_key=key).delete()
    StaffSession.objects.filter(user=user).delete()
    return len(keys)


def end_sessions_when_deactivated(sender: Any, instance: AbstractBaseUser, **kwargs: Any) -> None:
    """pre_save on the user model: if this save turns is_active off, end the sessions once the
    change is committed (a rolled-back deactivation signs no one out)."""
    if instance.pk is None or instance.is_active:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "is_active" not in update_fields:
        return
    was_active = (
        type(instance).objects.filter(pk=instance.pk, is_active=True).exists()  # type: ignore[attr-defined]
    )
    if was_active:
        transaction.on_commit(lambda: sessions_end_all(user=instance))

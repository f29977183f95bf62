"""Settings for the test suite: the real PostgreSQL and Redis, never SQLite or the filesystem.

`make test` exports DATABASE_URL and REDIS_URL (defaults below) before Django starts, so the base
settings already point at the real services; this module only adds what tests need on top.
"""

import os
import uuid

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/trd_clinic")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
# DEBUG is off here, as in production, which requires SITE_URL (system check screening.E014).
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
# A queue of this run's own, inherited by the workers the tests start, so a test run never
# consumes (or is fed) another run's or a developer's messages on the shared Redis.
os.environ.setdefault("CELERY_TASK_DEFAULT_QUEUE", f"test-{uuid.uuid4().hex[:12]}")

from trd_clinic.settings import *  # noqa: F403

# Hashing cost is not what these tests are about.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render templates without running collectstatic first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Lets several test runs share one PostgreSQL server (each names its own test database).
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_trd_clinic")}  # noqa: F405

"""Settings are safe by default and read from the environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_django(args: list[str], **env_overrides: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "trd_clinic.settings"
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_django(["check"], DJANGO_DEBUG="False")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = run_django(
        ["shell", "-v", "0", "-c", "from django.conf import settings; print(settings.DEBUG)"],
        DJANGO_SECRET_KEY="x" * 50,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_allowed_hosts_are_read_as_a_comma_list():
    result = run_django(
        [
            "shell",
            "-v",
            "0",
            "-c",
            "from django.conf import settings; print(settings.ALLOWED_HOSTS)",
        ],
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="screening.example.org,www.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['screening.example.org', 'www.example.org']"


def test_without_urls_it_uses_sqlite_and_the_filesystem_broker():
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE']); print(settings.CELERY_BROKER_URL); "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    env = {"DJANGO_DEBUG": "True", "DATABASE_URL": "", "REDIS_URL": ""}
    result = run_django(["shell", "-v", "0", "-c", code], **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "filesystem://",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_production_settings_pass_the_deploy_check():
    result = run_django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="screening.example.org",
        DJANGO_HTTPS="True",
        SITE_URL="https://screening.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_celery_is_configured_for_at_least_once_delivery():
    from trd_clinic.celery import app

    conf = app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_ignore_result is True
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_time_limit < conf.broker_transport_options["visibility_timeout"]

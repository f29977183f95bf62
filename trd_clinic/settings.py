"""Settings for the TRD screening app, read from the environment.

Safe by default: DEBUG is off unless DJANGO_DEBUG=True, and with DEBUG off the secret key and
allowed hosts must be given. With no DATABASE_URL / REDIS_URL the app runs on an SQLite file and
kombu's filesystem transport under var/, so `make run` works on a machine with nothing installed.
Every variable is documented in README.md ("Configuration").
"""

from pathlib import Path

import environ
import xstatic.pkg.bootstrap
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Runtime files (SQLite database, broker folders, beat schedule) live here, never in the repo.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-deploy")
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. It is required when DEBUG is off; "
            "set DJANGO_DEBUG=True for local development."
        )

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)

# The admin lives at a path of the clinic's choosing, so scanners probing /admin/ find nothing.
ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="clinic-admin/").strip("/") + "/"

# --- The clinic's identity (shown on pages and in emails; never clinical data) -----------------
CLINIC_NAME = env.str("CLINIC_NAME", default="Emerge Wellness")
CLINIC_PHONE = env.str("CLINIC_PHONE", default="")
CLINIC_EMAIL = env.str("CLINIC_EMAIL", default="")
# Absolute base of links in emails (resume links, check-ins, unsubscribe).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "screening",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "trd_clinic.urls"
WSGI_APPLICATION = "trd_clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "screening.context_processors.clinic",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------------------
# An empty value counts as unset, so `DATABASE_URL=` in a shell or .env file means "embedded".
DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Broker and cache --------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
BROKER_FOLDER = VAR_DIR / "broker"

if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Must stay above the task time limit; reminders never use long ETAs (security.md 17).
        "visibility_timeout": 3600,
        "socket_connect_timeout": 5,
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_FOLDER / "queue"),
        "data_folder_out": str(BROKER_FOLDER / "queue"),
        "control_folder": str(BROKER_FOLDER / "control"),
        "processed_folder": str(BROKER_FOLDER / "processed"),
        "store_processed": False,
    }

# --- Celery (security.md item 20) --------------------------------------------------------------
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
# Without this a killed pool child loses its task even with acks_late.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 50
CELERY_TASK_TIME_LIMIT = 60
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# One beat, the default file scheduler: the schedule is code (reviewed, versioned), and there is
# nothing for the admin to edit; see README "Production".
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {}

# --- Email -------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://127.0.0.1:25"
)
# The dict holds EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, ... (django-environ's documented use).
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default=f"{CLINIC_NAME} <no-reply@{SITE_URL.split('//')[-1]}>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Passwords (security.md item 6: length, common passwords, no composition rules) -------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Internationalisation ----------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
CELERY_TIMEZONE = TIME_ZONE
USE_I18N = True
USE_TZ = True

# --- Static files: our own copies only (no CDN, no third-party request) ------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- HTTPS and cookies -------------------------------------------------------------------------
# DJANGO_HTTPS=True in production (behind TLS). SECURE_PROXY_SSL_HEADER only when a trusted
# proxy sets it, e.g. DJANGO_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO.
HTTPS = env.bool("DJANGO_HTTPS", default=False)
_proxy_header = env.str("DJANGO_PROXY_SSL_HEADER", default="")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = (_proxy_header, "https")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    # __Host- cookies are bound to this exact origin and to HTTPS.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

SILENCED_SYSTEM_CHECKS = [
    # security.W021 (HSTS preload): joining the browsers' preload list binds the clinic's whole
    # domain for months and is hard to undo; that is the clinic IT's decision, not this app's.
    # HSTS itself is on for a year with subdomains.
    "security.W021",
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Logging: to stderr, never request data ----------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's request logger puts the request in the record; our handler prints only the
        # message, and admins get no request dump by email (no AdminEmailHandler configured).
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- Reminder and alert timing (issue 7). Clinical-operational numbers, named in one place. ----
# Resume-intake reminders: hours after the draft was last touched.
REMINDER_RESUME_AFTER_HOURS = (24, 72)
# "Next steps" message: business days (Mon-Fri) a submission may stay "new" first.
REMINDER_NEXT_STEPS_AFTER_BUSINESS_DAYS = 2
# Symptom check-ins: weeks after submission.
REMINDER_CHECKIN_AFTER_WEEKS = env.list("REMINDER_CHECKIN_AFTER_WEEKS", cast=int, default=[2, 4])
# Urgent alerts escalate to the second list when nobody acknowledges within this many minutes.
URGENT_ESCALATION_AFTER_MINUTES = env.int("URGENT_ESCALATION_AFTER_MINUTES", default=60)
URGENT_ALERT_EMAILS = env.list("URGENT_ALERT_EMAILS", default=[])
URGENT_ESCALATION_EMAILS = env.list("URGENT_ESCALATION_EMAILS", default=[])
# Resume links (single use) stay valid this long; drafts untouched this long are purged.
RESUME_LINK_VALID_DAYS = 7
DRAFT_PURGE_AFTER_DAYS = 30

"""Settings for the TRD screening app, read from the environment.

Safe by default: DEBUG is off unless DJANGO_DEBUG=True, and with DEBUG off the secret key and
allowed hosts must be given. With no DATABASE_URL / REDIS_URL the app runs on an SQLite file and
kombu's filesystem transport under var/, so `make run` works on a machine with nothing installed.
Every variable is documented in README.md ("Configuration").
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
import xstatic.pkg.bootstrap
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from trd_clinic.env_strict import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env_bool("DJANGO_DEBUG", default=False)

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

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)

# The admin lives at a path of the clinic's choosing, so scanners probing /admin/ find nothing.
ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="clinic-admin/").strip("/") + "/"

# --- The clinic's identity (shown on pages and in emails; never clinical data) -----------------
CLINIC_NAME = env.str("CLINIC_NAME", default="Emerge Wellness")
CLINIC_PHONE = env.str("CLINIC_PHONE", default="")
CLINIC_EMAIL = env.str("CLINIC_EMAIL", default="")
# Absolute base of links in emails (resume links, check-ins, unsubscribe). The default suits
# `make run` only: with DEBUG off an unset SITE_URL is refused by the system check
# screening.E014 (screening/security/checks.py), or links would point at 127.0.0.1.
SITE_URL_CONFIGURED = bool(env.str("SITE_URL", default=""))
SITE_URL = (env.str("SITE_URL", default="") or "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # The admin site, but one that asks for the second factor too (screening.staff.admin_site).
    "screening.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_ratelimit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    # Content-Security-Policy header (security.md item 11); configured under "Response headers".
    "csp",
    "screening",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Headers on every response, static files and refusals included (security.md item 11).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Up here, not in Django's usual place, so static files and refusals are covered too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "screening.security.middleware.PersonalDataNoStoreMiddleware",
    # Before anything reads the body: the app takes no files, so no upload is ever parsed.
    "screening.security.middleware.RefuseUploadsMiddleware",
    # Lets the log redaction see this request's personal fields (screening.security.log_redaction).
    "screening.security.middleware.LogRedactionRequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language from the browser's Accept-Language among LANGUAGES, else English.
    "django.middleware.locale.LocaleMiddleware",
    # The staff workspace and the admin stay in English whatever the browser asks (issue 19).
    "screening.pages.languages.StaffInEnglishMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks request.user verified once the TOTP step is done in this session.
    "django_otp.middleware.OTPMiddleware",
    # Staff sessions: 15 minutes idle, 12 hours at most (security.md item 5).
    "screening.staff.middleware.StaffSessionTimeoutMiddleware",
    # A request that changed its own person's password is signed out after it (issue 14 item 7).
    "screening.security.password_change.PasswordChangeSignOutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Turns a rate-limited request into the friendly 429 page (RATELIMIT_VIEW), never a 500.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last: turns a locked-out login into the lockout page (security.md item 4).
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "screening.pages.context_processors.clinic",
                "screening.staff.context_processors.urgent_banner",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------------------
# An empty value counts as unset, so `DATABASE_URL=` in a shell or .env file means "embedded".
DATABASE_URL = env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
# Issue 13. How long a request may wait on the database before it gets the kind outage page
# instead of holding a web worker: a new connection (a paused or unreachable server), and one
# statement (a hung query, a lock held too long). Both well under gunicorn's 30-second worker
# timeout, so one hung dependency cannot take every worker; the statement limit leaves room for
# the slowest page (the staff queue, about 150 ms with 100,000 cases) many times over.
DATABASE_CONNECT_TIMEOUT_SECONDS = env.int("DATABASE_CONNECT_TIMEOUT_SECONDS", default=3)
DATABASE_STATEMENT_TIMEOUT_MS = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=10_000)
# The embedded default (SQLite): writers queue for up to this long instead of failing at once
# with "database is locked" (issue 13: 28 of 30 concurrent patients did).
SQLITE_BUSY_TIMEOUT_SECONDS = 20
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL: readers never block the writer nor it them; synchronous=NORMAL is WAL's safe
        # pairing (a power cut can lose the last commit, never corrupt the file).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        # Every transaction takes the write lock when it begins (Django 5.1+), so two writers
        # wait their turn under the busy timeout instead of deadlocking on a lock upgrade.
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=DATABASE_CONNECT_TIMEOUT_SECONDS,
        options=f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Broker and cache --------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
BROKER_FOLDER = VAR_DIR / "broker"

if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
        # The rate limiter's counters: the same Redis, but during a Redis outage each process
        # counts on its own instead of raising (a patient never gets a 500 because the limiter
        # is down, and the limit still holds), and a hung Redis costs a request at most a second.
        "ratelimit": {
            "BACKEND": "screening.security.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        # Must stay above the task time limit; reminders never use long ETAs (security.md 17).
        "visibility_timeout": 3600,
        "socket_connect_timeout": 5,
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
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
# A task's limits; the reminder leases (below) must stay above the hard limit, so a send still
# running is never claimed a second time. Configurable so the chaos tests can shrink leases and
# limits together, keeping production's order (lease > limit).
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=50)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=60)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery must not install its own handlers: its lines (connection errors, task failures) go
# through LOGGING's console handler and the redaction (trd_clinic/celery.py, setup_logging).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Celery's Django fixup closes the database connection around every task unless this is set;
# trd_clinic/celery.py applies Django's CONN_MAX_AGE and health checks between tasks instead.
CELERY_DB_REUSE_MAX = 1000
# One beat, the default file scheduler: the schedule is code (reviewed, versioned), and there is
# nothing for the admin to edit; see README "Production".
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Beat only writes rows or hands ids to workers; every message waits in the database, never in
# Redis (security.md 17). `expires` drops a tick a stopped worker could not take in time, so a
# backlog of identical dispatcher runs never piles up while workers are down.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "dispatch-due-reminders": {
        "task": "screening.dispatch_due_reminders",
        "schedule": 60.0,
        "options": {"expires": 50},
    },
    # Clinic time: CELERY_TIMEZONE is TIME_ZONE.
    "schedule-daily-digest": {
        "task": "screening.schedule_daily_digest",
        "schedule": crontab(hour=8, minute=0),
        "options": {"expires": 3600},
    },
    "purge-old-drafts": {
        "task": "screening.purge_old_drafts",
        "schedule": crontab(hour=3, minute=30),
        "options": {"expires": 3600},
    },
    # Issue 17: a re-evaluation job whose worker died is taken up again once its lease ends.
    "resume-stalled-re-evaluations": {
        "task": "screening.resume_stalled_re_evaluations",
        "schedule": 60.0,
        "options": {"expires": 50},
    },
}

# --- Email -------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://127.0.0.1:25"
)
# The dict holds EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, ... (django-environ's documented use).
vars().update(EMAIL_CONFIG)
# Seconds an SMTP connect or reply may take. The send task holds a row lock while it talks to the
# server, so this stays well below CELERY_TASK_SOFT_TIME_LIMIT.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# The host of SITE_URL without its port: "no-reply@host:8000" is not an address SMTP accepts.
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default=f"{CLINIC_NAME} <no-reply@{urlsplit(SITE_URL).hostname}>"
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
LANGUAGE_CODE = "en"
# The languages patients may choose, each named in itself. Adding one: its code here, then
# `make messages` and translate locale/<code>/LC_MESSAGES/django.po (ARCHITECTURE.md).
# Codes are Django's (lower case, "pt-br"); the catalogue folder is the locale name (pt_BR).
LANGUAGES = [("en", "English"), ("es", "Español"), ("pt-br", "Português")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The switcher's choice (Django's set_language view) is kept in this cookie for a year; it holds
# only a language code. Lax and Secure like the session's; JavaScript never needs it.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
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
HTTPS = env_bool("DJANGO_HTTPS", default=False)
_proxy_header = env.str("DJANGO_PROXY_SSL_HEADER", default="")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = (_proxy_header, "https")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # models.W040: the outcomes page's covering indexes (INCLUDE) are a PostgreSQL speed-up;
    # SQLite builds them as plain indexes, which is all the embedded demo needs.
    SILENCED_SYSTEM_CHECKS += ["models.W040"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A load balancer's health probe may speak plain HTTP to the app; /healthz shows no patient data.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Response headers (security.md items 11 and 13) --------------------------------------------
# Our own files only: no inline script or style anywhere (templates use static/js and static/css),
# no third-party host. django-csp 4 configuration.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # data: for Bootstrap's own SVG icons in its CSS
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Nothing here needs a device sensor, camera, microphone, location or payment.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer", "ambient-light-sensor", "autoplay", "bluetooth", "browsing-topics",
        "camera", "display-capture", "encrypted-media", "geolocation", "gyroscope", "hid",
        "idle-detection", "interest-cohort", "magnetometer", "microphone", "midi", "payment",
        "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip
# Paths whose pages show or collect personal data: always `Cache-Control: no-store`, whatever
# the view (screening.security.middleware.PersonalDataNoStoreMiddleware). The admin is added
# by the middleware from ADMIN_URL.
PERSONAL_DATA_PATH_PREFIXES = ("/intake/", "/checkin/", "/contact/", "/staff/", "/unsubscribe/")

# --- Request bodies: the app takes no files (security.md item 9) --------------------------------
# multipart/form-data is refused before it is parsed (screening.security.middleware). The largest
# form is the medications step: 20 trials x 11 fields + management fields, about 240 fields and
# a few kilobytes; the staff note is the longest text. These bounds leave room and no more.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 0

# --- Sessions and CSRF (security.md items 5 and 10) ---------------------------------------------
# Patient sessions: a day, long enough to fill a step slowly; the draft is in the database and
# the device cookie finds it again after that. Staff sessions are cut to 15 idle minutes and 12
# hours by screening.staff.middleware. The CSRF cookie (Django's default, a year) outlives any
# session, so a page left open never fails on an expired token; the token is not kept in the
# session.
SESSION_COOKIE_AGE = 60 * 60 * 24
CSRF_USE_SESSIONS = False
CSRF_COOKIE_AGE = 60 * 60 * 24 * 365
# A refused form explains itself, and an intake step keeps what was typed (views/csrf_failure.py).
CSRF_FAILURE_VIEW = "screening.intake.csrf.csrf_failure"
# Flash messages can name a person ("the call to ..."): keep them server-side, not in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Error reports: no request data, no local variables (security.md item 12) -------------------
DEFAULT_EXCEPTION_REPORTER = "screening.security.error_reports.PrivateExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "screening.security.error_reports.PrivateReporterFilter"

# --- Rate limits on public forms (security.md item 15) -----------------------------------------
# Counted per client IP in the "ratelimit" cache (Redis); over the limit the visitor gets
# templates/429.html. POSTs only: reading a page is never limited.
RATELIMIT_CONTACT = "5/h"  # "ask us to call you" requests from one IP address
RATELIMIT_INTAKE_START = "20/h"  # screenings started (or their consents changed) from one IP
RATELIMIT_RESUME_REQUEST = "5/h"  # "email me a link" requests: each may send an email
RATELIMIT_CHECKIN = "10/h"  # check-in answers sent (each link works once; errors count too)
RATELIMIT_SMS_WEBHOOK = "120/m"  # inbound texts posted by Twilio (from its few addresses)
RATELIMIT_VIEW = "screening.pages.views.errors.rate_limited"
RATELIMIT_CACHE_PREFIX = "ratelimit:"
RATELIMIT_USE_CACHE = "ratelimit"
# Redis down: FailOpenRedisCache counts in each process instead (issue 14 item 8). Should a
# count still be missing, let the request through rather than refuse every patient.
RATELIMIT_FAIL_OPEN = True
# Behind a proxy every request comes from the proxy's address: DJANGO_CLIENT_IP_HEADER names the
# header it sets to the client's address (e.g. HTTP_X_REAL_IP), or everyone shares one limit.
# The callable reads it and never raises on a missing or malformed value.
RATELIMIT_IP_META_KEY = "screening.security.client_ip.rate_limit_ip"
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    SILENCED_SYSTEM_CHECKS += [
        # django_ratelimit.W001 ("not officially supported"): its 4.1 list predates Django's
        # own RedisCache, which is shared between processes and counts with atomic INCR and
        # SET NX, which is all the limiter needs. Our FailOpenRedisCache is that RedisCache,
        # only turning a connection error into "no count" (tests/security/test_item_15_*).
        "django_ratelimit.W001",
    ]
else:
    SILENCED_SYSTEM_CHECKS += [
        # django_ratelimit.E003 and W001 (local-memory cache is "not a shared cache"): only the
        # embedded `make run` setup has no REDIS_URL, and it serves from one process, so a
        # per-process count is the whole count. Production sets REDIS_URL (README, Production).
        "django_ratelimit.E003",
        "django_ratelimit.W001",
    ]

# --- Staff sign-in (security.md items 3-5) ------------------------------------------------------
# django-axes first: it refuses a locked-out username+IP before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "staff_login"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # our AuditEvent records every login
AXES_VERBOSE = False  # no start-up banner in every manage.py command
AXES_LOCKOUT_TEMPLATE = "staff/locked_out.html"
# Axes keeps a keyed hash of what was typed in the username box, never the text: people type
# passwords there (screening/security/axes_username.py).
AXES_USERNAME_CALLABLE = "screening.security.axes_username.axes_username"
# The client's address, one rule for axes, the rate limits and the audit trail
# (screening/security/client_ip.py): the header a trusted proxy sets, and for a list header
# (X-Forwarded-For) the entry DJANGO_TRUSTED_PROXY_COUNT from the right.
CLIENT_IP_META_KEY = env.str("DJANGO_CLIENT_IP_HEADER", default="") or "REMOTE_ADDR"
CLIENT_IP_TRUSTED_PROXIES = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=1)
AXES_CLIENT_IP_CALLABLE = "screening.security.client_ip.client_ip"
# TOTP: the issuer is the name the authenticator app shows; a wrong code doubles the wait before
# the next try (1, 2, 4 ... seconds), django-otp's throttling.
OTP_TOTP_ISSUER = CLINIC_NAME
OTP_TOTP_THROTTLE_FACTOR = 1
STAFF_IDLE_TIMEOUT_MINUTES = 15
# Issue 18 item 4: the timeout warning opens this long before the idle sign-out (GOV.UK's
# pattern warns two minutes ahead), and a note being written when the session ended is kept this
# long for its writer to find again after signing back in.
STAFF_IDLE_WARNING_SECONDS = 120
STAFF_KEPT_NOTE_MINUTES = 30
STAFF_SESSION_MAX_HOURS = 12
# An admin-issued link to set up a first authenticator works once, for this long (issue 14/5).
STAFF_SETUP_LINK_VALID_HOURS = 24

# --- Logging: to stderr, never request data ----------------------------------------------------
# Every record is redacted when it is made (screening.security.log_redaction, installed by the
# app): this request's personal fields are masked, exception messages withheld unless DEBUG. The
# filter on the handler also drops the request object Django attaches to its records.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "screening.security.log_redaction.PersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's request logger puts the request in the record; our handler prints only the
        # message, and admins get no request dump by email (no AdminEmailHandler configured).
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Twilio's client logs eight lines per text at INFO (URL and headers, never the number
        # or the body): warnings only.
        "twilio": {"level": "WARNING"},
    },
}

# --- Reminder and alert timing (issue 7). Clinical-operational numbers, named in one place. ----
# Resume-intake reminders: hours after the draft was last touched.
REMINDER_RESUME_AFTER_HOURS = (24, 72)
# "Next steps" message: business days (Mon-Fri) a submission may stay "new" first. The one
# number behind the patient result page's "we will contact you within 2 business days" and the
# staff queue's target for a new case (issue 18): the promise and the target never disagree.
REMINDER_NEXT_STEPS_AFTER_BUSINESS_DAYS = 2
# The queue's target for an urgent flag (PHQ-9 item 9 above zero): the same working day, at most
# this many working hours after it was raised, counted within CLINIC_WORKING_HOURS Mon-Fri
# (clinical-reference.md §4: item 9 needs same-day human follow-up).
# ⚠ operational numbers for the clinic manager to confirm.
URGENT_CONTACT_TARGET_WORKING_HOURS = 4
# The clinic's working day, clinic time (start hour, end hour), for the urgent target above.
CLINIC_WORKING_HOURS = (8, 18)
# The contact log: this many failed attempts in a row (no answer, message left, wrong number)
# move a case to "Unable to reach" and offer the closing letter. Three tries before a letter is
# the common practice the outside walk compared us with (issue 18). ⚠ clinic manager to confirm.
CONTACT_FAILED_ATTEMPTS_LIMIT = 3
# Symptom check-ins: weeks after submission.
REMINDER_CHECKIN_AFTER_WEEKS = env_list("REMINDER_CHECKIN_AFTER_WEEKS", cast=int, default=[2, 4])
# Urgent alerts escalate to the second list when nobody acknowledges within this many minutes.
URGENT_ESCALATION_AFTER_MINUTES = env.int("URGENT_ESCALATION_AFTER_MINUTES", default=60)
URGENT_ALERT_EMAILS: list[str] = env_list("URGENT_ALERT_EMAILS", default=[])
URGENT_ESCALATION_EMAILS: list[str] = env_list("URGENT_ESCALATION_EMAILS", default=[])
# Resume links (single use) stay valid this long; drafts untouched this long are purged.
RESUME_LINK_VALID_DAYS = 7
DRAFT_PURGE_AFTER_DAYS = 30
# Resume emails (the link, the resume reminders) to one address, whatever the number of drafts
# with it (issue 14 item 4): at most one per this many minutes, and this many per 24 hours.
RESUME_EMAIL_MIN_INTERVAL_MINUTES = env.int("RESUME_EMAIL_MIN_INTERVAL_MINUTES", default=10)
RESUME_EMAIL_DAILY_CAP = env.int("RESUME_EMAIL_DAILY_CAP", default=5)
# A submit whose response was lost (issue 13) left the device cookie in place (a successful
# submit deletes it): for this long that cookie still finds the submitted intake's result. Short,
# because a shared computer's next user must not find it (issue 14 item 12); the nightly purge
# clears the key after.
SUBMITTED_FOUND_BY_DEVICE_HOURS = 6
# Check-in links (single use, from the check-in email) stay valid this long.
CHECKIN_LINK_VALID_DAYS = 14
# The unsubscribe link in each patient email works this long after the email was sent (US
# CAN-SPAM asks for at least 30 days; later check-ins bring fresh links). Expired: the page says
# so and offers the clinic's phone.
UNSUBSCRIBE_LINK_VALID_DAYS = 90
# The daily digest (counts only) goes to this list; empty means the urgent-alert list.
DAILY_DIGEST_EMAILS: list[str] = env_list("DAILY_DIGEST_EMAILS", default=[])
# Patients get nothing between these hours, clinic time (start, end): deferred to the end.
REMINDER_QUIET_HOURS = (20, 8)
# At most this many patient messages in any window of this many days, all kinds together.
REMINDER_PATIENT_BUDGET = env.int("REMINDER_PATIENT_BUDGET", default=3)
REMINDER_PATIENT_BUDGET_DAYS = 7
# --- Reminder delivery (screening.reminders.dispatch) ---
# A claimed row not recorded as sent within this many seconds is claimed again. Above the task
# time limit, so a send still running is never claimed twice.
REMINDER_LEASE_SECONDS = env.int("REMINDER_LEASE_SECONDS", default=300)
# Urgent alerts and escalations (issue 13): a lease of their own, so one lost with a killed
# worker is claimed again by the next every-minute dispatcher run after it ends: back within
# 45 + 60 s, under 2 minutes. Their send task runs with the lower limits below, which the
# lease must stay above (checked here); EMAIL_TIMEOUT (10 s a step) fits well inside them.
URGENT_LEASE_SECONDS = env.int("URGENT_LEASE_SECONDS", default=45)
URGENT_TASK_SOFT_TIME_LIMIT = env.int("URGENT_TASK_SOFT_TIME_LIMIT", default=25)
URGENT_TASK_TIME_LIMIT = env.int("URGENT_TASK_TIME_LIMIT", default=30)
if not (
    URGENT_TASK_SOFT_TIME_LIMIT < URGENT_TASK_TIME_LIMIT < URGENT_LEASE_SECONDS
    and CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT < REMINDER_LEASE_SECONDS
):
    raise ImproperlyConfigured(
        "Each reminder lease must be above its task's time limit (and the soft limit below it):"
        " otherwise a send still running is claimed and sent a second time."
    )
# --- Re-evaluating every open case (issue 17, screening.staff.services.re_evaluation) ---
# Cases per transaction: the cursor moves with each slice, so a killed worker loses one slice.
RE_EVALUATION_BATCH = env.int("RE_EVALUATION_BATCH", default=1000)
# One task runs slices for this long, then hands the job to a fresh task (below the time limit).
# The defaults follow the task limits, which a deployment (or the chaos tests) may lower.
RE_EVALUATION_RUN_SECONDS = env.int(
    "RE_EVALUATION_RUN_SECONDS", default=max(1, min(20, CELERY_TASK_SOFT_TIME_LIMIT // 2))
)
# A run that has not moved the job for this long is presumed dead; beat lets another take it.
RE_EVALUATION_LEASE_SECONDS = env.int(
    "RE_EVALUATION_LEASE_SECONDS", default=max(90, CELERY_TASK_TIME_LIMIT + 30)
)
if not RE_EVALUATION_RUN_SECONDS < CELERY_TASK_SOFT_TIME_LIMIT < RE_EVALUATION_LEASE_SECONDS:
    raise ImproperlyConfigured(
        "A re-evaluation run must end before the task's soft time limit, and its lease outlast"
        " the limit: otherwise two runs could hold one job."
    )
# Rows claimed per dispatcher transaction (the dispatcher loops until none are due).
REMINDER_DISPATCH_BATCH = 500
# A row whose lease ran out this many times (its worker killed on every try, never an SMTP
# answer) is failed for staff to see: something kills the sender, retrying cannot help.
REMINDER_MAX_ATTEMPTS = env.int("REMINDER_MAX_ATTEMPTS", default=6)
# Transient SMTP failures (4xx, refused, timeout) are retried for at least this long from the
# first one: an outage of a mail provider can last a night, and an urgent alert or a patient's
# link must not be dropped for good after half an hour (issue 13). Then the row is failed.
REMINDER_RETRY_FOR_HOURS = env.int("REMINDER_RETRY_FOR_HOURS", default=24)
# Patient and digest messages wait base * 2^n seconds (jittered) between tries, capped at an
# hour: nobody's inbox needs a message sooner, and a recovered server is not hit by everyone.
REMINDER_RETRY_BASE_SECONDS = env.int("REMINDER_RETRY_BASE_SECONDS", default=60)
REMINDER_RETRY_MAX_SECONDS = 3600
# Urgent alerts and escalations are tried again every 1-2 minutes (jittered) for as long: a
# person at risk must not wait an hour for the on-call clinician to hear of them.
URGENT_RETRY_SECONDS = (60, 120)
# Staff see a still-retrying row as "failing" once it has been retrying this long, and every
# page of the staff workspace shows a banner for an urgent alert not delivered within
# URGENT_UNDELIVERED_BANNER_MINUTES of falling due.
REMINDER_FAILING_AFTER_MINUTES = 30
URGENT_UNDELIVERED_BANNER_MINUTES = 5
# Text messages: the console backend prints them (development); in production
# SMS_BACKEND=screening.reminders.twilio_sms.TwilioSmsBackend sends them through Twilio (README).
SMS_BACKEND = env.str("SMS_BACKEND", default="screening.reminders.channels.ConsoleSmsBackend")
# Twilio: the account, its Auth Token (also the key that signs the inbound webhook), and who the
# texts come from: a number in E.164, or a Messaging Service (which then wins).
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
TWILIO_FROM_NUMBER = env.str("TWILIO_FROM_NUMBER", default="")
TWILIO_MESSAGING_SERVICE_SID = env.str("TWILIO_MESSAGING_SERVICE_SID", default="")
# Empty: https://api.twilio.com. The tests set it to their fake of the API on loopback.
TWILIO_API_BASE_URL = env.str("TWILIO_API_BASE_URL", default="")
# Seconds for each request to Twilio; well inside the send task's time limits.
TWILIO_TIMEOUT = env.float("TWILIO_TIMEOUT", default=10.0)
# The address Twilio posts replies to, exactly as set in Twilio's console: the signature covers
# it. Empty: SITE_URL + /sms/inbound/.
TWILIO_WEBHOOK_URL = env.str("TWILIO_WEBHOOK_URL", default="")

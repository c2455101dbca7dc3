"""Settings for the whole project, read from the environment.

With no environment at all the project runs on the *embedded default*: SQLite under
``var/``, Celery tasks run eagerly in-process, e-mail is written to files under
``var/mail/``. Production sets the variables documented in README.md.
Malformed values fail loudly at start-up (ImproperlyConfigured).
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_raw(name: str) -> str | None:
    """The raw value of ``NAME``, or the content of the file named by
    ``NAME_FILE`` (secrets, container configs); None when neither is set.
    Every reader below goes through here, so any variable can come from a file."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE: cannot read {file_name}: {exc}"
            ) from exc
    return os.environ.get(name)


def env_str(name: str, default: str = "") -> str:
    """A string from ``NAME`` or from the file named by ``NAME_FILE``."""
    raw = env_raw(name)
    return default if raw is None else raw


def env_bool(name: str, default: bool = False) -> bool:
    raw = env_raw(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true/false, got {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = 0) -> int:
    """An integer; below ``minimum`` (0 unless told otherwise) is an error."""
    raw = env_raw(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_raw(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, choices: set[str], default: str) -> str:
    """One of ``choices`` (compared in upper case)."""
    value = env_str(name, default).strip().upper()
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name} must be one of {sorted(choices)}, got {value!r}"
        )
    return value


def env_url(name: str, schemes: set[str], default: str = "") -> str:
    raw = env_str(name, default)
    if raw:
        parsed = urlparse(raw)
        if parsed.scheme not in schemes or not (parsed.hostname or parsed.path):
            raise ImproperlyConfigured(
                f"{name} must be a URL with scheme {sorted(schemes)}, got {raw!r}"
            )
    return raw


DEBUG = env_bool("DEBUG", default=False)
# PRODUCTION=true switches on HTTPS-only cookies, HSTS and the manifest static storage.
PRODUCTION = env_bool("PRODUCTION", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must not be true when PRODUCTION=true")
_EMBEDDED_SECRET = "embedded-default-insecure-key-change-me-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", _EMBEDDED_SECRET)
if PRODUCTION and SECRET_KEY == _EMBEDDED_SECRET:
    raise ImproperlyConfigured("SECRET_KEY must be set when PRODUCTION=true")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_url("SITE_URL", {"http", "https"}, "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "guardian",
    "axes",
    "simple_history",
    "django_htmx",
    "django_filters",
    "django_celery_beat",
    "accounts",
    "regulations",
    "coordination",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise: static files get the CSP and Permissions-Policy too.
    "accounts.middleware.SecurityHeadersMiddleware",
    "accounts.middleware.ClientAddressMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.DatedMembershipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # axes must be last: it turns lockouts raised by authenticate() into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "accounts.context_processors.roles",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------
_default_db = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASE_URL = env_url(
    "DATABASE_URL", {"sqlite", "postgres", "postgresql", "pgsql"}, _default_db
)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # Every transaction takes the write lock when it begins (BEGIN IMMEDIATE):
        # two people acting at once queue behind it instead of the loser failing
        # with "database is locked" when it upgrades a read lock mid-transaction.
        "transaction_mode": "IMMEDIATE",
        # Seconds a connection waits for that lock (the busy timeout).
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file, not Django's shared-cache in-memory database: threads of
    # the race tests (T23) then lock each other as processes do. One file per
    # process, so test runs side by side (and xdist workers) never share one.
    DATABASES["default"]["TEST"] = {
        "NAME": str(
            Path(tempfile.gettempdir()) / f"quychephoihop-test-{os.getpid()}.sqlite3"
        )
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth --------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; anonymous sees nothing
GUARDIAN_MONKEY_PATCH_USER = False

# Sessions: idle timeout renewed on every request, and closed with the browser.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 2 * 60 * 60, minimum=1)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Login throttling (django-axes): lock the username+IP pair after N failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
# Reverse proxies in front (nginx: 1). One rule gives the client's address to
# login throttling, the classified-download log and the security log:
# accounts.middleware.client_ip (django-ipware, which axes' own IPWARE_*
# settings need, is not installed: without this callable axes would see the
# proxy's address).
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.middleware.client_ip"
AXES_VERBOSE = False

# --- I18n --------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
# Our catalogue first (makemessages writes to the first path); then Vietnamese for
# django-guardian and django-simple-history, which ship none (hand-maintained).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
if not PRODUCTION:  # the embedded default keeps everything under var/
    for _dir in (STATIC_ROOT, MEDIA_ROOT):
        _dir.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media-not-served/"  # uploads are only served by permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env_bool("STATIC_MANIFEST", PRODUCTION)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- E-mail --------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS and EMAIL_USE_SSL are exclusive: set at most one to true"
    )
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Quy chế phối hợp <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_BACKEND = env_str("EMAIL_BACKEND", EMAIL_BACKEND)

# --- Celery --------------------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", {"redis", "rediss"})
CELERY_BROKER_URL = env_url(
    "CELERY_BROKER_URL", {"redis", "rediss", "amqp", "memory"}, REDIS_URL
)
# No broker configured: run tasks in-process (embedded default).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# A worker keeps reconnecting however long the broker is away (Celery's default
# gives up after 100 tries and exits): mail is delayed by an outage, never lost.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    # Retry the connection at once, not after kombu's default 2 s: with the
    # broker down every e-mail of a transition would otherwise add 2 s to the
    # user's response (T29).
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Publishing must never hang a web request: one quick try, then the outbox sweep
# (coordination.notifications.tasks.drain_outbox_task) delivers later.
CELERY_TASK_PUBLISH_RETRY = False
# One queue for everything; the integration tests give each worker its own.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# The outbox sweep: how often beat runs it, and how old a pending row must be
# before the sweep sends it (younger rows are left to the task queued at
# commit). The fault test (T29) shortens both.
OUTBOX_DRAIN_SECONDS = env_int("OUTBOX_DRAIN_SECONDS", 60)
OUTBOX_MIN_AGE_SECONDS = env_int("OUTBOX_MIN_AGE_SECONDS", 30)
# A failed send is retried after 1, 2, 4 … minutes (±20 %), at most 6 h apart,
# OutboundEmail.MAX_ATTEMPTS times, then shown as failed with a resend button.
OUTBOX_RETRY_BASE_SECONDS = env_int("OUTBOX_RETRY_BASE_SECONDS", 60, minimum=1)
# Digests of reminders go out at this local time (Asia/Ho_Chi_Minh) on working days.
REMINDER_DIGEST_TIME = (7, 30)
# People per transaction of the reminder sweep (the fault test makes it 1).
REMINDER_BATCH_SIZE = env_int("REMINDER_BATCH_SIZE", 200, minimum=1)
# Documents rendered by the worker (reports.tasks.render_document): the soft
# time limit in seconds (the hard one is 10 s later), and the caps on a
# rendered document (T19).
REPORT_RENDER_SOFT_TIME_LIMIT = env_int("REPORT_RENDER_SOFT_TIME_LIMIT", 60, minimum=1)
REPORT_MAX_PAGES = env_int("REPORT_MAX_PAGES", 500, minimum=1)
REPORT_MAX_BYTES = env_int("REPORT_MAX_BYTES", 20 * 1024 * 1024, minimum=1)
# Rendered files are kept this many days, then deleted (the job with them).
REPORT_JOB_KEEP_DAYS = env_int("REPORT_JOB_KEEP_DAYS", 7, minimum=1)
# (month, day) from which the year's draft report is compiled for each ward.
REPORT_YEAR_DRAFT_DATE = (12, 15)
CELERY_BEAT_SCHEDULE = {
    "drain-outbox": {
        "task": "coordination.notifications.tasks.drain_outbox_task",
        "schedule": float(OUTBOX_DRAIN_SECONDS),
    },
    "sync-memberships": {
        "task": "coordination.organizations.tasks.sync_memberships_task",
        "schedule": 15 * 60.0,
    },
    "remind-unacknowledged-incidents": {
        "task": "coordination.incidents.tasks.escalate_unacknowledged_task",
        "schedule": 5 * 60.0,
    },
    "create-exchange-rounds": {
        "task": "coordination.exchanges.tasks.create_rounds_task",
        "schedule": 6 * 3600.0,
    },
    "create-calendar-entries": {
        "task": "coordination.calendar.tasks.create_entries_task",
        "schedule": crontab(minute=15, hour=2),
    },
    # The police committee's draft reports after a round's lock date and on
    # REPORT_YEAR_DRAFT_DATE (reports.scheduled).
    "create-report-drafts": {
        "task": "reports.tasks.create_scheduled_drafts_task",
        "schedule": crontab(minute=30, hour=2),
    },
    "purge-render-jobs": {
        "task": "reports.tasks.purge_render_jobs_task",
        "schedule": crontab(minute=45, hour=2),
    },
    # The reminder sweep: once a day at the start of office hours; the task
    # itself does nothing on a day off (weekends, Tết, DayOffOverride).
    "send-reminders": {
        "task": "coordination.reminders.tasks.send_reminders_task",
        "schedule": crontab(
            minute=REMINDER_DIGEST_TIME[1], hour=REMINDER_DIGEST_TIME[0]
        ),
    },
}
# The schedules live in the database (django-celery-beat), where administrators
# see and change them; the entries above are the defaults, created when missing
# (``manage.py load_schedules``, and by beat itself at start) and never
# overwritten. Run exactly one beat (README "Production").
CELERY_BEAT_SCHEDULER = env_str(
    "CELERY_BEAT_SCHEDULER", "coordination.schedules:DefaultsDatabaseScheduler"
)

# --- Cache ---------------------------------------------------------------------------
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Security ------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
if env_bool("BEHIND_TLS_PROXY", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Scripts and styles come only from our own origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# Browser features the application never uses, refused for every response
# (only names Chromium recognises: an unknown one is a console warning).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "compute-pressure",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "identity-credentials-get",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "picture-in-picture",
        "publickey-credentials-create",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "storage-access",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    )
)

DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# Largest whole upload (multipart body) read at all: room for this many files at
# the limit plus the form's text. A bigger one is refused from its
# Content-Length, before its body is read (coordination.uploads). The reverse
# proxy's limit (nginx client_max_body_size) should match it.
ATTACHMENT_MAX_FILES = 10
UPLOAD_MAX_REQUEST_BYTES = (
    ATTACHMENT_MAX_BYTES * ATTACHMENT_MAX_FILES + DATA_UPLOAD_MAX_MEMORY_SIZE
)
FILE_UPLOAD_HANDLERS = [
    "coordination.uploads.UploadLimitHandler",  # first: refuses before the others
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Logging -------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)r"},
    },
    "filters": {"client_address": {"()": "accounts.middleware.ClientAddressFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "LOG_LEVEL", {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}, "INFO"
        ),
    },
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Security events name the client (accounts.middleware.client_ip).
        "security": {"filters": ["client_address"]},
        # An oversize upload is logged once, as a "security" warning, by
        # coordination.uploads; not again with a traceback by Django.
        "django.security.UploadTooLarge": {"level": "CRITICAL"},
    },
}

# --- Product -------------------------------------------------------------------------
# Functions listing the user's pending work for the home page (accounts.pending).
PENDING_WORK_PROVIDERS: list[str] = [
    "coordination.requests.selectors.pending_request_items",
    "coordination.requests.selectors.pending_meeting_items",
    "coordination.exchanges.selectors.pending_exchange_items",
    "coordination.incidents.selectors.pending_incident_items",
    "coordination.reviews.pending.pending_review_items",
    "reports.pending.pending_report_items",
]
# Periodic exchanges: a report is due this many days after its period ends (moved
# to the next working day), and locked this many days after that. Each ward's
# standing committee (or an administrator) may set its own (ExchangeSchedule).
EXCHANGE_DUE_DAYS = env_int("EXCHANGE_DUE_DAYS", 10)
EXCHANGE_LOCK_DAYS = env_int("EXCHANGE_LOCK_DAYS", 20)
# Urgent situations: addressees are expected to acknowledge within this many
# hours; after that the standing committee gets a second notice (once).
INCIDENT_ACK_HOURS = env_int("INCIDENT_ACK_HOURS", 2, minimum=1)
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "Demo@2026!")

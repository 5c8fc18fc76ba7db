"""Settings for the portal, read from the environment.

Defaults give the embedded set-up a newcomer needs (SQLite under var/, no Redis,
email written to files); production values come from variables listed in README.md.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
# As in healthchecks, DEBUG defaults on so that a fresh clone runs with nothing set;
# every production variable in README.md turns it off explicitly.
DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off")
    SECRET_KEY = "development-only-key-never-used-in-production-" + "x" * 20

SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https")).rstrip("/")
if not DEBUG and not SITE_URL.startswith("https://"):
    # Links in emails, and RFC 8058's one-click unsubscribe, which must be https.
    raise ImproperlyConfigured("SITE_URL must start with https:// when DEBUG is off")
SITE_NAME = env_str("SITE_NAME", "PCN Leadership Portal")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "simple_history",
    "import_export",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "portal",
    "careers",
    "programmes",
    "cohorts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.session_limits.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
AUTH_USER_MODEL = "portal.Person"

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
                "portal.context_processors.site",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database: PostgreSQL in production and CI, SQLite by default
# ---------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")
try:
    _database = dj_database_url.parse(DATABASE_URL)
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {exc}") from None

if _database["ENGINE"] == "django.db.backends.postgresql":
    # Django's own psycopg 3 pool (https://docs.djangoproject.com/en/5.2/ref/databases/#connection-pool):
    # each web or worker process keeps a few warm connections instead of opening one a request.
    _database["CONN_MAX_AGE"] = 0
    _database.setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN", 1, minimum=0),
        "max_size": env_int("DATABASE_POOL_MAX", 8, minimum=1),
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 10, minimum=1),
    }
elif _database["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat share one file on a laptop: WAL and a busy
    # timeout let them take turns instead of failing with "database is locked".
    _database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Redis: cache, rate limits and the Celery broker; optional
# ---------------------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", schemes=("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# ---------------------------------------------------------------------------
# Celery (https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html)
# ---------------------------------------------------------------------------
CELERY_QUEUE_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # kombu's Redis transport, mended so that a worker survives a Redis restart while
    # tasks are running (the reason is in the module).
    CELERY_BROKER_TRANSPORT = "portal.lib.redis_broker:Transport"
    # https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # An unacknowledged task goes back on the queue after this long: it must
        # outlast the longest countdown (a 5th email retry waits 16 minutes) plus a
        # task's run, or a waiting retry would be delivered twice.
        "visibility_timeout": 3600,
        # A failed-over Redis can vanish without closing sockets: keepalive and the
        # timeouts bound the wait of a web request queueing a task, and redis-py
        # pings an idle connection before using it (health_check_interval).
        "socket_keepalive": True,
        "socket_connect_timeout": 5,
        "socket_timeout": 10,
        "health_check_interval": 25,
        # Never retry a command that timed out: a retried LPUSH can queue a task twice.
        "retry_on_timeout": False,
    }
else:
    # kombu's filesystem transport: a folder of message files, so `make run` needs no
    # broker server and no extra package (the SQLAlchemy transport would add both a
    # dependency and a second database). Fine for one machine, never for production.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=2)
# A task is acknowledged only when it has finished, so a worker that dies mid-task
# leaves it for another worker; tasks are written to be safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Keep reconnecting for as long as the broker is away (maintenance, failover) rather
# than giving up after 100 attempts.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# On a lost broker connection let running tasks finish: they record what they did in
# the database, while a cancelled task's message dies with a restarted Redis anyway.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Hourly (so early in the day, whenever beat started): the catalogue's "by deadline"
    # order moves on from deadlines that passed. It stays right without it, only slower.
    "roll-on-offer-deadlines": {
        "task": "programmes.tasks.roll_on_deadlines",
        "schedule": 60 * 60,
    },
    "clear-expired-sessions": {
        "task": "portal.tasks.clear_expired_sessions",
        "schedule": 60 * 60 * 6,
    },
    # Daily: one reminder to 360 raters who have not answered a week after the invitation.
    "remind-360-raters": {
        "task": "careers.tasks.send_due_reminders",
        "schedule": 60 * 60 * 24,
    },
    # Hourly: first 360 invitations whose task was lost (a Redis restart) go now.
    "send-lost-360-invitations": {
        "task": "careers.tasks.send_lost_invitations",
        "schedule": 60 * 60,
    },
    # Daily: close 360 rounds past their date; forget outside raters 90 days after.
    "tidy-360-rounds": {
        "task": "careers.tasks.tidy_feedback_rounds",
        "schedule": 60 * 60 * 24,
    },
    # Hourly: each tick sends to whoever has come due (portal/digest/README.md).
    "send-digests": {
        "task": "portal.digest.tasks.digest_tick",
        "schedule": 60 * 60,
    },
    # Daily: sign-ups never confirmed are deleted after 14 days (the privacy notice).
    "delete-unconfirmed-signups": {
        "task": "portal.tasks.delete_unconfirmed_signups",
        "schedule": 60 * 60 * 24,
    },
    # Hourly: data exports are kept 48 hours, then their files are deleted.
    "delete-expired-data-exports": {
        "task": "portal.personal_data.tasks.delete_expired_exports",
        "schedule": 60 * 60,
    },
}

# ---------------------------------------------------------------------------
# Email
# ---------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    _default_email_backend = "django.core.mail.backends.smtp.EmailBackend"
else:
    _default_email_backend = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_BACKEND = env_str("EMAIL_BACKEND", _default_email_backend)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
# Account emails retry transient SMTP failures after this many seconds, doubling each
# time (portal/tasks.py); the end-to-end test shortens it to keep CI quick.
EMAIL_RETRY_BASE_SECONDS = env_int("EMAIL_RETRY_BASE_SECONDS", 30, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Where people write for help or to use their data rights; shown in the site's footer pages.
SUPPORT_EMAIL = env_str("SUPPORT_EMAIL", "support@leadership-portal.example")
# Insights pages are worked out at most this often per area (0: every time).
INSIGHTS_CACHE_SECONDS = env_int("INSIGHTS_CACHE_SECONDS", 600, minimum=0)
# ---------------------------------------------------------------------------
# Digests (portal/digest/README.md)
# ---------------------------------------------------------------------------
DIGEST_TIME_ZONE = "Europe/London"
DIGEST_SEND_HOUR = env_int("DIGEST_SEND_HOUR", 7, minimum=0)
DIGEST_BATCH_SIZE = env_int("DIGEST_BATCH_SIZE", 100, minimum=1)
DIGEST_QUEUE = env_str("DIGEST_QUEUE", "celery")
# A claim older than this is taken as abandoned and sent again by the next tick; it
# must outlive any batch task, which the hard time limit bounds.
DIGEST_CLAIM_TIMEOUT = env_int("DIGEST_CLAIM_TIMEOUT", 2 * CELERY_TASK_TIME_LIMIT, minimum=1)
DIGEST_MAX_ATTEMPTS = env_int("DIGEST_MAX_ATTEMPTS", 5, minimum=1)
DIGEST_RETRY_BASE_SECONDS = env_int("DIGEST_RETRY_BASE_SECONDS", 60, minimum=0)
# Mark each sent digest without waiting for PostgreSQL to flush it to disk
# (https://www.postgresql.org/docs/15/wal-async-commit.html); see portal/digest/README.md.
DIGEST_DURABLE_MARKS = env_bool("DIGEST_DURABLE_MARKS", False)
DIGEST_OFFERS_SHOWN = 5
DIGEST_VIEW_MAX_AGE = 60 * 60 * 24 * 60
DIGEST_UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 365

if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on")

# ---------------------------------------------------------------------------
# Accounts: django-allauth (https://docs.allauth.org/en/latest/account/configuration.html)
# ---------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "portal.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS_ENABLED = env_bool("ACCOUNT_RATE_LIMITS_ENABLED", True)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = SITE_URL.split("://", 1)[0]
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME

# Staff must use two-factor before the admin opens. The demo may relax that so that
# the seeded curator can look around; production refuses the relaxation.
DEMO_RELAX_STAFF_MFA = env_bool("DEMO_RELAX_STAFF_MFA", False)
if DEMO_RELAX_STAFF_MFA and not DEBUG:
    raise ImproperlyConfigured("DEMO_RELAX_STAFF_MFA is for the demo only and needs DEBUG on")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # NCSC: length beats complexity rules; 12 characters at least.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after a spell without activity (shorter for staff, who can open the
# admin and insights) and, however busy, a fixed time after signing in. See
# portal/session_limits.py; the cookie lasts no longer than the absolute lifetime.
SESSION_IDLE_SECONDS_STAFF = env_int("SESSION_IDLE_SECONDS_STAFF", 30 * 60, minimum=60)
SESSION_IDLE_SECONDS_MEMBER = env_int("SESSION_IDLE_SECONDS_MEMBER", 2 * 60 * 60, minimum=60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60, minimum=60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS

CRISPY_ALLOWED_TEMPLATE_PACKS = ["nhsuk"]
CRISPY_TEMPLATE_PACK = "nhsuk"
CRISPY_FAIL_SILENTLY = not DEBUG

# ---------------------------------------------------------------------------
# Security (python manage.py check --deploy)
# ---------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Load balancers probe over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("BEHIND_TLS_PROXY", False):
    # Only behind a load balancer that sets the header and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The admin's history pages never save: a revert would skip the services' checks
# (portal/admin_site.py refuses the POST too). Exports never start a cell with a formula.
SIMPLE_HISTORY_REVERT_DISABLED = True
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# django-csp 4 (https://django-csp.readthedocs.io/): no inline script or style
# without the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# ---------------------------------------------------------------------------
# Static files: WhiteNoise serves them from every web node
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

# ---------------------------------------------------------------------------
# Locale
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # Secret link tokens (/feedback/<token>/, /digest/…/<token>/) are logged as route names.
    "filters": {"redact_tokens": {"()": "portal.lib.log_redaction.TokenPathFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Django's defaults give these their own handlers, which would print request
        # paths unfiltered (and "django" twice with DEBUG on): route them through ours.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

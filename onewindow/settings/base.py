"""Settings shared by every environment; secrets come from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("ONEWINDOW_VAR_DIR", BASE_DIR / "var"))

DEBUG = False
ALLOWED_HOSTS: list[str] = os.environ.get("ALLOWED_HOSTS", "").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "ninja",
    "onewindow.core",
    "onewindow.accounts",
    "onewindow.audit",
    "onewindow.people",
    "onewindow.employers",
    "onewindow.exchange",
    "onewindow.records",
    "onewindow.rules",
    "onewindow.demo",
    "onewindow.notifications",
    "onewindow.certificates",
    "onewindow.services",
    "onewindow.backoffice",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "onewindow.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "onewindow.accounts.middleware.StaffMfaMiddleware",
    "onewindow.core.middleware.DisplayPreferencesMiddleware",
]

ROOT_URLCONF = "onewindow.urls"
WSGI_APPLICATION = "onewindow.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "onewindow" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "onewindow.core.context_processors.display",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'onewindow.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background import write while pages keep reading.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_VALIDATORS}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "onewindow.accounts.backends.PersonModelBackend",
    "onewindow.accounts.backends.PersonAuthenticationBackend",
]

# django-allauth: username sign-in, no e-mail round trip for the demo; lockout after
# repeated failures is allauth's rate limit on failed logins.
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/ip,5/15m/key"}
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "onewindow.accounts.adapter.AccountAdapter"
# Staff (operators, clerks, supervisors) must sign in with a second factor: an
# authenticator app (TOTP) with recovery codes. Off only on the embedded demo,
# where ONEWINDOW_STAFF_MFA=1 turns it on.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "onewindow"
ONEWINDOW_STAFF_MFA_REQUIRED = True
# Behind a load balancer every client shares its address: name the proxies we run
# so that lockouts and rate limits count real clients (see core/ratelimit.py).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ONEWINDOW_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("ONEWINDOW_CLIENT_IP_HEADER") or None
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "onewindow" / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_ROOT = VAR_DIR / "media"
# Uploaded department files live outside the web root and are never served directly.
UPLOAD_ROOT = VAR_DIR / "uploads"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
EXCHANGE_MAX_UPLOAD_BYTES = 200 * 1024 * 1024
# Without a broker (tasks inline), run uploaded imports in a thread; see
# exchange.tasks.import_batch_dispatch.
EXCHANGE_THREAD_WHEN_INLINE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# Secrets: field encryption key, blind-index key and Django's own secret.
ONEWINDOW_FIELD_KEY = os.environ.get("ONEWINDOW_FIELD_KEY", "")
ONEWINDOW_INDEX_KEY = os.environ.get("ONEWINDOW_INDEX_KEY", "")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# Certificates: the Ed25519 private seed (base64, 32 bytes) that signs them, the
# public keys (base64) of retired seeds whose certificates still verify, and the
# address printed in the QR code.
ONEWINDOW_SIGNING_KEY = os.environ.get("ONEWINDOW_SIGNING_KEY", "")
ONEWINDOW_RETIRED_SIGNING_KEYS = [
    key
    for key in os.environ.get("ONEWINDOW_RETIRED_SIGNING_KEYS", "").split(",")
    if key
]
ONEWINDOW_PUBLIC_URL = os.environ.get("ONEWINDOW_PUBLIC_URL", "http://127.0.0.1:8000")

# Read models cached per person; a delivery that changes a record expires them.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "onewindow",
    }
}
if os.environ.get("CACHE_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["CACHE_URL"],
    }
RECORD_CACHE_SECONDS = 3600

# Resident record claims: attempts allowed per user within the window.
CLAIM_MAX_ATTEMPTS = 5
CLAIM_MAX_ATTEMPTS_PER_ID = 10
# Records a clerk may look up outside any case, per hour.
DESK_LOOKUPS_PER_HOUR = 30
CLAIM_WINDOW_HOURS = 24

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"onewindow": {"level": "INFO"}},
}

# SMS and e-mail notifications: the embedded default prints them to the console.
NOTIFICATION_BACKEND = os.environ.get(
    "NOTIFICATION_BACKEND", "onewindow.notifications.backends.ConsoleBackend"
)

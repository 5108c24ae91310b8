"""The embedded default: SQLite, inline tasks, locally generated secrets."""

import os

from onewindow.core.secrets import local_secrets

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    ONEWINDOW_FIELD_KEY,
    ONEWINDOW_INDEX_KEY,
    ONEWINDOW_SIGNING_KEY,
    SECRET_KEY,
    VAR_DIR,
)

DEBUG = True
# The SQLite database, uploads and generated files live here; a fresh clone has
# no var/ yet (git ignores it).
VAR_DIR.mkdir(parents=True, exist_ok=True)
ALLOWED_HOSTS = [host for host in ALLOWED_HOSTS if host] or ["127.0.0.1", "localhost"]

_secrets = local_secrets()
SECRET_KEY = SECRET_KEY or _secrets["django_secret_key"]
ONEWINDOW_FIELD_KEY = ONEWINDOW_FIELD_KEY or _secrets["field_key"]
ONEWINDOW_INDEX_KEY = ONEWINDOW_INDEX_KEY or _secrets["index_key"]
ONEWINDOW_SIGNING_KEY = ONEWINDOW_SIGNING_KEY or _secrets["signing_key"]

CELERY_TASK_ALWAYS_EAGER = True
ONEWINDOW_STAFF_MFA_REQUIRED = os.environ.get("ONEWINDOW_STAFF_MFA") == "1"
EXCHANGE_THREAD_WHEN_INLINE = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

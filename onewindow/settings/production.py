"""Production: every secret must come from the environment, or start-up fails."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ONEWINDOW_FIELD_KEY,
    ONEWINDOW_INDEX_KEY,
    ONEWINDOW_SIGNING_KEY,
    SECRET_KEY,
)

for _name, _value in (
    ("DJANGO_SECRET_KEY", SECRET_KEY),
    ("ONEWINDOW_FIELD_KEY", ONEWINDOW_FIELD_KEY),
    ("ONEWINDOW_INDEX_KEY", ONEWINDOW_INDEX_KEY),
    ("ONEWINDOW_SIGNING_KEY", ONEWINDOW_SIGNING_KEY),
    ("ONEWINDOW_PUBLIC_URL", os.environ.get("ONEWINDOW_PUBLIC_URL", "")),
    ("DATABASE_URL", os.environ.get("DATABASE_URL", "")),
):
    if not _value:
        raise ImproperlyConfigured(f"{_name} must be set in production.")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31536000
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

"""Settings for the test suite: fixed throwaway keys, inline tasks, fast hashing."""

import os

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SECRET_KEY = "test-only-secret-key-not-for-any-deployment-0123456789"  # noqa: S105
ONEWINDOW_FIELD_KEY = "dGVzdC1vbmx5LWZpZWxkLWtleS0zMi1ieXRlcy0wMDA="
ONEWINDOW_INDEX_KEY = "dGVzdC1vbmx5LWluZGV4LWtleS0zMi1ieXRlcy0wMDA="
ONEWINDOW_SIGNING_KEY = "dGVzdC1vbmx5LXNpZ25pbmcta2V5LTMyLWJ5dGVzLTA="
ONEWINDOW_PUBLIC_URL = "http://testserver"
# Tests of the staff second factor turn it on themselves.
ONEWINDOW_STAFF_MFA_REQUIRED = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A real worker started by the worker test sets ONEWINDOW_TASKS_INLINE=0.
CELERY_TASK_ALWAYS_EAGER = os.environ.get("ONEWINDOW_TASKS_INLINE", "1") == "1"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

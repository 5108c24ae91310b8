"""Generate and keep the embedded default's secrets outside the repository."""

import base64
import json
import os
import secrets
from pathlib import Path


def secrets_path() -> Path:
    """Return where local secrets live: ONEWINDOW_SECRETS_FILE or XDG data."""
    explicit = os.environ.get("ONEWINDOW_SECRETS_FILE")
    if explicit:
        return Path(explicit)
    data_home = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return data_home / "onewindow" / "local-secrets.json"


def local_secrets() -> dict[str, str]:
    """Read the local secrets, creating them owner-only on first run."""
    path = secrets_path()
    if path.exists():
        return json.loads(path.read_text())
    values = {
        "django_secret_key": secrets.token_urlsafe(50),
        "field_key": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "index_key": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "signing_key": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(values, handle)
    return values

"""Encrypt personal identifiers at rest and index them with a keyed hash.

The ID number is stored as AES-GCM ciphertext; lookups go through an HMAC-SHA256
blind index so that equality search never needs the clear text.
"""

import base64
import hashlib
import hmac
import os
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_NONCE_BYTES = 12
_VERSION = b"\x01"


def _decode_key(value: str, name: str) -> bytes:
    if not value:
        raise ImproperlyConfigured(f"{name} is not set.")
    raw = base64.urlsafe_b64decode(value.encode())
    if len(raw) != 32:
        raise ImproperlyConfigured(f"{name} must be 32 bytes, base64 encoded.")
    return raw


@cache
def _field_cipher(key: str) -> AESGCM:
    return AESGCM(_decode_key(key, "ONEWINDOW_FIELD_KEY"))


@cache
def _index_key(key: str) -> bytes:
    return _decode_key(key, "ONEWINDOW_INDEX_KEY")


def encrypt_text(clear: str) -> str:
    """Encrypt a short text; the result is ASCII, safe for a text column."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = _field_cipher(settings.ONEWINDOW_FIELD_KEY).encrypt(
        nonce, clear.encode(), None
    )
    return base64.urlsafe_b64encode(_VERSION + nonce + sealed).decode()


def decrypt_text(token: str) -> str:
    """Decrypt what encrypt_text produced."""
    raw = base64.urlsafe_b64decode(token.encode())
    nonce, sealed = raw[1 : 1 + _NONCE_BYTES], raw[1 + _NONCE_BYTES :]
    return (
        _field_cipher(settings.ONEWINDOW_FIELD_KEY)
        .decrypt(nonce, sealed, None)
        .decode()
    )


def blind_index(clear: str) -> str:
    """Return the keyed hash used to find a record by an identifier."""
    key = _index_key(settings.ONEWINDOW_INDEX_KEY)
    return hmac.new(key, clear.encode(), hashlib.sha256).hexdigest()

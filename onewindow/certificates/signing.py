"""Sign certificate payloads with Ed25519 and check them against known keys.

The private seed comes from ONEWINDOW_SIGNING_KEY. Every signature names its key
by a short id (the first 16 hex digits of SHA-256 of the raw public key), so a
new seed can be introduced while certificates signed by a retired one still
verify through ONEWINDOW_RETIRED_SIGNING_KEYS.
"""

import base64
import binascii
import hashlib
from functools import cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Domain separation: a signature over a certificate can never be replayed as a
# signature over anything else this key might sign later.
SIGNED_PREFIX = b"onewindow-certificate-v1\n"


def _b64decode(value: str) -> bytes:
    """Accept both the URL-safe and the standard base64 alphabets."""
    text = value.strip().replace("+", "-").replace("/", "_")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id_of(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


@cache
def _private_key(seed: str) -> Ed25519PrivateKey:
    if not seed:
        raise ImproperlyConfigured("ONEWINDOW_SIGNING_KEY is not set.")
    try:
        raw = _b64decode(seed)
    except (binascii.Error, ValueError) as error:
        raise ImproperlyConfigured("ONEWINDOW_SIGNING_KEY is not base64.") from error
    if len(raw) != 32:
        raise ImproperlyConfigured("ONEWINDOW_SIGNING_KEY must be 32 bytes, base64.")
    return Ed25519PrivateKey.from_private_bytes(raw)


def signing_key() -> Ed25519PrivateKey:
    return _private_key(settings.ONEWINDOW_SIGNING_KEY)


def current_key_id() -> str:
    return key_id_of(signing_key().public_key())


@cache
def _retired_keys(values: tuple[str, ...]) -> dict[str, Ed25519PublicKey]:
    keys = {}
    for value in values:
        public_key = Ed25519PublicKey.from_public_bytes(_b64decode(value))
        keys[key_id_of(public_key)] = public_key
    return keys


def public_key_for(key_id: str) -> Ed25519PublicKey | None:
    """Return the public key with this id: the current one or a retired one."""
    current = signing_key().public_key()
    if key_id == key_id_of(current):
        return current
    return _retired_keys(tuple(settings.ONEWINDOW_RETIRED_SIGNING_KEYS)).get(key_id)


def payload_sign(payload: str) -> str:
    """Sign the canonical payload text; return the signature in base64."""
    signature = signing_key().sign(SIGNED_PREFIX + payload.encode())
    return base64.b64encode(signature).decode()


def payload_signature_valid(payload: str, signature: str, key_id: str) -> bool:
    """Say whether the signature over this exact text was made by that key."""
    public_key = public_key_for(key_id)
    if public_key is None:
        return False
    try:
        raw = base64.b64decode(signature, validate=True)
        public_key.verify(raw, SIGNED_PREFIX + payload.encode())
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True

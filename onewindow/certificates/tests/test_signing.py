import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.exceptions import ImproperlyConfigured

from onewindow.certificates import signing


def test_a_signed_payload_verifies_with_the_current_key():
    signature = signing.payload_sign('{"issue_number":"OW-2026-000001"}')

    assert signing.payload_signature_valid(
        '{"issue_number":"OW-2026-000001"}', signature, signing.current_key_id()
    )


def test_one_changed_character_breaks_the_signature():
    signature = signing.payload_sign('{"months":"120"}')

    assert not signing.payload_signature_valid(
        '{"months":"121"}', signature, signing.current_key_id()
    )


def test_a_signature_under_an_unknown_key_id_is_refused():
    signature = signing.payload_sign("text")

    assert not signing.payload_signature_valid("text", signature, "0" * 16)


def test_a_signature_that_is_not_base64_is_refused_not_raised():
    assert not signing.payload_signature_valid(
        "text", "not base64!", signing.current_key_id()
    )


def test_the_key_id_is_sixteen_hex_digits_of_the_public_key_hash():
    key_id = signing.current_key_id()

    assert len(key_id) == 16
    int(key_id, 16)


def test_a_retired_key_still_verifies_what_it_signed(settings):
    old = Ed25519PrivateKey.generate()
    raw_public = old.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    settings.ONEWINDOW_RETIRED_SIGNING_KEYS = [base64.b64encode(raw_public).decode()]
    signature = base64.b64encode(old.sign(signing.SIGNED_PREFIX + b"old")).decode()

    assert signing.payload_signature_valid(
        "old", signature, signing.key_id_of(old.public_key())
    )


@pytest.mark.parametrize("seed", ["", "c2hvcnQ="])
def test_a_missing_or_short_signing_key_stops_the_start(settings, seed):
    settings.ONEWINDOW_SIGNING_KEY = seed

    with pytest.raises(ImproperlyConfigured):
        signing.signing_key()

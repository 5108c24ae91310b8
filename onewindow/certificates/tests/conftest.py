"""Certificates in the situations the tests need, and a way to tamper with a PDF."""

import json
import re
import zlib
from collections.abc import Callable

import pytest

from onewindow.certificates.models import Certificate
from onewindow.certificates.services import (
    certificate_issue,
    certificate_of_contributions_issue,
)


@pytest.fixture
def client(client):
    """Pages in English, so that assertions read the same as the code."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def contributions_certificate(resident_with_record) -> Certificate:
    """林超's certificate of contributions, issued by himself from his record."""
    return certificate_of_contributions_issue(
        actor=resident_with_record, person=resident_with_record.person
    )


@pytest.fixture
def decision_certificate(resident_with_record) -> Certificate:
    """A decision issued by the office with facts given as a mapping."""
    return certificate_issue(
        actor=None,
        person=resident_with_record.person,
        kind="decision",
        title="养老保险关系转移决定书",
        facts={"决定": "同意转移", "转出地": "深圳市", "缴费月数": "120"},
    )


def rewrite_embedded(pdf: bytes, change: Callable[[dict], None]) -> bytes:
    """Return the PDF with its embedded signed data changed, as a forger would."""
    for match in re.finditer(rb"(?<!end)stream\r?\n", pdf):
        end = pdf.find(b"endstream", match.end())
        try:
            inflated = zlib.decompressobj().decompress(pdf[match.end() : end])
        except zlib.error:
            continue
        if inflated.startswith(b'{"onewindow_certificate"'):
            data = json.loads(inflated)
            change(data)
            text = json.dumps(data, ensure_ascii=False, sort_keys=True)
            return pdf[: match.end()] + zlib.compress(text.encode()) + b"\n" + pdf[end:]
    raise AssertionError("the PDF carries no signed certificate")

"""Render a certificate as a signed PDF, and read the signed data back out.

The PDF shows the signed payload and nothing else, with a QR code to its
verification page; the payload and its signature also travel inside the file
as an attachment, so that an uploaded copy can be checked by itself.
"""

import json
import re
import zlib
from dataclasses import dataclass

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe
from weasyprint import HTML, Attachment

from onewindow.records.pdf import FONT_DIR, FontOnlyFetcher

from .models import Certificate

ATTACHMENT_NAME = "onewindow-certificate.json"
ATTACHMENT_FORMAT = "onewindow.signed-certificate/1"
_MARKER = b'{"onewindow_certificate":'
_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
# A signed payload is a few kilobytes; inflating more than this is refused, so
# a crafted upload cannot make the check decompress a bomb.
_MAX_INFLATED = 256 * 1024


@dataclass(frozen=True)
class SignedPayload:
    payload: str
    signature: str


def verify_url(certificate: Certificate, public_url: str | None = None) -> str:
    base = (public_url or settings.ONEWINDOW_PUBLIC_URL).rstrip("/")
    return base + certificate.verify_path


def _embedded_json(certificate: Certificate) -> str:
    return json.dumps(
        {
            "onewindow_certificate": ATTACHMENT_FORMAT,
            "payload": certificate.payload,
            "signature": certificate.signature,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def certificate_pdf(
    certificate: Certificate, *, public_url: str | None = None
) -> bytes:
    """Render the PDF of a certificate from its signed payload alone."""
    content = certificate.content
    url = verify_url(certificate, public_url)
    # Inline SVG: nothing for the renderer to fetch, and sharp at any size.
    qr = mark_safe(segno.make(url, error="m").svg_inline(scale=4, border=2))  # noqa: S308 - segno's own markup
    with translation.override(content.get("language", "zh-hans")):
        html = render_to_string(
            "certificates/certificate_pdf.html",
            {
                "content": content,
                "issued_at": parse_datetime(content["issued_at"]),
                "verify_url": url,
                "qr": qr,
                "font_dir": FONT_DIR.as_uri(),
            },
        )
    attachment = Attachment(
        string=_embedded_json(certificate),
        name=ATTACHMENT_NAME,
        description="onewindow signed certificate data",
    )
    return HTML(
        string=html, base_url=str(FONT_DIR), url_fetcher=FontOnlyFetcher()
    ).write_pdf(attachments=[attachment])


def _inflate(raw: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(raw, _MAX_INFLATED)
    except zlib.error:
        return b""


def _parse(candidate: bytes) -> SignedPayload | None:
    text = candidate.strip()
    try:
        data = json.loads(text[: text.rfind(b"}") + 1].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or data.get("onewindow_certificate") != (
        ATTACHMENT_FORMAT
    ):
        return None
    payload, signature = data.get("payload"), data.get("signature")
    if not isinstance(payload, str) or not isinstance(signature, str):
        return None
    return SignedPayload(payload, signature)


def signed_payloads_from_pdf(content: bytes) -> list[SignedPayload]:
    """Find every signed certificate embedded in a PDF, stored or compressed.

    Streams are read between `stream` and `endstream` rather than by their
    declared length, which a hand-edited file often gets wrong.
    """
    found: list[SignedPayload] = []
    for match in _STREAM_START.finditer(content):
        end = content.find(b"endstream", match.end())
        if end < 0:
            break
        raw = content[match.end() : end]
        for candidate in (raw, _inflate(raw)):
            if candidate.lstrip().startswith(_MARKER):
                parsed = _parse(candidate)
                if parsed is not None and parsed not in found:
                    found.append(parsed)
    return found

"""The PDF shows the signed content and carries it, and a changed copy fails."""

import base64
import json
import shutil
import subprocess

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import translation

from onewindow.certificates.models import RevocationCategory
from onewindow.certificates.pdf import (
    certificate_pdf,
    signed_payloads_from_pdf,
    verify_url,
)
from onewindow.certificates.selectors import (
    INVALID,
    NOT_FOUND,
    REVOKED,
    VALID,
    certificate_document_verify,
)
from onewindow.certificates.services import certificate_revoke
from onewindow.certificates.signing import SIGNED_PREFIX, key_id_of, payload_sign

from .conftest import rewrite_embedded

pytestmark = pytest.mark.django_db


def _text(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_the_pdf_shows_the_chinese_text_masked_id_issue_number_and_link(
    decision_certificate, tmp_path
):
    pdf = certificate_pdf(decision_certificate)
    text = _text(pdf, tmp_path)

    assert pdf.startswith(b"%PDF-")
    assert "养老保险关系转移决定书" in text
    assert "林超" in text
    assert "4201**********9834" in text
    assert "420106196402299834" not in text
    assert decision_certificate.issue_number in text
    assert "同意转移" in text
    assert f"http://testserver/verify/{decision_certificate.code}/" in text


def test_the_qr_link_follows_the_address_the_request_came_to(
    decision_certificate, tmp_path
):
    pdf = certificate_pdf(decision_certificate, public_url="https://ow.example.cn/")

    assert f"https://ow.example.cn/verify/{decision_certificate.code}/" in _text(
        pdf, tmp_path
    )


def test_the_pdf_carries_its_signed_payload(decision_certificate):
    embedded = signed_payloads_from_pdf(certificate_pdf(decision_certificate))

    assert len(embedded) == 1
    assert embedded[0].payload == decision_certificate.payload
    assert embedded[0].signature == decision_certificate.signature


def test_an_untouched_pdf_verifies_as_valid(decision_certificate):
    result = certificate_document_verify(content=certificate_pdf(decision_certificate))

    assert result.status == VALID
    assert result.certificate == decision_certificate


def test_a_pdf_whose_fact_was_changed_fails_verification(decision_certificate):
    pdf = certificate_pdf(decision_certificate)

    def more_months(data):
        data["payload"] = data["payload"].replace('"120"', '"180"')

    result = certificate_document_verify(content=rewrite_embedded(pdf, more_months))

    assert result.status == INVALID
    assert result.problem == "signature"
    assert result.content is None


def test_a_pdf_with_another_certificate_s_signature_fails(
    decision_certificate, contributions_certificate
):
    pdf = certificate_pdf(decision_certificate)

    def swap(data):
        data["signature"] = contributions_certificate.signature

    result = certificate_document_verify(content=rewrite_embedded(pdf, swap))

    assert (result.status, result.problem) == (INVALID, "signature")


def test_a_payload_signed_with_another_key_fails(decision_certificate):
    forger = Ed25519PrivateKey.generate()
    content = json.loads(decision_certificate.payload)
    content["facts"][2][1] = "240"

    def forge_with_own_key(data):
        for key_id in (content["key_id"], key_id_of(forger.public_key())):
            content["key_id"] = key_id
            payload = json.dumps(content, ensure_ascii=False)
            data["payload"] = payload
            data["signature"] = base64.b64encode(
                forger.sign(SIGNED_PREFIX + payload.encode())
            ).decode()

    pdf = rewrite_embedded(certificate_pdf(decision_certificate), forge_with_own_key)
    result = certificate_document_verify(content=pdf)

    assert (result.status, result.problem) == (INVALID, "signature")


def test_a_signed_payload_that_differs_from_the_registry_fails(decision_certificate):
    content = json.loads(decision_certificate.payload)
    content["holder"]["name"] = "王五"
    payload = json.dumps(content, ensure_ascii=False)

    def resign(data):
        data["payload"] = payload
        data["signature"] = payload_sign(payload)

    pdf = rewrite_embedded(certificate_pdf(decision_certificate), resign)
    result = certificate_document_verify(content=pdf)

    assert (result.status, result.problem) == (INVALID, "mismatch")


def test_a_pdf_for_a_code_never_issued_is_not_found(decision_certificate):
    content = json.loads(decision_certificate.payload)
    content["code"] = "never-issued-code-000000000000000"
    payload = json.dumps(content, ensure_ascii=False)

    def resign(data):
        data["payload"] = payload
        data["signature"] = payload_sign(payload)

    pdf = rewrite_embedded(certificate_pdf(decision_certificate), resign)

    assert certificate_document_verify(content=pdf).status == NOT_FOUND


def test_a_pdf_without_a_signature_fails(tmp_path):
    from weasyprint import HTML

    pdf = HTML(string="<p>参保证明 OW-2026-000001</p>").write_pdf()
    result = certificate_document_verify(content=pdf)

    assert (result.status, result.problem) == (INVALID, "no_signed_data")


def test_a_pdf_of_a_revoked_certificate_says_revoked(decision_certificate):
    pdf = certificate_pdf(decision_certificate)
    certificate_revoke(
        actor=None,
        certificate=decision_certificate,
        reason="replaced",
        category=RevocationCategory.SUPERSEDED,
    )

    assert certificate_document_verify(content=pdf).status == REVOKED


def test_a_compression_bomb_is_not_inflated_past_the_limit():
    import zlib

    bomb = zlib.compress(b'{"onewindow_certificate":' + b" " * 50_000_000)
    pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nstream\n" + bomb + b"\nendstream\nendobj\n"

    assert signed_payloads_from_pdf(pdf) == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_verification_address_is_printed_on_one_line_in_either_language(
    decision_certificate, tmp_path, language
):
    # A long host and port: the address is longer than the column beside the QR.
    public_url = "https://verification-service.onewindow.example.gov.cn:54321/"
    # Codes are random; one with hyphens near its end once broke the line there.
    decision_certificate.code = "0xno1vWBgWNof64pWyPLhQVVDnGQN-dp-Zz-"
    with translation.override(language):
        pdf = certificate_pdf(decision_certificate, public_url=public_url)

    lines = _text(pdf, tmp_path).splitlines()

    assert (
        verify_url(decision_certificate, public_url)
        in lines[next(i for i, line in enumerate(lines) if "verify/" in line)]
    )

"""Documents: type by content, size limit, stored outside the web root, shown
only to the person and the clerks of the case's region."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onewindow.conftest import PASSWORD
from onewindow.services.models import CaseDocument
from onewindow.services.services import (
    MAX_DOCUMENT_BYTES,
    DocumentRefused,
    case_document_add,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")],
)
def test_pdf_png_and_jpeg_are_recognised_by_content(
    submitted_review_case, resident_with_record, settings, content, content_type
):
    document = case_document_add(
        actor=resident_with_record,
        case=submitted_review_case,
        name="scan.bin",
        stream=io.BytesIO(content),
    )

    assert document.content_type == content_type
    stored = settings.VAR_DIR / "documents" / document.storage_name
    assert stored.read_bytes() == content
    assert "scan" not in document.storage_name


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>alert(1)</script></html>",
        b"MZ\x90\x00 an executable",
        b"PK\x03\x04 a zip file",
    ],
)
def test_other_types_are_refused_whatever_the_name(
    submitted_review_case, resident_with_record, content
):
    with pytest.raises(DocumentRefused) as refused:
        case_document_add(
            actor=resident_with_record,
            case=submitted_review_case,
            name="looks-like.pdf",
            stream=io.BytesIO(content),
        )
    assert refused.value.code == "document.type_refused"
    assert not CaseDocument.objects.exists()


def test_a_file_over_ten_megabytes_is_refused(
    submitted_review_case, resident_with_record
):
    big = PDF + b"0" * (MAX_DOCUMENT_BYTES - len(PDF) + 1)
    with pytest.raises(DocumentRefused) as refused:
        case_document_add(
            actor=resident_with_record,
            case=submitted_review_case,
            name="big.pdf",
            stream=io.BytesIO(big),
        )
    assert refused.value.code == "document.too_large"


def test_exactly_ten_megabytes_is_accepted(submitted_review_case, resident_with_record):
    exact = PDF + b"0" * (MAX_DOCUMENT_BYTES - len(PDF))
    document = case_document_add(
        actor=resident_with_record,
        case=submitted_review_case,
        name="exact.pdf",
        stream=io.BytesIO(exact),
    )
    assert document.size == MAX_DOCUMENT_BYTES


def test_the_upload_page_refuses_with_a_message(
    client, submitted_review_case, resident_with_record
):
    client.login(username="linchao", password=PASSWORD)
    response = client.post(
        f"/services/cases/{submitted_review_case.public_id}/documents/",
        {"file": SimpleUploadedFile("x.pdf", b"not really a pdf")},
        follow=True,
    )
    assert "PDF, PNG" in response.text or "PDF、PNG" in response.text
    assert not CaseDocument.objects.exists()


def test_the_person_and_the_region_s_clerk_download_it_others_do_not(
    client,
    submitted_review_case,
    resident_with_record,
    other_resident,
    shenzhen_clerk,
    beijing_clerk,
):
    client.login(username="linchao", password=PASSWORD)
    client.post(
        f"/services/cases/{submitted_review_case.public_id}/documents/",
        {"file": SimpleUploadedFile("note.pdf", PDF)},
    )
    document = CaseDocument.objects.get()
    url = f"/services/documents/{document.public_id}/"

    own = client.get(url)
    assert own.status_code == 200
    assert own.content == PDF
    assert own["Content-Type"] == "application/pdf"
    assert own["Content-Disposition"].startswith("attachment;")
    assert own["X-Content-Type-Options"] == "nosniff"

    client.logout()
    client.login(username="clerk-shenzhen", password=PASSWORD)
    assert client.get(url).status_code == 200
    assert resident_with_record.person.access_entries.filter(
        data_kind="case_document"
    ).exists()

    for username in ("someone-else", "clerk-beijing"):
        client.logout()
        client.login(username=username, password=PASSWORD)
        assert client.get(url).status_code == 404, username

    client.logout()
    assert client.get(url).status_code == 302

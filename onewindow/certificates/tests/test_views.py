"""The resident's certificate pages and the public verification pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onewindow.audit.models import AccessEntry
from onewindow.certificates.models import Certificate, RevocationCategory
from onewindow.certificates.pdf import certificate_pdf
from onewindow.certificates.services import certificate_revoke
from onewindow.conftest import PASSWORD

from .conftest import rewrite_embedded

pytestmark = pytest.mark.django_db


def _upload(client, content: bytes, name: str = "certificate.pdf"):
    return client.post(
        "/verify/", {"file": SimpleUploadedFile(name, content, "application/pdf")}
    )


# --- verification by link ------------------------------------------------------


def test_anyone_sees_a_valid_certificate_and_only_what_it_shows(
    client, contributions_certificate
):
    response = client.get(f"/verify/{contributions_certificate.code}/")
    page = response.content.decode()

    assert response.status_code == 200
    assert 'data-status="valid"' in page
    assert contributions_certificate.issue_number in page
    assert "4201**********9834" in page
    assert "林超" in page
    # Only the certificate's lines: no amounts, employers or record links.
    assert "元" not in page
    assert "/me/record/" not in page


def test_a_verification_is_shown_to_the_holder_as_a_read_of_their_data(
    client, contributions_certificate
):
    client.get(f"/verify/{contributions_certificate.code}/")

    entry = AccessEntry.objects.get(person=contributions_certificate.person)
    assert entry.actor_role == "public"
    assert contributions_certificate.issue_number in entry.data_kind


def test_a_revoked_certificate_says_revoked_with_date_and_safe_reason(
    client, contributions_certificate
):
    certificate_revoke(
        actor=None,
        certificate=contributions_certificate,
        reason="internal note: wrong person at the window",
        category=RevocationCategory.ISSUED_IN_ERROR,
    )

    page = client.get(f"/verify/{contributions_certificate.code}/").content.decode()

    assert 'data-status="revoked"' in page
    assert "issued in error" in page
    assert "internal note" not in page


def test_an_unknown_code_is_not_found(client, db):
    response = client.get("/verify/no-such-code-issued-here/")

    assert response.status_code == 404
    assert 'data-status="not_found"' in response.content.decode()


def test_a_payload_changed_in_the_database_shows_as_invalid(
    client, contributions_certificate
):
    Certificate.objects.filter(pk=contributions_certificate.pk).update(
        payload=contributions_certificate.payload.replace("115", "215")
    )

    response = client.get(f"/verify/{contributions_certificate.code}/")
    page = response.content.decode()

    assert 'data-status="invalid"' in page
    assert "215" not in page


def test_a_holder_swapped_in_the_database_shows_as_invalid(
    client, contributions_certificate, other_resident
):
    Certificate.objects.filter(pk=contributions_certificate.pk).update(
        person=other_resident.person
    )

    page = client.get(f"/verify/{contributions_certificate.code}/").content.decode()

    assert 'data-status="invalid"' in page


def test_the_link_is_rate_limited_per_address(client, contributions_certificate):
    url = f"/verify/{contributions_certificate.code}/"
    statuses = [client.get(url).status_code for _ in range(31)]

    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    limited = client.get(url)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "Too many requests" in limited.content.decode()
    other = client.get(url, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 200


# --- verification by upload ---------------------------------------------------


def test_the_upload_page_is_open_to_anyone(client, db):
    response = client.get("/verify/")

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_an_uploaded_genuine_pdf_is_valid(client, contributions_certificate):
    response = _upload(client, certificate_pdf(contributions_certificate))

    assert response.status_code == 200
    assert 'data-status="valid"' in response.content.decode()


def test_an_uploaded_tampered_pdf_fails(client, contributions_certificate):
    def change_months(data):
        data["payload"] = data["payload"].replace("115", "116", 1)

    pdf = rewrite_embedded(certificate_pdf(contributions_certificate), change_months)
    response = _upload(client, pdf)
    page = response.content.decode()

    assert 'data-status="invalid"' in page
    assert "116" not in page


def test_an_upload_that_is_not_a_pdf_is_refused(client, db):
    response = _upload(client, b"PK\x03\x04 a zip file", "certificate.pdf")

    assert response.status_code == 400
    assert "not a PDF" in response.content.decode()


def test_an_upload_larger_than_five_megabytes_is_refused(client, db):
    response = _upload(client, b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024))

    assert response.status_code == 400
    assert "larger than 5 MB" in response.content.decode()


def test_an_upload_without_a_file_is_refused(client, db):
    assert client.post("/verify/", {}).status_code == 400


def test_uploads_are_rate_limited_per_address(client, db):
    statuses = [_upload(client, b"not a pdf").status_code for _ in range(11)]

    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429


def test_the_upload_form_is_protected_against_cross_site_posts(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)

    assert _upload(strict, b"%PDF-1.7").status_code == 403


# --- the resident's own certificates ---------------------------------------------


def test_a_resident_issues_the_certificate_of_contributions_from_the_record(
    client, resident_with_record
):
    client.login(username="linchao", password=PASSWORD)

    record = client.get("/me/record/").content.decode()
    assert 'action="/me/certificates/issue/contributions/"' in record
    response = client.post("/me/certificates/issue/contributions/", follow=True)

    certificate = Certificate.objects.get()
    page = response.content.decode()
    assert certificate.person == resident_with_record.person
    assert certificate.issue_number in page
    assert certificate.download_url in page


def test_issuing_answers_only_a_post(client, resident_with_record):
    client.login(username="linchao", password=PASSWORD)

    assert client.get("/me/certificates/issue/contributions/").status_code == 405
    assert not Certificate.objects.exists()


def test_a_resident_downloads_their_own_certificate(client, contributions_certificate):
    client.login(username="linchao", password=PASSWORD)

    response = client.get(contributions_certificate.download_url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert contributions_certificate.issue_number in response["Content-Disposition"]


def test_another_resident_gets_404_for_someone_else_s_certificate(
    client, contributions_certificate, other_resident
):
    client.login(username="someone-else", password=PASSWORD)

    assert client.get(contributions_certificate.download_url).status_code == 404
    listing = client.get("/me/certificates/").content.decode()
    assert contributions_certificate.issue_number not in listing


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_anonymous_visitor_is_sent_to_sign_in(
    client, contributions_certificate, method
):
    for url in (
        "/me/certificates/",
        "/me/certificates/issue/contributions/",
        contributions_certificate.download_url,
    ):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url

"""A resident issues a certificate in a real browser; a stranger verifies it."""

import re
import shutil
import subprocess

import pytest

from onewindow.core.tests.browser_support import (
    login,
    serious_axe_violations,
)

pytestmark = pytest.mark.browser

VERIFY_LINK = re.compile(r"https?://\S+/verify/[A-Za-z0-9_-]+/")


def _verify_link_printed_in(pdf_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf_path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    match = VERIFY_LINK.search(text)
    assert match, "the PDF prints no verification address"
    return match.group(0)


def test_a_third_party_verifies_the_certificate_a_resident_issued(
    page, make_page, resident_with_record, live_server, tmp_path
):
    login(page, "linchao")
    page.goto("/me/record/")
    page.locator("form[action='/me/certificates/issue/contributions/'] button").click()
    page.wait_for_url("**/me/certificates/")
    findings = serious_axe_violations(page)

    with page.expect_download() as download:
        page.locator("a[href$='certificate.pdf']").first.click()
    pdf_path = tmp_path / "certificate.pdf"
    download.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    link = _verify_link_printed_in(pdf_path)
    assert link.startswith(live_server.url)

    stranger = make_page(locale="en-US")
    stranger.goto(link)
    status = stranger.locator("#verify-status-heading")
    assert status.inner_text().strip().endswith("Valid")
    assert stranger.locator("[data-status=valid]").count() == 1
    assert "4201**********9834" in stranger.content()
    findings += serious_axe_violations(stranger)

    stranger.goto("/verify/")
    findings += serious_axe_violations(stranger)
    stranger.set_input_files("input[type=file]", str(pdf_path))
    stranger.locator("form[enctype] button[type=submit]").click()
    stranger.wait_for_load_state()
    assert stranger.locator("[data-status=valid]").count() == 1
    findings += serious_axe_violations(stranger)

    assert not findings, "\n".join(findings)


def test_the_verification_page_for_an_unknown_code_is_accessible(page, db):
    response = page.goto("/verify/not-a-real-code-at-all/")

    assert response.status == 404
    assert page.locator("[data-status=not_found] h2").is_visible()
    assert not serious_axe_violations(page)

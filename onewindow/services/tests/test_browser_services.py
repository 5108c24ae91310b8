"""In Chromium: a resident applies, a clerk decides, the resident sees the result
and downloads the decision, and a third party verifies it by its QR link."""

import re
import shutil
import subprocess

import pytest

from onewindow.core.tests.browser_support import login, serious_axe_violations

pytestmark = pytest.mark.browser
VERIFY_LINK = re.compile(r"https?://\S+/verify/[A-Za-z0-9_-]+/")


def _verify_link_printed_in(pdf_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf_path), "-"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    match = VERIFY_LINK.search(text)
    assert match, "the PDF prints no verification address"
    return match.group(0)


@pytest.mark.parametrize("browser_locale", ["en-US"])
def test_a_transfer_applied_for_decided_and_verified_by_a_third_party(
    page, make_page, lin_also_in_beijing, shenzhen_clerk, live_server, tmp_path
):
    findings: list[str] = []
    login(page, "linchao")
    page.goto("/services/pension-transfer/")
    page.get_by_role("link", name="Apply").click()
    assert page.locator("#id_name").input_value() == "林超"
    page.select_option("#id_from_region", "110000")
    assert page.locator("#id_to_region").input_value() == "440300"
    page.fill("#id_phone", "13800000000")
    findings += serious_axe_violations(page)
    page.locator("button[value=submit]").click()
    page.wait_for_load_state()
    assert "Confirm the changes" in page.content()
    page.locator("button[value=submit]").click()
    page.wait_for_url("**/services/cases/**")
    assert "7,200.00" in page.content() or "7200.00" in page.content()
    assert "Submitted" in page.locator(".status").first.inner_text()
    case_url = page.url
    findings += serious_axe_violations(page)

    clerk = make_page(locale="en-US")
    login(clerk, "clerk-shenzhen")
    clerk.goto("/desk/")
    clerk.locator("table.queue a").first.click()
    clerk.fill("#reason-approve", "Both bureaus confirmed the months.")
    findings += serious_axe_violations(clerk)
    clerk.get_by_role("button", name="Approve").click()
    clerk.wait_for_load_state()
    assert "Approved" in clerk.locator(".status").first.inner_text()

    page.goto(case_url)
    assert "Approved" in page.locator(".status").first.inner_text()
    assert "Both bureaus confirmed the months." in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the certificate").click()
    pdf_path = tmp_path / "decision.pdf"
    download.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    link = _verify_link_printed_in(pdf_path)
    assert link.startswith(live_server.url)

    stranger = make_page(locale="en-US")
    stranger.goto(link)
    assert stranger.locator("[data-status=valid]").count() == 1
    assert not findings, "\n".join(findings)


def test_a_draft_is_autosaved_and_survives_a_closed_browser(
    make_page, resident_with_record
):
    first = make_page(locale="en-US")
    login(first, "linchao")
    first.goto("/services/medical-registration/apply/")
    first.select_option("#id_reason", "referral")
    first.locator("#draft-status").filter(has_text="Draft saved").wait_for()
    first.context.close()

    again = make_page(locale="en-US")
    login(again, "linchao")
    again.goto("/services/medical-registration/apply/")
    assert again.locator("#id_reason").input_value() == "referral"


def test_the_application_works_without_javascript(make_page, resident_with_record):
    page = make_page(locale="en-US", java_script_enabled=False)
    login(page, "linchao")
    page.goto("/services/contribution-certificate/apply/")
    page.select_option("#id_purpose", "housing")
    page.locator("button[value=submit]").click()
    page.wait_for_url("**/services/cases/**")
    assert "Approved" in page.locator(".status").first.inner_text()
    assert page.get_by_role("link", name="Download the certificate").count() == 1


def _fill_the_required_fields(page) -> None:
    """Answer every required field left empty, as a person would: the first real
    choice of a list, a date, a month, a short text."""
    for field in page.locator("form select[required]").all():
        if not field.input_value():
            values = [
                o for o in field.locator("option").all() if o.get_attribute("value")
            ]
            field.select_option(values[0].get_attribute("value"))
    for field in page.locator("form input[required]:not([type=hidden])").all():
        if field.is_disabled() or field.input_value():
            continue
        kind = field.get_attribute("type") or "text"
        field.fill({"date": "2026-01-15"}.get(kind, "2026-01"))
    for field in page.locator("form textarea[required]").all():
        if not field.input_value():
            field.fill("申请说明")


@pytest.mark.parametrize("browser_locale", ["en-US"])
@pytest.mark.parametrize(
    "code",
    [
        "pension-claim",
        "unemployment-benefit",
        "medical-registration",
        "flexible-enrolment",
        "personal-details",
        "pension-contribution-makeup",
        "contribution-refund",
        "medical-contribution-makeup",
    ],
)
def test_each_service_is_applied_for_decided_and_the_result_seen(
    page, make_page, resident_with_record, code
):
    from onewindow.conftest import make_user
    from onewindow.services.models import Case

    login(page, "linchao")
    page.goto(f"/services/{code}/apply/")
    _fill_the_required_fields(page)
    page.locator("button[value=submit]").click()
    page.wait_for_load_state()
    if "Confirm the changes" in page.content():
        page.locator("button[value=submit]").click()
    page.wait_for_url("**/services/cases/**")
    case = Case.objects.get(service__code=code)
    if case.status == "approved":  # done at once from the record, no clerk needed
        assert "Approved" in page.locator(".status").first.inner_text()
        return
    assert case.status == "submitted", page.content()

    make_user("clerk-of-the-region", role="clerk", region=case.region)
    clerk = make_page(locale="en-US")
    login(clerk, "clerk-of-the-region")
    clerk.goto(f"/desk/cases/{case.public_id}/")
    clerk.fill("#reason-approve", "Checked against the record.")
    clerk.get_by_role("button", name="Approve").click()
    clerk.wait_for_load_state()
    assert "Approved" in clerk.locator(".status").first.inner_text()

    page.goto(f"/services/cases/{case.public_id}/")
    assert "Approved" in page.locator(".status").first.inner_text()
    assert "Checked against the record." in page.content()

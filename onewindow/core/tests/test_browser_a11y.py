"""Every page passes axe-core and works by keyboard, in both languages and in
elder mode."""

import io

import pytest

from onewindow.audit.models import AccessEntry
from onewindow.audit.services import access_record
from onewindow.conftest import make_user
from onewindow.core.tests.browser_support import (
    login,
    serious_axe_violations,
    toggle_elder_mode,
)
from onewindow.exchange.services import import_batch_create, import_batch_run

pytestmark = pytest.mark.browser

BAD_ROWS = (
    "姓名,公民身份号码,单位名称,统一社会信用代码,参保地,险种,费款所属期,"
    "缴费基数,单位缴费,个人缴费,缴费状态\r\n"
    "林超,420106196402299835,深圳南山智能制造有限公司,914403050EGHYC602R,"
    "火星市,企业职工基本养老保险,202513,3131.74,501.08,250.54,已实缴\r\n"
)


@pytest.fixture
def site_with_every_page(resident_with_record, hrss_operator):
    """Accounts for each kind of page, a read of the resident's data and a
    delivered batch with refused rows."""
    make_user("newcomer")
    access_record(
        person_id=resident_with_record.person_id,
        actor=hrss_operator,
        role="clerk",
        data_kind="contributions",
        purpose="transfer of the pension account",
        channel=AccessEntry.Channel.WEB,
        legal_basis="case 2025-0001",
    )
    batch = import_batch_create(
        actor=hrss_operator,
        source_code="hrss",
        file_name="bad-rows.csv",
        stream=io.BytesIO(BAD_ROWS.encode("utf-8")),
    )
    return import_batch_run(batch=batch)


def _check(page, path: str, problems: list[str]) -> None:
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: HTTP {response.status}"
    found = serious_axe_violations(page)
    problems.extend(f"{path}: {line}" for line in found)


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_every_page_has_no_serious_axe_violations(
    make_page, site_with_every_page, locale, elder
):
    problems: list[str] = []
    batch = site_with_every_page

    visitor = make_page(locale=locale)
    visitor.goto("/")
    if elder:
        toggle_elder_mode(visitor)
        assert visitor.locator("body.elder").count() == 1
    _check(visitor, "/", problems)
    _check(visitor, "/accounts/login/", problems)
    login(visitor, "newcomer")
    _check(visitor, "/me/claim/", problems)

    resident = make_page(locale=locale)
    resident.goto("/")
    if elder:
        toggle_elder_mode(resident)
    login(resident, "linchao")
    for path in ["/me/record/", "/me/record/pension/", "/me/access-log/"]:
        _check(resident, path, problems)

    operator = make_page(locale=locale)
    operator.goto("/")
    if elder:
        toggle_elder_mode(operator)
    login(operator, "hrss-operator")
    _check(operator, "/exchange/", problems)
    _check(operator, f"/exchange/batches/{batch.public_id}/", problems)

    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_the_rules_services_and_desk_pages_have_no_serious_axe_violations(
    make_page, resident_with_record, locale, elder
):
    make_user("clerk-shenzhen", role="clerk", region="440300")
    make_user("supervisor", role="supervisor")
    problems: list[str] = []

    visitor = make_page(locale=locale)
    visitor.goto("/")
    if elder:
        toggle_elder_mode(visitor)
    for path in [
        "/rules/calculators/",
        "/rules/calculators/retirement/?birth=1964-02&category=male",
        "/rules/calculators/pension/",
        "/rules/calculators/unemployment/?contribution_months=60&region=440300",
        "/services/",
        "/services/pension-transfer/",
        "/verify/",
    ]:
        _check(visitor, path, problems)

    resident = make_page(locale=locale)
    resident.goto("/")
    if elder:
        toggle_elder_mode(resident)
    login(resident, "linchao")
    for path in [
        "/rules/entitlements/",
        "/me/messages/",
        "/me/certificates/",
        "/services/cases/",
        "/services/medical-registration/apply/",
        "/services/personal-details/apply/",
    ]:
        _check(resident, path, problems)

    for username, paths in [
        ("clerk-shenzhen", ["/desk/", "/desk/lookup/", "/desk/assist/"]),
        ("supervisor", ["/desk/supervisor/"]),
    ]:
        staff = make_page(locale=locale)
        staff.goto("/")
        if elder:
            toggle_elder_mode(staff)
        login(staff, username)
        for path in paths:
            _check(staff, path, problems)

    assert not problems, "\n".join(problems)


def test_tab_reaches_the_skip_link_first_and_it_moves_focus_to_main(page, db):
    page.goto("/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switch_works_by_keyboard(page, db):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"

    page.locator("button[name=language]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("button[name=language]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"


def test_elder_mode_works_by_keyboard_and_enlarges_the_text(page, db):
    page.goto("/")
    normal_size = page.evaluate("getComputedStyle(document.body).fontSize")

    page.locator("button[name=on]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("body.elder").count() == 1
    button = page.locator("button[name=on]")
    assert button.get_attribute("aria-pressed") == "true"
    elder_size = page.evaluate("getComputedStyle(document.body).fontSize")
    assert float(elder_size.removesuffix("px")) > float(normal_size.removesuffix("px"))

    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("body.elder").count() == 0


# Controls a finger or an unsteady hand must hit; links inside running text and
# table cells are exempt, as WCAG allows.
CONTROLS = "button, .button, input:not([type=hidden]), select, .nav a, .year-links a"
ELDER_MIN_TARGET_PX = 44


def test_controls_in_elder_mode_are_at_least_44_pixels_in_each_direction(
    make_page, site_with_every_page
):
    small: list[str] = []
    resident = make_page()
    resident.goto("/")
    toggle_elder_mode(resident)
    login(resident, "linchao")
    operator = make_page()
    operator.goto("/")
    toggle_elder_mode(operator)
    login(operator, "hrss-operator")

    for page, path in [
        (resident, "/me/record/"),
        (resident, "/me/record/pension/"),
        (operator, "/exchange/"),
    ]:
        page.goto(path)
        for control in page.locator(CONTROLS).all():
            box = control.bounding_box()
            if box and min(box["width"], box["height"]) < ELDER_MIN_TARGET_PX:
                label = control.evaluate("e => e.outerHTML.slice(0, 80)")
                small.append(f"{path}: {box['width']:.0f}x{box['height']:.0f} {label}")

    assert not small, "\n".join(small)

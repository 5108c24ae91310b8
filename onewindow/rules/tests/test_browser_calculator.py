"""A calculator in a real browser, with and without JavaScript."""

import pytest

from onewindow.core.tests.browser_support import assert_no_serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("java_script_enabled", [True, False])
def test_the_retirement_calculator_works_with_and_without_javascript(
    make_page, java_script_enabled
):
    page = make_page(locale="en-US", java_script_enabled=java_script_enabled)
    page.goto("/rules/calculators/retirement/")

    page.get_by_label("Birth month").fill("1976-09")
    page.get_by_label("Category").select_option("male")
    page.get_by_role("button", name="Calculate").click()

    result = page.locator("#result")
    assert "2039-09" in result.inner_text()
    assert "756" in result.inner_text()
    assert page.get_by_role("rowheader", name="Statutory retirement month").count() == 1
    if java_script_enabled:
        assert_no_serious_axe_violations(page)


def test_a_wrong_month_shows_the_error_summary_in_the_browser(make_page):
    page = make_page(locale="en-US", java_script_enabled=False)
    page.goto("/rules/calculators/retirement/?birth=1968-13&category=male")

    assert page.locator(".error-summary").is_visible()
    assert "the month must exist" in page.locator(".error-summary").inner_text()

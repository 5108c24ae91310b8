"""Pages work under the site's strict Content-Security-Policy: nothing they load
or run is refused. (The other browser tests bypass the policy to inject axe.)"""

import pytest

from onewindow.conftest import make_user
from onewindow.core.tests.browser_support import login

pytestmark = pytest.mark.browser


def _open_with_policy(make_page, problems: list[str]):
    page = make_page(bypass_csp=False)

    def note(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"{page.url}: {message.text[:160]}")

    page.on("console", note)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    return page


def _visit_with_header_links(page, paths: list[str]) -> None:
    page.goto("/")
    header_links = page.locator("header nav a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    for path in [*paths, *header_links]:
        if path.startswith("/"):
            page.goto(path)
            page.wait_for_load_state("networkidle")


def test_no_page_breaks_the_content_security_policy(
    make_page, resident_with_record, hrss_operator
):
    problems: list[str] = []
    make_user("newcomer")

    visitor = _open_with_policy(make_page, problems)
    _visit_with_header_links(visitor, ["/", "/accounts/login/"])
    login(visitor, "newcomer")
    _visit_with_header_links(visitor, ["/me/claim/"])

    resident = _open_with_policy(make_page, problems)
    login(resident, "linchao")
    _visit_with_header_links(
        resident, ["/me/record/", "/me/record/pension/", "/me/access-log/"]
    )

    operator = _open_with_policy(make_page, problems)
    login(operator, "hrss-operator")
    _visit_with_header_links(operator, ["/exchange/"])

    assert not problems, "\n".join(problems)

"""Browser-test fixtures: Playwright's sync API driving Debian's Chromium.

Registered as a pytest plugin from ``onewindow/conftest.py``, so every test can
use these without importing them. Mark browser tests ``@pytest.mark.browser``;
``pytest -m "not browser"`` (or ``make test-fast``) leaves them all out.

Fixtures
    ``browser`` (session)
        Headless Chromium at /usr/bin/chromium. When Playwright or Chromium
        cannot start, tests using it are skipped with the reason; with
        ``CI=true`` in the environment they fail instead, so a broken CI
        machine never passes by skipping.
    ``browser_locale``
        The locale of the ``page`` fixture, ``"zh-CN"`` by default (the browser
        sends it as Accept-Language). Override per test with
        ``@pytest.mark.parametrize("browser_locale", ["en-US"])``.
    ``make_page``
        Factory: ``make_page(locale="en-US", java_script_enabled=False)`` opens
        a new context and page; keyword arguments go to
        ``browser.new_context``. Every context has ``base_url`` set to the
        live server (so ``page.goto("/me/record/")`` works),
        ``accept_downloads=True`` and ``bypass_csp=True`` (axe is injected as
        an inline script, which the site's Content-Security-Policy forbids;
        pass ``bypass_csp=False`` to test the policy itself, as
        test_browser_csp.py does). Contexts close at the end of the test.
    ``page``
        ``make_page(locale=browser_locale)``: a fresh context for each test.

Helpers (import them from this module)
    ``login(page, username)``
        Sign in through the allauth form at /accounts/login/ with the shared
        test password (``onewindow.conftest.PASSWORD``); create the user first,
        e.g. with the ``resident_with_record`` or ``hrss_operator`` fixture.
    ``assert_no_serious_axe_violations(page)``
        Run axe-core (vendored in static/vendor/axe.min.js) on the current page
        and fail listing rule ids and targets of every violation whose impact
        is serious or critical. ``serious_axe_violations(page)`` returns the
        same findings as a list of lines, to check several pages in one test.
    ``toggle_elder_mode(page)``
        Press the header's elder-mode button and wait for the page to reload.

Tests using ``page`` also use pytest-django's ``live_server``, which makes the
test database transactional (data is shared with the server thread).
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe.min.js"
SERIOUS_IMPACTS = {"serious", "critical"}


def pytest_configure(config: pytest.Config) -> None:
    # The live server listens on the loopback address, never on a wider one.
    os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


def _unavailable(reason: str) -> NoReturn:
    """Skip on a developer machine; fail on CI, where the browser must work."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"Browser tests cannot run on CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        _unavailable(f"Playwright for Python is not installed ({error}).")
    if not CHROMIUM.is_file():
        _unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get chromium).")

    # The sync API keeps an asyncio loop running in this thread; Django refuses
    # database calls next to a running loop unless told it is safe here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = None
    try:
        playwright = sync_playwright().start()
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    except (PlaywrightError, OSError) as error:
        if playwright is not None:
            playwright.stop()
        _restore_env("DJANGO_ALLOW_ASYNC_UNSAFE", previous)
        first_line = str(error).strip().splitlines()[0] if str(error) else ""
        _unavailable(f"Chromium did not start: {type(error).__name__}: {first_line}")

    yield chromium

    chromium.close()
    playwright.stop()
    _restore_env("DJANGO_ALLOW_ASYNC_UNSAFE", previous)


def _restore_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


@pytest.fixture
def browser_locale() -> str:
    return "zh-CN"


@pytest.fixture
def make_page(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    contexts: list[Any] = []

    def open_page(**options: Any) -> Any:
        settings = {
            "base_url": live_server.url,
            "locale": "zh-CN",
            "accept_downloads": True,
            "bypass_csp": True,
            "viewport": {"width": 1280, "height": 900},
        }
        settings.update(options)
        context = browser.new_context(**settings)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page

    for context in contexts:
        context.close()


@pytest.fixture
def page(make_page: Callable[..., Any], browser_locale: str) -> Any:
    return make_page(locale=browser_locale)


def login(page: Any, username: str) -> None:
    """Sign in through the real allauth form and wait until it lands."""
    from onewindow.conftest import PASSWORD

    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"sign-in as {username} failed"


def toggle_elder_mode(page: Any) -> None:
    """Press the elder-mode button in the header, as a visitor would."""
    with page.expect_navigation():
        page.locator(".prefs button[name=on]").click()


def serious_axe_violations(page: Any) -> list[str]:
    """Run axe-core on the current page; describe each serious or critical finding."""
    page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    found = []
    for violation in results["violations"]:
        if violation.get("impact") not in SERIOUS_IMPACTS:
            continue
        targets = ", ".join(
            " ".join(str(part) for part in node["target"])
            for node in violation["nodes"][:8]
        )
        found.append(
            f"{violation['id']} ({violation['impact']}): "
            f"{violation['help']} -> {targets}"
        )
    return found


def assert_no_serious_axe_violations(page: Any) -> None:
    """Fail with every serious or critical axe-core finding on the current page."""
    found = serious_axe_violations(page)
    if found:
        lines = [f"axe found serious problems on {page.url}:"]
        lines.extend(f"- {line}" for line in found)
        pytest.fail("\n".join(lines), pytrace=False)

"""Browser fixtures: Debian's Chromium driven by Playwright, at phone size by default."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from portal.extensions import limiter
from tests.browser.checkers import Checkers, CheckerSources
from tests.browser.servers import LivePortal, NeutralSite

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def neutral_site() -> Iterator[NeutralSite]:
    site = NeutralSite()
    yield site
    site.close()


@pytest.fixture(scope="session")
def live(
    tmp_path_factory: pytest.TempPathFactory, neutral_site: NeutralSite
) -> Iterator[LivePortal]:
    from tests.conftest import migrate

    portal = LivePortal(tmp_path_factory.mktemp("live"), neutral_site.url)
    migrate(portal.app)
    yield portal
    portal.close()
    portal.app.extensions["db_engine"].dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def checker_sources() -> CheckerSources:
    """axe, HTML_CodeSniffer and IBM's engine, read once (tests/browser/checkers.py)."""
    return CheckerSources.read()


@pytest.fixture
def checkers(checker_sources: CheckerSources, request: pytest.FixtureRequest) -> Checkers:
    """The three checkers for this test: checkers.errors(page) after each page load."""
    return Checkers(checker_sources, request)


NewContext = Callable[..., BrowserContext]


@pytest.fixture
def new_context(browser: Browser, live: LivePortal) -> Iterator[NewContext]:
    """Open contexts (phone size unless told); any CSP violation or JS error fails the test."""
    contexts: list[BrowserContext] = []
    problems: list[str] = []

    def watch_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console error: {message.text}")

    def make(locale: str | None = None, **options: object) -> BrowserContext:
        options.setdefault("viewport", PHONE)
        options.setdefault("locale", "da-DK")  # the browser's own language: Accept-Language
        context = browser.new_context(base_url=live.url, **options)  # type: ignore[arg-type]
        if locale:
            context.add_cookies([{"name": "indgang_lang", "value": locale, "url": live.url}])
        context.on("console", watch_console)
        context.on("weberror", lambda error: problems.append(f"page error: {error.error}"))
        contexts.append(context)
        return context

    # Flask-Limiter's settings are one object for every app of the process, set by the app
    # built last: a test of this worker that built an app with limits on would otherwise
    # leave them on for the live portal (a staff login answered 429 in CI).
    limiter.enabled = live.app.config["RATELIMIT_ENABLED"]
    yield make
    for context in contexts:
        context.close()
    # A 404 page, or a form answered with its errors (400), is expected in some tests; the
    # console reports either as a failed load.
    # Playwright's contexts are incognito, where Chromium has no Push API and says so in
    # the console (tests/browser/test_push.py turns notices on and expects the page's own
    # message).
    expected = ("status of 404", "status of 400", "does not support the Push API in incognito")
    real = [p for p in problems if not any(e in p for e in expected)]
    assert not real, "\n".join(real)


@pytest.fixture
def page(new_context: NewContext) -> Page:
    return new_context().new_page()

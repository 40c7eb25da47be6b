"""Quick exit with and without JavaScript, by button and by keyboard; Back does not return."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.conftest import NewContext
from tests.browser.servers import LivePortal, NeutralSite


def portal_cookies(context_cookies: list[dict[str, object]]) -> set[object]:
    return {c["name"] for c in context_cookies if c.get("domain") == "127.0.0.1"}


def test_without_javascript_the_button_clears_cookies_and_sends_no_referrer(
    new_context: NewContext, neutral_site: NeutralSite
) -> None:
    context = new_context("en", java_script_enabled=False)
    page = context.new_page()
    page.goto("/for/child")
    assert "indgang_lang" in portal_cookies(context.cookies())  # type: ignore[arg-type]
    before = len(neutral_site.requests)
    page.click(".exit-button")
    page.wait_for_url(neutral_site.url)
    arrivals = [referer for path, referer in neutral_site.requests[before:] if path == "/"]
    assert arrivals == [None]
    assert portal_cookies(context.cookies()) == set()  # type: ignore[arg-type]


def test_with_javascript_back_does_not_return_to_the_portal(
    page: Page, neutral_site: NeutralSite, live: LivePortal
) -> None:
    page.goto("/")
    page.click("text=Jeg er barn eller ung")
    page.wait_for_url("**/for/child")
    page.click(".exit-button")
    page.wait_for_url(neutral_site.url)
    page.go_back()
    page.wait_for_url(neutral_site.url)
    page.wait_for_load_state()
    assert page.url == neutral_site.url
    assert not page.url.startswith(live.url)


def test_page_blanks_at_once_when_leaving(page: Page) -> None:
    page.goto("/help-now")
    state = page.evaluate(
        """() => {
            document.querySelector('.exit-button').click();
            return [document.documentElement.classList.contains('exiting'),
                    getComputedStyle(document.body).visibility];
        }"""
    )
    assert state == [True, "hidden"]


def test_escape_twice_leaves(page: Page, neutral_site: NeutralSite) -> None:
    page.goto("/staying-safe-online")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(neutral_site.url)


def test_shift_three_times_leaves(page: Page, neutral_site: NeutralSite) -> None:
    page.goto("/for/worried")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(neutral_site.url)


def test_one_escape_does_not_leave(page: Page, live: LivePortal) -> None:
    page.goto("/help-now")
    page.keyboard.press("Escape")
    page.wait_for_timeout(1200)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url == f"{live.url}/help-now"


def test_coming_back_on_purpose_works_after_an_exit(
    page: Page, neutral_site: NeutralSite, live: LivePortal
) -> None:
    page.goto("/help-now")
    page.click(".exit-button")
    page.wait_for_url(neutral_site.url)
    page.goto(f"{live.url}/")
    page.wait_for_timeout(300)
    assert page.url == f"{live.url}/"
    assert page.locator("h1").inner_text() == "Hvem er du?"

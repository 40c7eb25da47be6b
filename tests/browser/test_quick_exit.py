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


def test_shift_tab_many_times_with_answers_typed_never_leaves(page: Page, live: LivePortal) -> None:
    """Going back with Shift+Tab is what keyboard users do; it must not delete their answers."""
    page.goto("/ask-for-help/are-you-safe")
    page.locator("#safe-0").check()
    page.locator("form button.button").click()
    page.locator("#topics-0").check()
    page.locator("form button.button").click()
    page.wait_for_url("**/your-message")
    page.locator("textarea").focus()
    page.keyboard.type("Hej. Min Lærer Siger At Jeg Skal Skrive Her.")  # capitals: Shift too
    for _ in range(15):
        page.keyboard.press("Shift+Tab")
    for _ in range(5):
        page.keyboard.press("Tab")
        page.keyboard.press("Shift+Tab")
    page.wait_for_timeout(300)
    assert page.url == f"{live.url}/ask-for-help/your-message"
    assert page.locator("textarea").input_value().startswith("Hej. Min Lærer")


def test_shift_held_down_until_it_repeats_does_not_leave(page: Page, live: LivePortal) -> None:
    page.goto("/for/worried")
    for _ in range(3):
        page.keyboard.down("Shift")
        page.keyboard.down("Shift")  # the keyboard's auto-repeat
        page.keyboard.up("Shift")
    page.wait_for_timeout(300)
    assert page.url == f"{live.url}/for/worried"


def test_shift_alone_three_times_after_shift_tab_still_leaves(
    page: Page, neutral_site: NeutralSite
) -> None:
    page.goto("/for/worried")
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
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

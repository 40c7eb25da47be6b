"""'Tell me when I get an answer' in Chromium: offered with JavaScript, the service worker
registers; with JavaScript off nothing changes; on an iPhone the Home Screen how-to."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.checkers import Checkers
from tests.browser.conftest import NewContext
from tests.browser.servers import LivePortal
from tests.browser.test_journeys import assert_accessible
from tests.support.cases import new_inquiry

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


def open_conversation(context: BrowserContext, live: LivePortal) -> Page:
    _inquiry_id, words = new_inquiry(live.app, "ask_for_help", district=None, conversation=True)
    assert words
    page = context.new_page()
    page.goto("/conversation")
    page.locator("#passphrase").fill(words)
    page.get_by_role("button", name="Open the conversation").click()
    expect(page.locator("h1")).to_have_text("Your conversation")
    return page


def test_with_javascript_notices_are_offered_and_the_service_worker_registers(
    new_context: NewContext, live: LivePortal, checkers: Checkers
) -> None:
    context = new_context("en")
    context.grant_permissions(["notifications"])
    page = open_conversation(context, live)
    section = page.locator("[data-push]")
    expect(section).to_be_visible()
    expect(page.locator("[data-push-ios]")).to_be_hidden()
    assert_accessible(page, checkers)

    page.get_by_label("Also turn notices off when I press Exit this page").check()
    page.get_by_role("button", name="Tell me when I get an answer").click()
    script = page.evaluate(
        """async () => {
            const reg = await navigator.serviceWorker.ready;
            return (reg.active || reg.waiting || reg.installing).scriptURL;
        }"""
    )
    assert script == f"{live.url}/sw.js"
    # Headless Chromium without a network has no push service to subscribe at, so the
    # page must say so in words; with one, the notices are on.
    problem = page.locator("[data-push-problem]")
    expect(page.locator("[data-push-when-on]:visible, [data-push-problem]:visible")).to_have_count(
        1
    )
    if problem.is_visible():
        expect(problem).to_have_text(
            "We could not turn on notices. Try again later, or just come back to read the answer."
        )
        expect(page.get_by_role("button", name="Tell me when I get an answer")).to_be_enabled()
    assert_accessible(page, checkers)


def test_without_javascript_nothing_changes(new_context: NewContext, live: LivePortal) -> None:
    context = new_context("en", java_script_enabled=False)
    page = open_conversation(context, live)
    expect(page.locator("[data-push]")).to_be_hidden()
    expect(page.locator("[data-push-ios]")).to_be_hidden()
    expect(page.get_by_text("Come back then and write your six words.")).to_be_visible()
    page.get_by_label("Write a message").fill("Hej igen.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your message is sent.")).to_be_visible()


def test_an_iphone_outside_the_home_screen_gets_the_how_to(
    new_context: NewContext, live: LivePortal
) -> None:
    context = new_context("en", user_agent=IPHONE)
    page = open_conversation(context, live)
    how_to = page.locator("[data-push-ios]")
    expect(how_to).to_be_visible()
    expect(how_to).to_contain_text("Tap Add to Home Screen.")
    expect(page.locator("[data-push]")).to_be_hidden()

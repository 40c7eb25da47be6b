"""Did you feel heard? The child's three questions in a real browser at phone size: the
three page checkers in Danish and Arabic, 320 px, without JavaScript, forced colours."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from tests.browser.checkers import Checkers
from tests.browser.conftest import NewContext
from tests.browser.servers import LivePortal
from tests.browser.test_forced_colours import SHAPE
from tests.browser.test_journeys import assert_accessible
from tests.conversation.test_heard import decided
from tests.support.cases import new_inquiry


def to_the_questions(page: Page, live: LivePortal) -> None:
    """A child's case with a decision told in the conversation; the child opens it and
    follows the offer under the outcome."""
    case_id, words = new_inquiry(
        live.app, "ask_for_help", district="nord", conversation=True, age_band="10-13", lundy={}
    )
    assert words is not None
    decided(live.app, case_id, at=datetime.now(UTC))
    page.goto("/conversation")
    page.locator("input[name=passphrase]").fill(words)
    page.locator("form button.button").click()
    page.wait_for_url("**/conversation/messages")
    page.locator(".outcome__heard a").click()
    page.wait_for_url("**/conversation/heard/*")


@pytest.mark.parametrize("locale", ["da", "ar"])
def test_the_questions_pass_the_checkers_and_the_child_is_thanked(
    new_context: NewContext, live: LivePortal, checkers: Checkers, locale: str
) -> None:
    page = new_context(locale).new_page()
    to_the_questions(page, live)
    assert_accessible(page, checkers)
    if locale == "ar":
        assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("#listened-0").click()  # the whole face is the target
    expect(page.locator("#listened-0")).to_be_checked()
    box = page.locator("#listened-0").bounding_box()
    assert box is not None
    assert box["width"] >= 44
    assert box["height"] >= 44
    page.locator("#understood-1").check()
    page.locator("form button.button").first.click()  # Send
    expect(page.locator("[role=status].notice--ok")).to_be_visible()
    assert page.locator("input[type=radio]").count() == 0
    assert_accessible(page, checkers)


def test_the_questions_fit_320_px_and_work_without_javascript(
    new_context: NewContext, live: LivePortal
) -> None:
    page = new_context(
        "da", viewport={"width": 320, "height": 640}, java_script_enabled=False
    ).new_page()
    to_the_questions(page, live)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px too wide at 320 px"
    page.locator("#said_what_wanted-2").check()
    page.locator("form button.button").first.click()
    expect(page.locator("[role=status].notice--ok")).to_be_visible()


def test_the_chosen_face_stays_marked_in_forced_colours(
    new_context: NewContext, live: LivePortal
) -> None:
    page = new_context("da").new_page()
    page.emulate_media(forced_colors="active")
    to_the_questions(page, live)
    page.locator("#listened-1").check()
    chosen = page.locator("label[for=listened-1]").evaluate(SHAPE)
    other = page.locator("label[for=listened-0]").evaluate(SHAPE)
    assert chosen["forced"]
    assert chosen["mark"]
    assert not other["mark"]
    assert chosen["frame"] > other["frame"]

"""The front door completed by keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page


def tab_to(page: Page, text: str, limit: int = 40) -> None:
    """Press Tab until the focused element's text is ``text``, checking focus is visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.innerText.trim().split('\\n')[0]")
        if focused == text:
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"focus on {text!r} is not visible"
            return
    raise AssertionError(f"{text!r} cannot be reached with Tab")


def test_skip_link_is_first_and_moves_to_the_content(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    ("who", "slug", "need", "target"),
    [
        ("Jeg er barn eller ung", "child", "Bed om hjælp", "ask-for-help"),
        ("Jeg arbejder med børn", "professional", "Send en underretning", "report-a-concern"),
        ("Jeg er bekymret for et barn", "worried", "Et barn er i fare nu", "help-now"),
    ],
)
def test_front_door_to_a_journey_by_keyboard_alone(
    page: Page, who: str, slug: str, need: str, target: str
) -> None:
    page.goto("/")
    tab_to(page, who)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/for/{slug}")
    tab_to(page, need)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{target}")
    assert page.locator("h1").is_visible()


def test_language_can_be_switched_by_keyboard(page: Page) -> None:
    page.goto("/")
    tab_to(page, "العربية")
    page.keyboard.press("Enter")
    page.wait_for_function("document.documentElement.lang === 'ar'")
    assert page.locator("html").get_attribute("dir") == "rtl"

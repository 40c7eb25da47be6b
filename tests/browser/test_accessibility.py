"""Three checkers (axe-core, HTML_CodeSniffer, IBM's engine; tests/browser/checkers.py) on every
public page, in every locale, and reflow at 320 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from portal.i18n import LOCALES
from tests.browser.checkers import Checkers
from tests.browser.conftest import DESKTOP, NewContext
from tests.support.pages import PUBLIC_PAGES


@pytest.mark.parametrize("locale", LOCALES)
def test_no_checker_finds_an_error_at_phone_size(
    new_context: NewContext, checkers: Checkers, locale: str
) -> None:
    page = new_context(locale).new_page()
    failures = {}
    for path in PUBLIC_PAGES:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == locale
        violations = checkers.errors(page)
        if violations:
            failures[path] = violations
    assert not failures, failures


@pytest.mark.parametrize("locale", ["da", "ar"])
def test_no_checker_finds_an_error_on_desktop(
    new_context: NewContext, checkers: Checkers, locale: str
) -> None:
    page = new_context(locale, viewport=DESKTOP).new_page()
    failures = {}
    for path in PUBLIC_PAGES:
        page.goto(path)
        violations = checkers.errors(page)
        if violations:
            failures[path] = violations
    assert not failures, failures


@pytest.mark.parametrize("locale", ["da", "ar"])
def test_no_horizontal_scrolling_at_320_px(new_context: NewContext, locale: str) -> None:
    """320 CSS px is a small phone, and a 1280 px screen at 400 % zoom (WCAG 1.4.10)."""
    page = new_context(locale, viewport={"width": 320, "height": 640}).new_page()
    for path in PUBLIC_PAGES:
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px too wide at 320px"


def test_usable_at_200_percent_zoom(new_context: NewContext) -> None:
    """A 1280 px laptop at 200 %: the exit button and the choices stay visible and in reach."""
    page = new_context(
        "da", viewport={"width": 640, "height": 400}, device_scale_factor=2
    ).new_page()
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    exit_box = page.locator(".exit-button").bounding_box()
    assert exit_box is not None
    assert exit_box["height"] >= 44
    page.mouse.wheel(0, 2000)
    # The exit bar is sticky: still on screen after scrolling.
    assert page.locator(".exit-button").bounding_box()["y"] >= 0  # type: ignore[index]
    assert page.evaluate("document.querySelector('.exit-button').getBoundingClientRect().top") < 100


def test_arabic_layout_is_mirrored(new_context: NewContext) -> None:
    page = new_context("ar").new_page()
    page.goto("/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    exit_box = page.locator(".exit-button").bounding_box()
    help_box = page.locator(".exit-bar__help").bounding_box()
    assert exit_box is not None
    assert help_box is not None
    # In right-to-left the exit button sits on the left, the help link on the right.
    assert exit_box["x"] < help_box["x"]


@pytest.mark.parametrize(("locale", "start_side"), [("da", "left"), ("ar", "right")])
def test_the_back_chevron_stands_before_the_word(
    new_context: NewContext, locale: str, start_side: str
) -> None:
    """The chevron is a mirrored glyph: in Arabic it moves to the right and points right."""
    page = new_context(locale).new_page()
    page.goto("/rights/words")
    gap = page.evaluate(
        """(side) => {
            const link = document.querySelector('.back-link'), range = document.createRange();
            range.selectNodeContents(link);
            const text = range.getBoundingClientRect(), box = link.getBoundingClientRect();
            return side === 'left' ? text.left - box.left : box.right - text.right;
        }""",
        start_side,
    )
    assert gap > 4, f"no room for the chevron on the {start_side} of the back link"
    # The same character in both directions: Unicode mirrors it in right-to-left text.
    # (Writing the right-pointing one for Arabic made it point forwards, away from "back".)
    content = page.evaluate(
        "getComputedStyle(document.querySelector('.back-link'), '::before').content"
    )
    assert content == '"\N{SINGLE LEFT-POINTING ANGLE QUOTATION MARK} "'


def test_each_checker_does_catch_an_error(page: Page, checkers: Checkers) -> None:
    """Guard against a check that cannot fail: a planted fault must be reported by each."""
    page.goto("/")
    page.evaluate("document.querySelector('.exit-button').textContent = ''")
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    errors = checkers.errors(page)
    assert any(e.startswith("axe link-name") for e in errors), errors
    assert any(e.startswith("htmlcs ") and "F68" in e for e in errors), errors
    assert any(e.startswith("ibm ") for e in errors), errors


def test_a_group_of_choices_without_a_legend_is_an_error(page: Page, checkers: Checkers) -> None:
    """The fault pa11y found 96 times (H71): a fieldset named by aria-labelledby, no legend."""
    page.goto("/ask-for-help/are-you-safe")
    page.evaluate(
        """() => {
            const fieldset = document.querySelector('fieldset');
            fieldset.setAttribute('aria-labelledby', 'page-heading');
            document.querySelector('main').prepend(document.querySelector('#page-heading'));
            fieldset.querySelector('legend').remove();
        }"""
    )
    assert any(e.startswith("htmlcs ") and "H71" in e for e in checkers.errors(page))


def test_phone_numbers_read_left_to_right_in_arabic(new_context: NewContext) -> None:
    page = new_context("ar").new_page()
    page.goto("/")
    positions = page.evaluate(
        """() => [...document.querySelectorAll('.number')].map(el => {
            const text = el.firstChild, range = document.createRange();
            const x = i => { range.setStart(text, i); range.setEnd(text, i + 1);
                             return range.getBoundingClientRect().x; };
            return [text.textContent, x(0) < x(text.length - 1)];
        })"""
    )
    assert len(positions) >= 4
    assert all(left_to_right for _, left_to_right in positions), positions

"""axe-core (WCAG 2.0/2.1/2.2 A and AA) on every page, in every locale, and reflow at 320 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from portal.i18n import LOCALES
from tests.browser.conftest import DESKTOP, NewContext
from tests.support.pages import PUBLIC_PAGES

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page: Page, axe_source: str) -> list[str]:
    # A click on a link returns once the new page is committed, before its document
    # is parsed: axe on a half-made document finds no documentElement.
    page.wait_for_load_state("load")
    page.evaluate(axe_source)
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            const where = v => v.nodes.map(n => n.target.join(" ")).join(", ");
            return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ${where(v)}`);
        }""",
        WCAG_TAGS,
    )
    return list(found)


@pytest.mark.parametrize("locale", LOCALES)
def test_axe_finds_nothing_at_phone_size(
    new_context: NewContext, axe_source: str, locale: str
) -> None:
    page = new_context(locale).new_page()
    failures = {}
    for path in PUBLIC_PAGES:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == locale
        violations = axe_violations(page, axe_source)
        if violations:
            failures[path] = violations
    assert not failures, failures


@pytest.mark.parametrize("locale", ["da", "ar"])
def test_axe_finds_nothing_on_desktop(
    new_context: NewContext, axe_source: str, locale: str
) -> None:
    page = new_context(locale, viewport=DESKTOP).new_page()
    failures = {}
    for path in PUBLIC_PAGES:
        page.goto(path)
        violations = axe_violations(page, axe_source)
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


def test_the_axe_check_does_catch_a_violation(page: Page, axe_source: str) -> None:
    """Guard against a check that cannot fail: a planted fault must be reported."""
    page.goto("/")
    page.evaluate("document.querySelector('.exit-button').textContent = ''")
    assert any(v.startswith("link-name") for v in axe_violations(page, axe_source))


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

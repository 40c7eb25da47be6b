"""Every part of every page belongs to a landmark, so a screen reader user who moves by
landmarks misses nothing: not the skip link, not the quick exit."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.checkers import Checkers
from tests.browser.conftest import NewContext
from tests.support.pages import PUBLIC_PAGES

# Each visible text and each element Tab can reach, outside every landmark. A header or
# footer is a landmark only at the top level (not inside main, an article or a section);
# a form or a section only with a name.
OUTSIDE_LANDMARKS = """() => {
    const named = el => el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby');
    const landmark = el => {
        const role = el.getAttribute('role'), tag = el.tagName.toLowerCase();
        if (['banner', 'navigation', 'main', 'complementary', 'contentinfo', 'search']
            .includes(role)) return true;
        if ((role === 'region' || role === 'form') && named(el)) return true;
        if (role) return false;
        if (['nav', 'main', 'aside', 'search'].includes(tag)) return true;
        if (['header', 'footer'].includes(tag))
            return !el.parentElement.closest('main, article, aside, nav, section');
        return (tag === 'section' || tag === 'form') && named(el);
    };
    const inLandmark = el => {
        for (let at = el; at && at !== document.body; at = at.parentElement)
            if (landmark(at)) return true;
        return false;
    };
    const say = el => el.outerHTML.slice(0, 80);
    const outside = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!node.textContent.trim() || ['SCRIPT', 'STYLE', 'TEMPLATE'].includes(el.tagName))
            continue;
        if (!el.checkVisibility({visibilityProperty: true})) continue;
        if (!inLandmark(el)) outside.push(`text ${JSON.stringify(node.textContent.trim())}`);
    }
    const focusable = 'a[href], button, input:not([type=hidden]), select, textarea, ' +
        'summary, [tabindex]:not([tabindex="-1"])';
    for (const el of document.body.querySelectorAll(focusable))
        if (!el.closest('dialog') && !inLandmark(el)) outside.push(`focusable ${say(el)}`);
    return outside;
}"""


def region_rule(page: Page, checkers: Checkers) -> list[str]:
    """axe's best-practice rule 'region': all content is contained by landmarks."""
    page.evaluate(checkers.sources.axe)
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {runOnly: ['region']});
            return result.violations.flatMap(v => v.nodes.map(n => n.target.join(' ')));
        }"""
    )
    return list(found)


@pytest.mark.parametrize("locale", ["da", "ar"])
def test_everything_on_every_public_page_is_in_a_landmark(
    new_context: NewContext, checkers: Checkers, locale: str
) -> None:
    page = new_context(locale).new_page()
    failures = {}
    for path in (*PUBLIC_PAGES, "/ask-for-help/are-you-safe", "/staff/login"):
        page.goto(path)
        page.wait_for_load_state("load")
        outside = page.evaluate(OUTSIDE_LANDMARKS) + region_rule(page, checkers)
        if outside:
            failures[path] = outside
    assert not failures, failures


def test_the_skip_link_is_still_the_first_thing_tab_reaches(new_context: NewContext) -> None:
    page = new_context("da").new_page()
    for path in ("/", "/ask-for-help/are-you-safe", "/no-such-page", "/staff/login"):
        page.goto(path)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link", path
        box = page.locator(".skip-link").bounding_box()
        assert box is not None
        assert box["y"] >= 0, f"{path}: the focused skip link is off screen"
        assert page.locator(".skip-link").is_visible()

"""Every journey by keyboard alone, start page to receipt: the quick exit never fires on
Shift+Tab, and focus is never hidden, least of all under the sticky exit bar (WCAG 2.4.11)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error, Page, expect

from tests.browser.conftest import PHONE, NewContext
from tests.browser.servers import LivePortal
from tests.browser.test_journeys import FILL, VALUES, open_journey

# Where the focused element is, against the viewport and the exit bar. An element inside
# the bar is not covered by it; everything else must stand wholly below it.
WHERE_IS_FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const box = el.getBoundingClientRect(), bar = document.querySelector('.exit-bar');
    const inBar = bar.contains(el), barBottom = bar.getBoundingClientRect().bottom;
    const problems = [];
    if (box.width === 0 || box.height === 0) problems.push('has no size');
    if (box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth)
        problems.push(`is not wholly in the ${innerWidth}x${innerHeight} viewport: ` +
                      JSON.stringify(box));
    if (!inBar && box.top < barBottom - 0.5)
        problems.push(`is under the exit bar (top ${box.top}, bar ends at ${barBottom})`);
    const name = el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + el.className;
    return {id: el.id, name: name, type: el.type || '', group: el.name || '',
            problems: problems,
            submit: el.matches('form button.button'), start: el.matches('a.button--start')};
}"""


def focus(page: Page, key: str) -> dict[str, object]:
    """Press Tab or Shift+Tab; fail if the exit fired or the focused element is hidden."""
    url = page.url
    page.keyboard.press(key)
    try:
        where = page.evaluate(WHERE_IS_FOCUS)
    except Error as error:  # the page went away under the key press
        raise AssertionError(f"{key} on {url} left the page (the quick exit?)") from error
    assert where is not None, f"{key} on {page.url} left focus nowhere"
    assert not where["problems"], f"after {key} on {page.url}: {where['name']} {where['problems']}"
    return where  # type: ignore[no-any-return]


def tab_until(page: Page, wanted: str, limit: int = 60) -> dict[str, object]:
    """Tab forwards until the focused element is ``wanted`` ("submit", "start" or an id)."""
    for _ in range(limit):
        where = focus(page, "Tab")
        if where.get(wanted) is True or where["id"] == wanted:
            return where
    raise AssertionError(f"{wanted} cannot be reached with Tab on {page.url}")


def answer_by_keyboard(page: Page, journey: str) -> None:
    """Tab to each field the step needs and answer it; back up with Shift+Tab, down again."""
    slug = page.url.split("?")[0].rsplit("/", 1)[-1]
    todo = list(FILL[journey].get(slug, []))
    presses = 0
    while True:
        where = focus(page, "Tab")
        presses += 1
        assert presses < 80, f"stuck tabbing on {page.url}"
        if where["submit"]:
            break
        if not todo:
            continue
        action, selector = todo[0]
        target = selector.lstrip("#")
        if action == "check" and where["type"] == "radio":
            # Tab enters a radio group once; the arrow keys move (and choose) within it.
            if page.evaluate("(id) => document.getElementById(id).name", target) != where["group"]:
                continue
            for _ in range(10):
                if page.evaluate("document.activeElement.id") == target:
                    break
                page.keyboard.press("ArrowDown")
            if not page.locator(selector).is_checked():  # Tab focuses the first, unchosen
                page.keyboard.press("Space")
            expect(page.locator(selector)).to_be_checked()
            todo.pop(0)
        elif page.evaluate("(s) => document.activeElement.matches(s)", selector):
            if action == "check":
                page.keyboard.press("Space")
                expect(page.locator(selector)).to_be_checked()
            else:
                page.keyboard.type(VALUES[action])
            todo.pop(0)
    assert not todo, f"{todo} not reached on {page.url}"
    # Back up through the form as a keyboard user checking their answers does, and down again.
    back = min(presses - 1, 12)
    for _ in range(back):
        focus(page, "Shift+Tab")
    for _ in range(back):
        focus(page, "Tab")
    assert page.evaluate("document.activeElement.matches('form button.button')")


# A phone, and a 1280 x 800 laptop at 200 % zoom (where the bar is a larger part of the screen).
VIEWPORTS = {"phone": PHONE, "zoom-200": {"width": 640, "height": 400}}


@pytest.mark.parametrize("size", sorted(VIEWPORTS))
@pytest.mark.parametrize("journey", sorted(FILL))
def test_every_journey_by_keyboard_alone_never_exits_nor_hides_focus(
    new_context: NewContext, live: LivePortal, journey: str, size: str
) -> None:
    page = new_context("da", viewport=VIEWPORTS[size]).new_page()
    open_journey(page, journey, live)
    tab_until(page, "start")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{journey}/**")
    for _ in range(20):
        page.wait_for_load_state()
        assert page.url.startswith(live.url), f"the quick exit fired: {page.url}"
        if "/check-answers" in page.url:
            break
        before = page.url
        answer_by_keyboard(page, journey)
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url, before=before: url != before)  # type: ignore[misc]
    tab_until(page, "submit")
    page.keyboard.press("Enter")
    expect(page.locator(".panel__reference")).to_be_visible()
    assert page.url.startswith(live.url)

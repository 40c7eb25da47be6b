"""Forced colours (Windows high contrast): the chosen option on every scale and choice stays
distinguishable when the browser replaces the page's colours with the system's."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.conftest import NewContext

# What marks an option apart from the others that forced colours leave alone: the width of
# its frame (border or outline) and any mark drawn after it.
SHAPE = """(label) => {
    const style = getComputedStyle(label), after = getComputedStyle(label, '::after');
    const width = (s, side) => parseFloat(s[`border${side}Width`]) || 0;
    const border = Math.max(...['Top', 'Right', 'Bottom', 'Left'].map(s => width(style, s)));
    const outline = style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth) || 0;
    const mark = after.content !== 'none' && after.content !== 'normal' &&
        after.display !== 'none' && after.visibility !== 'hidden';
    return {frame: border + outline, mark: mark, colour: style.borderTopColor,
            forced: matchMedia('(forced-colors: active)').matches};
}"""


def forced_colours_page(new_context: NewContext) -> Page:
    page = new_context("da").new_page()
    page.emulate_media(forced_colors="active")
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    return page


def to_the_faces(page: Page) -> None:
    page.goto("/have-your-say")
    page.locator("a.button--start").click()
    page.locator("#age_band-0").check()
    page.locator("form button.button").click()
    page.locator("#how-0").check()
    page.locator("form button.button").click()
    page.wait_for_url("**/how-are-things")


def test_the_chosen_face_on_every_scale_is_framed_and_ticked(new_context: NewContext) -> None:
    page = forced_colours_page(new_context)
    to_the_faces(page)
    scales = page.locator("fieldset.feelings")
    assert scales.count() >= 2
    for index in range(scales.count()):
        faces = scales.nth(index).locator(".feeling")
        chosen = index % faces.count()
        faces.nth(chosen).locator("input").click()
        page.locator("form button.button").focus()  # the focus ring is not the mark
        shapes = [faces.nth(i).locator("label").evaluate(SHAPE) for i in range(faces.count())]
        assert all(shape["forced"] for shape in shapes)
        others = [shape for i, shape in enumerate(shapes) if i != chosen]
        mine = shapes[chosen]
        assert mine["mark"], f"scale {index}: the chosen face has no mark"
        assert not any(shape["mark"] for shape in others)
        thickest_other = max(shape["frame"] for shape in others)
        assert mine["frame"] >= thickest_other + 2, f"scale {index}: {mine} against {others}"
        assert mine["colour"] != others[0]["colour"]  # and the system's highlight colour


def looks(page: Page, selector: str) -> bytes:
    return page.locator(selector).screenshot(animations="disabled", caret="hide")


def test_chosen_radios_and_checkboxes_look_different_in_forced_colours(
    new_context: NewContext,
) -> None:
    """The native controls draw their own dot and tick in system colours: the pixels of a
    control change when it is chosen, with the page's colours gone."""
    page = forced_colours_page(new_context)
    page.goto("/ask-for-help/are-you-safe")
    before = looks(page, "#safe-0")
    page.locator("#safe-0").check()
    page.locator("form button.button").focus()
    assert looks(page, "#safe-0") != before, "a chosen radio looks like the others"
    page.locator("form button.button").click()
    page.wait_for_url("**/about")
    before = looks(page, "#topics-1")
    page.locator("#topics-1").check()
    page.locator("form button.button").focus()
    assert looks(page, "#topics-1") != before, "a ticked checkbox looks like the others"
    assert looks(page, "#topics-1") != looks(page, "#topics-2")


def test_the_current_age_band_is_framed_in_forced_colours(new_context: NewContext) -> None:
    page = forced_colours_page(new_context)
    page.goto("/rights/10-13/if-you-disagree")
    links = page.locator("nav.bands a")
    shapes = [links.nth(i).evaluate(SHAPE) for i in range(links.count())]
    current = [
        i for i in range(links.count()) if links.nth(i).get_attribute("aria-current") == "page"
    ]
    assert len(current) == 1
    mine = shapes[current[0]]
    others = [shape for i, shape in enumerate(shapes) if i != current[0]]
    assert mine["frame"] > max(shape["frame"] for shape in others)

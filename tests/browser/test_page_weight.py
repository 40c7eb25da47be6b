"""Page weight on a first visit, at phone size: every public page type within budget.

Budgets (compressed, response headers included, nothing cached): at most 50 KB in all and
15 KB of JavaScript; nothing from another origin; and the page's content is there without
JavaScript (the same <h1>). tests/bench/bench_pages.py reports the same figures measured
against gunicorn in the production profile.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import NewContext
from tests.browser.test_journeys import walk_journey
from tests.support.pageweight import (
    JOURNEYS,
    JS_BUDGET,
    PUBLIC_PAGES,
    STAFF_PAGES,
    TOTAL_BUDGET,
    PageWeight,
    heading,
    measure,
    open_conversation,
    weigh_journey,
)


def assert_light(weight: PageWeight) -> None:
    where = f"{weight.label} ({weight.path})"
    assert weight.total <= TOTAL_BUDGET, f"{where}: {weight.total} bytes, {weight.bytes}"
    assert weight.bytes["js"] <= JS_BUDGET, f"{where}: {weight.bytes['js']} bytes of JavaScript"


def assert_self_contained(weight: PageWeight) -> None:
    where = f"{weight.label} ({weight.path})"
    assert not weight.third_party, f"{where} asked another origin: {weight.third_party}"
    assert not weight.failed, f"{where}: {weight.failed}"
    assert weight.h1, f"{where} has no <h1>"
    # The browser asked for compression, and the page came compressed (Flask-Compress
    # leaves error responses, like the 404 page, as they are).
    assert "gzip" in weight.accept_encoding, weight.accept_encoding
    if weight.status < 300:
        assert weight.content_encoding in {"br", "gzip"}, f"{where}: not compressed"


def assert_same_without_javascript(
    new_context: NewContext, weight: PageWeight, like: BrowserContext | None = None
) -> None:
    """The same page, with JavaScript off (and ``like``'s cookies): the same <h1>."""
    state = like.storage_state() if like is not None else None
    page = new_context(java_script_enabled=False, storage_state=state).new_page()
    page.goto(weight.url)
    assert heading(page) == weight.h1, weight.path
    assert page.locator("main").inner_text().strip()
    page.context.close()


@pytest.mark.parametrize(("label", "path"), PUBLIC_PAGES, ids=[p for _, p in PUBLIC_PAGES])
def test_a_public_page_is_light_and_needs_no_javascript(
    new_context: NewContext, label: str, path: str
) -> None:
    weight = measure(new_context().new_page(), path, label)
    assert weight.status == (404 if path == "/no-such-page" else 200), weight.status
    assert_self_contained(weight)
    assert_light(weight)
    assert_same_without_javascript(new_context, weight)


@pytest.mark.parametrize("journey", JOURNEYS)
def test_every_step_check_answers_and_the_receipt_are_light(
    new_context: NewContext, journey: str
) -> None:
    page = new_context().new_page()
    weighed: list[PageWeight] = []

    def visit(weight: PageWeight) -> None:
        assert weight.status == 200, weight.path
        assert_self_contained(weight)
        assert_light(weight)
        assert_same_without_javascript(new_context, weight, like=page.context)
        weighed.append(weight)

    weigh_journey(page, journey, visit)
    kinds = [w.label.partition(": ")[2] for w in weighed]
    assert kinds[-2:] == ["check your answers", "receipt"], kinds
    assert len(kinds) >= 4, kinds  # steps


def test_an_open_conversation_is_light(new_context: NewContext) -> None:
    page = new_context().new_page()
    walk_journey(page, "ask-for-help", lambda: None)
    open_conversation(page, page.locator(".passphrase").inner_text())
    weight = measure(page, "/conversation/messages", "Conversation: messages")
    expect(page.locator(".messages")).to_be_visible()
    assert weight.status == 200
    assert_self_contained(weight)
    assert_light(weight)
    assert_same_without_javascript(new_context, weight, like=page.context)


@pytest.mark.parametrize(("label", "path"), STAFF_PAGES, ids=[p for _, p in STAFF_PAGES])
def test_the_staff_login_asks_no_other_origin(
    new_context: NewContext, label: str, path: str
) -> None:
    """Not held to the public budgets (tests/bench/bench_pages.py reports its weight)."""
    weight = measure(new_context().new_page(), path, label)
    assert weight.status == 200
    assert_self_contained(weight)
    assert_same_without_javascript(new_context, weight)


def test_the_measure_counts_compressed_bytes_with_headers(page: Page) -> None:
    """Guard against a measure that cannot fail: the stylesheet's weight is its Brotli or
    gzip body as served plus its headers, far less than the file itself."""
    weight = measure(page, "/")
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css").stat().st_size
    assert 500 < weight.bytes["css"] < css / 2, (weight.bytes["css"], css)
    assert weight.requests >= 3  # the page, its stylesheet, its script

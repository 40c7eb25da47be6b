"""LIX of every step of every journey in Danish, as its reader sees it in the browser.

The explainers' table (tests/content) covers the content pages; this one covers the forms:
each journey's start page, every step, check answers and the receipt. The limit is the
reader's: a child's journey 25, a parent's 40, a professional's 45.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from portal.content.library import LIX_LIMITS
from portal.content.readability import lix
from tests.browser.conftest import NewContext
from tests.browser.servers import LivePortal
from tests.browser.test_journeys import FILL, walk_journey
from tests.content.conftest import LIX_TABLE

READER = {
    "ask-for-help": "10-13",
    "have-your-say": "10-13",
    "invitation": "10-13",
    "apply-for-support": "parent",
    "anonymous-advice": "parent",
    "report-a-concern": "professional",
}


def main_text(page: Page) -> str:
    """What the reader reads on the page: the main landmark, as the browser lays it out."""
    page.wait_for_load_state("load")
    return page.locator("main").inner_text()


@pytest.mark.parametrize("journey", sorted(FILL))
def test_every_step_reads_within_its_readers_lix_limit(
    new_context: NewContext, live: LivePortal, journey: str
) -> None:
    limit = LIX_LIMITS[READER[journey]]
    page = new_context("da").new_page()
    scores: dict[str, float] = {}
    texts: dict[str, str] = {}

    def measure() -> None:
        path = page.url.split("?")[0].split(f"/{journey}", 1)[1] or "/"
        if path not in scores:  # the first visit: the step as it is, before any error
            texts[path] = main_text(page)
            scores[path] = lix(texts[path])

    walk_journey(page, journey, measure, live)
    assert len(scores) >= 4, scores  # start, a step, check answers, receipt
    LIX_TABLE.extend((f"{journey}{path}", score, limit) for path, score in scores.items())
    table = "\n".join(f"{score:5.1f}  {path}" for path, score in scores.items())
    over = {path: score for path, score in scores.items() if score > limit}
    shown = "\n\n".join(f"{path}:\n{texts[path]}" for path in over)
    assert not over, f"{journey}: LIX over {limit}:\n{table}\n\n{shown}"

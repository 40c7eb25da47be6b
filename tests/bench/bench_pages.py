"""Page weight of every public page type on a first visit, against the production profile.

The portal under gunicorn (deploy/gunicorn.conf.py) on PostgreSQL with the demo data;
Chromium at phone size (360 x 740) with nothing cached, measured by
tests/support/pageweight.py. The same pages are held to the budgets by
tests/browser/test_page_weight.py.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

from playwright.sync_api import Page, ViewportSize, sync_playwright

from tests.bench.servers import production_portal
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.browser.test_journeys import walk_journey
from tests.support.pageweight import (
    JOURNEYS,
    JS_BUDGET,
    KB,
    PUBLIC_PAGES,
    STAFF_PAGES,
    TOTAL_BUDGET,
    PageWeight,
    kilobytes,
    measure,
    open_conversation,
    weigh_journey,
)


def _journey_rows(page: Page, journey: str) -> list[PageWeight]:
    """The first step, the heaviest step, check answers and the receipt."""
    weighed: list[PageWeight] = []
    weigh_journey(page, journey, weighed.append)
    steps = [w for w in weighed if w.label.endswith(")")]  # "journey: step (slug)"
    others = [w for w in weighed if not w.label.endswith(")")]
    first, heaviest = steps[0], max(steps, key=lambda w: w.total)
    first.label = f"{journey}: first step"
    if heaviest is first:
        return [first, *others]
    heaviest.label = f"{journey}: heaviest of {len(steps)} steps"
    return [first, heaviest, *others]


def _measure_all(url: str) -> tuple[list[PageWeight], list[PageWeight]]:
    """(public pages, staff pages)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:

            def fresh() -> Page:
                phone = ViewportSize(width=PHONE["width"], height=PHONE["height"])
                context = browser.new_context(base_url=url, viewport=phone, locale="da-DK")
                return context.new_page()

            public = [measure(fresh(), path, label) for label, path in PUBLIC_PAGES]
            for journey in JOURNEYS:
                public += _journey_rows(fresh(), journey)
            page = fresh()
            walk_journey(page, "ask-for-help", lambda: None)
            open_conversation(page, page.locator(".passphrase").inner_text())
            public.append(measure(page, "/conversation/messages", "Conversation: messages"))
            staff = [measure(fresh(), path, label) for label, path in STAFF_PAGES]
        finally:
            browser.close()
    return public, staff


def _row(weight: PageWeight, note: str = "") -> str:
    cells = [kilobytes(weight.bytes[kind]) for kind in ("html", "css", "js", "images", "fonts")]
    third = len(weight.third_party) or "none"
    return (
        f"| {weight.label}{note} `{weight.path}` | {' | '.join(cells)} | "
        f"{kilobytes(weight.total)} | {weight.requests} | {third} |"
    )


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _targets(public: list[PageWeight]) -> list[str]:
    heaviest = max(public, key=lambda w: w.total)
    most_js = max(public, key=lambda w: w.bytes["js"])
    third = [url for w in public for url in w.third_party]
    return [
        "Targets (public pages):",
        "",
        f"- At most 50 KB in all, compressed, per public page: "
        f"{_met(heaviest.total <= TOTAL_BUDGET)}; the heaviest is {heaviest.label} at "
        f"{kilobytes(heaviest.total)} KB.",
        f"- At most 15 KB of JavaScript: {_met(most_js.bytes['js'] <= JS_BUDGET)}; "
        f"the most is {kilobytes(most_js.bytes['js'])} KB ({most_js.label}).",
        f"- No third-party requests: {_met(not third)}; {len(third)} found.",
        "- No JavaScript needed: checked by tests/browser/test_page_weight.py, which opens "
        "every page above with JavaScript off and finds the same <h1> and its content.",
    ]


def _notes(pages: Iterable[PageWeight]) -> list[str]:
    pages = list(pages)
    other = [f"{w.label} {kilobytes(w.bytes['other'])} KB" for w in pages if w.bytes["other"]]
    plain = [f"{w.label} (status {w.status})" for w in pages if not w.content_encoding]
    encodings = sorted({w.content_encoding for w in pages if w.content_encoding})
    accept = sorted({w.accept_encoding for w in pages})
    notes = [
        f"The browser sent Accept-Encoding: {', '.join(accept)}; pages came as "
        f"{', '.join(encodings)}.",
    ]
    if plain:
        notes.append(
            "Sent uncompressed (Flask-Compress leaves responses other than 2xx alone): "
            + "; ".join(plain)
            + "."
        )
    if other:
        notes.append("Other requests (in the total): " + "; ".join(other) + ".")
    sent = max(w.sent for w in pages)
    notes.append(
        f"Not in the figures: what the browser sends (request headers, at most "
        f"{kilobytes(sent)} KB for a page with all its requests)."
    )
    return notes


def run() -> str:
    with tempfile.TemporaryDirectory() as tmp, production_portal(Path(tmp)) as served:
        public, staff = _measure_all(served.url)
    return "\n".join(
        [
            "## Page weight, first visit (phone)",
            "The portal under gunicorn in the production profile (PostgreSQL, demo data); "
            f"Chromium at {PHONE['width']} x {PHONE['height']} with nothing cached. KB = "
            f"{KB} bytes as transferred: compressed body plus response headers "
            "(tests/support/pageweight.py). Journeys: the first step and the heaviest step "
            "(all steps are held to the budgets by tests/browser/test_page_weight.py).",
            "",
            "| page | HTML | CSS | JS | images | fonts | total KB | requests | third-party |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            *(_row(w) for w in public),
            *(_row(w, " (staff, not a public target)") for w in staff),
            "",
            *_targets(public),
            "",
            *_notes([*public, *staff]),
        ]
    )

"""Explainer pages are parsed once at start-up, so a request costs template rendering only.

Side by side in one run: serving a rights page from the cache, against the same request
plus the Markdown work an uncached design would do on every request.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from portal.content.library import Library
from portal.content.markdown import Renderer
from tests.support.apps import make_app

PAGES = ("/rights/6-9/be-heard", "/rights/14-17/your-plan", "/rights/parents/your-rights")
ROUNDS = 7
REQUESTS = 100


def _timed(action: Callable[[], object]) -> float:
    """Median milliseconds per call over ROUNDS rounds of REQUESTS calls."""
    rounds = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(REQUESTS):
            action()
        rounds.append((time.perf_counter() - start) * 1000 / REQUESTS)
    return statistics.median(rounds)


def _measure(app: Flask) -> list[str]:
    library: Library = app.extensions["rights_library"]
    renderer = Renderer()  # what an uncached design would run on every request
    client = app.test_client()
    rows = []
    for path in PAGES:
        section, _, slug = path.removeprefix("/rights/").rpartition("/")
        section = f"children/{section}" if section[0].isdigit() else section
        found = library.find("da", section, slug)
        assert found is not None
        source = found[0].path.read_text(encoding="utf-8").split("+++", 2)[2]
        before = Renderer.parses

        def cached_request(path: str = path) -> None:
            client.get(path, headers={"Accept-Language": "da"})

        for _ in range(20):  # warm up (templates, caches) before measuring
            cached_request()
        cached = _timed(cached_request)
        parses = Renderer.parses - before

        def uncached(path: str = path, source: str = source) -> None:
            renderer.render(source, lambda _scheme, _target: "/")
            client.get(path, headers={"Accept-Language": "da"})

        parsed_each_time = _timed(uncached)
        rows.append(
            f"| {path} | {cached:.2f} | {parsed_each_time:.2f} | "
            f"{parsed_each_time / cached:.2f} | {parses} |"
        )
    return rows


def run() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(Path(tmp), f"sqlite:///{tmp}/bench.sqlite3")
        rows = _measure(app)
    return "\n".join(
        [
            "## Explainer pages: rendering cache",
            f"Median of {ROUNDS} rounds of {REQUESTS} requests (Flask test client, in process).",
            "",
            "| page | cached ms/request | parsed each request ms | ratio | Markdown parses "
            f"during the {ROUNDS * REQUESTS} cached requests |",
            "| --- | ---: | ---: | ---: | ---: |",
            *rows,
        ]
    )

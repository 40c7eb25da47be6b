"""Page weight: what a first visit to a page transfers, measured in Chromium at phone size.

``measure(page, url)`` loads ``url`` with the browser cache switched off (a first visit:
nothing cached) and records every request the page makes until the network is quiet. A
request's weight is what Chromium received for it: the response headers plus the body
as sent, that is compressed when the server compressed it (Playwright's
``request.sizes()``, from the DevTools protocol's encoded data length; the same figure as
DevTools' "transferred"). What the browser sent (request headers and bodies) is kept
apart, in ``sent``.

Used by tests/browser/test_page_weight.py (the budgets, against the live test server) and
tests/bench/bench_pages.py (the figures, against gunicorn in the production profile).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Error, Page, Request

from tests.browser.test_journeys import walk_journey

KB = 1024
TOTAL_BUDGET = 50 * KB  # every public page, first visit, compressed
JS_BUDGET = 15 * KB  # the JavaScript of a page, when it has any
TYPES = ("html", "css", "js", "images", "fonts", "other")
_BY_RESOURCE_TYPE = {
    "document": "html",
    "stylesheet": "css",
    "script": "js",
    "image": "images",
    "font": "fonts",
}

# Public pages a first-time visitor can open directly: (what it is, path).
PUBLIC_PAGES: tuple[tuple[str, str], ...] = (
    ("Front door: who are you?", "/"),
    ("What do you need: child or young person", "/for/child"),
    ("What do you need: parent", "/for/parent"),
    ("What do you need: professional", "/for/professional"),
    ("What do you need: worried citizen", "/for/worried"),
    ("I need help now", "/help-now"),
    ("Staying safe online", "/staying-safe-online"),
    ("Your rights (index)", "/rights"),
    ("Rights: choose an age band for a topic", "/rights/topic/who-reads-what-you-write"),
    ("Rights 6-9: overview", "/rights/6-9"),
    ("Rights 6-9: a page with a picture story", "/rights/6-9/be-heard"),
    ("Rights 10-13: a page", "/rights/10-13/if-you-disagree"),
    ("Rights 14-17: a page", "/rights/14-17/your-plan"),
    ("Rights: parents (overview)", "/rights/parents"),
    ("Rights: parents, a page", "/rights/parents/your-rights"),
    ("Rights: professionals (overview)", "/rights/professionals"),
    ("Rights: professionals, a page", "/rights/professionals/duty-to-report"),
    ("Word list", "/rights/words"),
    ("Ask for help: start", "/ask-for-help"),
    ("Report a concern: start", "/report-a-concern"),
    ("Apply for support: start", "/apply-for-support"),
    ("Anonymous advice: start", "/anonymous-advice"),
    ("Have your say: start", "/have-your-say"),
    ("Conversation: enter the six words", "/conversation"),
    ("Not found (404)", "/no-such-page"),
)
# Not a public page: reported, but the public budgets are not its targets.
STAFF_PAGES: tuple[tuple[str, str], ...] = (("Staff: log in", "/staff/login"),)
JOURNEYS = (
    "ask-for-help",
    "report-a-concern",
    "apply-for-support",
    "anonymous-advice",
    "have-your-say",
)


@dataclass
class PageWeight:
    """What one first visit to a page transferred."""

    label: str
    url: str
    status: int
    h1: str
    bytes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TYPES, 0))
    requests: int = 0
    sent: int = 0  # request headers and bodies, not in ``total``
    third_party: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    # The document request's Accept-Encoding and its response's Content-Encoding.
    accept_encoding: str = ""
    content_encoding: str = ""

    @property
    def total(self) -> int:
        return sum(self.bytes.values())

    @property
    def path(self) -> str:
        parts = urlsplit(self.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def kind(request: Request) -> str:
    """html, css, js, images, fonts or other."""
    return _BY_RESOURCE_TYPE.get(request.resource_type, "other")


def heading(page: Page) -> str:
    """The page's <h1> text, whitespace collapsed ("" if it has none)."""
    texts = page.locator("h1").all_inner_texts()
    return " | ".join(" ".join(text.split()) for text in texts)


QUIET_MS = 100  # no request in flight for this long after "load": the page is done


def settle(page: Page, started: list[Request], *done: list[Request]) -> None:
    """Wait until every request the page started has finished or failed, and none has
    started for QUIET_MS (like Playwright's "networkidle", without its fixed half second:
    the portal's scripts ask for nothing by themselves after the page has loaded)."""
    quiet, seen = 0, -1
    for _ in range(200):  # at most 10 s
        in_flight = len(started) - sum(len(d) for d in done)
        if in_flight == 0 and len(started) == seen:
            quiet += 50
            if quiet >= QUIET_MS:
                return
        else:
            quiet, seen = 0, len(started)
        page.wait_for_timeout(50)
    raise AssertionError(f"{page.url}: requests still in flight after 10 s")


def measure(page: Page, url: str, label: str = "") -> PageWeight:
    """Load ``url`` in ``page`` as a first visit and weigh every request it makes."""
    # What the page was doing before (a click that navigated) must not be counted.
    page.wait_for_load_state("load")
    started: list[Request] = []
    finished: list[Request] = []
    failed: list[Request] = []
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    def on_request(request: Request) -> None:
        started.append(request)

    def on_finished(request: Request) -> None:
        if request in started:
            finished.append(request)

    def on_failed(request: Request) -> None:
        if request in started:
            failed.append(request)

    page.on("request", on_request)
    page.on("requestfinished", on_finished)
    page.on("requestfailed", on_failed)
    try:
        response = page.goto(url, wait_until="load")
        settle(page, started, finished, failed)
    finally:
        page.remove_listener("request", on_request)
        page.remove_listener("requestfinished", on_finished)
        page.remove_listener("requestfailed", on_failed)
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        cdp.detach()
    assert response is not None, url
    weight = PageWeight(label=label or url, url=page.url, status=response.status, h1=heading(page))
    own = origin(page.url)
    for request in finished + failed:
        if urlsplit(request.url).scheme not in {"http", "https"}:
            continue  # data: and blob: URLs never leave the browser
        weight.requests += 1
        if origin(request.url) != own:
            weight.third_party.append(request.url)
        if request in failed:
            weight.failed.append(f"{request.url}: {request.failure}")
            continue
        try:
            sizes = request.sizes()
        except Error:  # the page navigated on while this was in flight
            continue
        weight.bytes[kind(request)] += sizes["responseHeadersSize"] + sizes["responseBodySize"]
        weight.sent += sizes["requestHeadersSize"] + sizes["requestBodySize"]
        if request.resource_type == "document" and request.frame == page.main_frame:
            answered = request.response()
            weight.accept_encoding = request.all_headers().get("accept-encoding", "")
            if answered is not None:
                weight.content_encoding = answered.all_headers().get("content-encoding", "")
    return weight


Visit = Callable[[PageWeight], None]


def weigh_journey(page: Page, journey: str, visit: Visit) -> None:
    """Walk ``journey`` (tests/browser/test_journeys.py answers each step) and weigh every
    step, "check your answers" and the receipt as they come, passing each to ``visit``
    while the page is still reachable (a step is not, once the journey is sent)."""
    seen: set[str] = set()

    def on_each_page() -> None:
        path = urlsplit(page.url).path
        if path in seen or path == f"/{journey}":  # the start page is in PUBLIC_PAGES
            return
        seen.add(path)
        slug = path.rsplit("/", 1)[-1]
        what = {"check-answers": "check your answers", "sent": "receipt"}.get(slug, "step")
        label = f"{journey}: {what}" + (f" ({slug})" if what == "step" else "")
        visit(measure(page, page.url, label))

    walk_journey(page, journey, on_each_page)


def open_conversation(page: Page, words: str) -> None:
    """Open the conversation the six secret ``words`` belong to."""
    page.goto("/conversation")
    page.locator("[name=passphrase]").fill(words)
    page.locator("form button.button").click()
    page.wait_for_url("**/conversation/messages")


def kilobytes(n: int) -> str:
    return f"{n / KB:.1f}"

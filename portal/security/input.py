"""Input the portal refuses to read or store, refused at the door with a 400 that says why.

- The address (path and query string) never carries a control character: a line break
  there could split a redirect's headers (a ``next`` parameter), a NUL cannot be stored.
- A JSON body is nested at most ``MAX_JSON_DEPTH`` levels (deeper, the parser itself runs
  out of stack).
- No text that cannot be stored reaches the database: a NUL (PostgreSQL refuses it in text;
  SQLite would keep it, so both refuse it alike) or half of a surrogate pair (which JSON can
  carry and no database encoding can). It is checked where it is about to be stored or
  looked up, whichever way it came (a form field a view reads itself, a JSON value, a path),
  so what a request carries but the portal ignores is not refused. Free text typed into the
  public forms never gets that far: the forms drop control characters and keep the rest of
  the text (portal/forms/base.py).

Each refusal is a ``BadInput``; portal/errors.py shows it as a page (or JSON, for JSON
requests and the API) with what to do next.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from typing import Any

from flask import Flask, request
from werkzeug.exceptions import BadRequest

# Deeper than any document the portal takes (a push subscription is 3 levels).
MAX_JSON_DEPTH = 20
# Kinds of refusal; each has its own words in portal/errors.py.
ADDRESS = "bad-address"
JSON_DEPTH = "bad-json-depth"
UNSTORABLE = "unstorable-text"


class BadInput(BadRequest):
    """A request refused for what it carries: 400, with words chosen by ``reason``."""

    def __init__(self, reason: str) -> None:
        super().__init__(description=reason)
        self.reason = reason


def has_control(text: str) -> bool:
    """True if ``text`` has a control character (NUL, line breaks, tab, escape, ...)."""
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def safe_address(path: str, query: Iterable[tuple[str, str]]) -> bool:
    """True if the path and no query name or value holds a control character."""
    return not has_control(path) and not any(
        has_control(name) or has_control(value) for name, value in query
    )


def depth_of(document: Any) -> int:
    """How deeply objects and arrays nest in a parsed JSON document (a scalar is 0);
    iterative, so a deep document cannot exhaust the stack here."""
    deepest, stack = 0, [(1, document)]
    while stack:
        depth, value = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, depth)
            stack.extend((depth + 1, item) for item in value)
    return deepest


def too_deep(body: bytes, max_depth: int = MAX_JSON_DEPTH) -> bool:
    """True if a JSON body nests deeper than ``max_depth``. A body that is not JSON at all
    is left to the view, which says what it expected."""
    try:
        document = json.loads(body)
    except RecursionError:
        return True
    except ValueError:
        return False
    return depth_of(document) > max_depth


def check_request() -> None:
    """Refuse, before any view, an address with control characters or a JSON body that
    nests too deeply."""
    if not safe_address(request.path, request.args.items(multi=True)):
        raise BadInput(ADDRESS)
    if request.is_json and request.content_length != 0 and too_deep(request.get_data()):
        raise BadInput(JSON_DEPTH)


def init_app(app: Flask) -> None:
    app.before_request(check_request)

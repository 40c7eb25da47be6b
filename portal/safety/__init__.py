"""The safety line: a child who may be in danger is seen by a person within minutes.

- ``screening``: the municipality's list of words, and matching them (no Flask);
- ``rules``: which answers and texts make an inquiry a possible safety case;
- ``services``: raising a flag, noting the first opening, escalating;
- ``alerts``: who is told (reception, the duty service, the leaders), by email and push;
- ``telling``: what the child is told about who knows and when they will be read.
"""

from __future__ import annotations

from flask import Flask, current_app
from markupsafe import Markup, escape

from portal.emergency import CHILD_HELPLINE, EMERGENCY
from portal.i18n import LOCALES
from portal.safety.screening import ScreeningList, load

EXTENSION = "screening"


def init_app(app: Flask) -> None:
    """Read the screening lists at start-up: a bad file stops the app, naming the line."""
    app.extensions[EXTENSION] = load(app.config["CONTENT_PATH"], LOCALES)
    app.jinja_env.filters["screened"] = marked
    # The numbers a child who may be in danger sees first (templates/macros/safety.html).
    app.jinja_env.globals["SAFETY_LINES"] = (EMERGENCY, CHILD_HELPLINE)


def screening_list() -> ScreeningList:
    """The current app's screening lists (every locale's)."""
    found: ScreeningList = current_app.extensions[EXTENSION]
    return found


def marked(text: str | None) -> Markup:
    """``text``, escaped, with the words on the screening list in <mark> (staff pages)."""
    text = text or ""
    spans: list[list[int]] = []
    for match in sorted(screening_list().screen(text), key=lambda m: (m.start, m.end)):
        if spans and match.start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], match.end)
        else:
            spans.append([match.start, match.end])
    out, at = Markup(), 0
    for start, end in spans:
        out += escape(text[at:start]) + Markup('<mark class="screened">')
        out += escape(text[start:end]) + Markup("</mark>")
        at = end
    return out + escape(text[at:])

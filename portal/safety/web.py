"""The safety line in the web app: the screening list loaded at start, and its words marked
on the staff pages."""

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

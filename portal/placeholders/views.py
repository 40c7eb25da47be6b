"""Journeys not built yet: a plain page with how to reach the municipality instead.

The issue that builds a journey removes its entry here, serves the same URL from its
own blueprint and points portal/entry/journeys.py at the new endpoint, so no link on
the front door ever dies.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

bp = Blueprint("placeholders", __name__)

PLACEHOLDERS: dict[str, tuple[str, LazyString, bool]] = {
    # endpoint: (URL, title, seen by children)
    "have_your_say": ("/have-your-say", _l("Have your say"), True),
}


def _register(endpoint: str, url: str, title: LazyString, child: bool) -> None:
    def view() -> str:
        return render_template("placeholders/not-yet.html", title=title, child_page=child)

    view.__name__ = endpoint
    view.__doc__ = f"Placeholder for {url} until its journey is built."
    bp.add_url_rule(url, endpoint, view, methods=["GET"])


for _endpoint, (_url, _title, _child) in PLACEHOLDERS.items():
    _register(_endpoint, _url, _title, _child)

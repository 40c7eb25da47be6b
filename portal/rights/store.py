"""Where the app keeps its explainer library (loaded once at start, portal.rights)."""

from __future__ import annotations

from flask import current_app

from portal.content.library import Library

EXTENSION = "rights_library"


def library() -> Library:
    """The current app's explainer library."""
    found: Library = current_app.extensions[EXTENSION]
    return found

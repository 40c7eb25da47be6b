"""Views that can show a form again, with what was posted, when its token had expired.

CSRF protection stays on for every POST; for a recoverable view the CSRF error handler
re-renders the form (with a fresh token) instead of an error page, so text is not lost.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app
from flask.typing import ResponseReturnValue

Recover = Callable[[], ResponseReturnValue]


def recoverable(view: Callable[..., ResponseReturnValue], recover: Recover) -> Any:
    """Mark ``view`` as able to show its form again through ``recover``."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        return view(*args, **kwargs)

    wrapper.recover = recover  # type: ignore[attr-defined]
    return wrapper


def recovery_for(endpoint: str | None) -> Recover | None:
    """How the view at ``endpoint`` shows its form again, if it can."""
    view = current_app.view_functions.get(endpoint or "")
    found: Recover | None = getattr(view, "recover", None)
    return found

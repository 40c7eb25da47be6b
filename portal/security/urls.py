"""Where a "next" parameter may send a visitor: only to a path on this site."""

from __future__ import annotations

from urllib.parse import urlsplit

from portal.security.input import ADDRESS, BadInput, has_control


def safe_next(target: str | None, fallback: str) -> str:
    """``target`` if it is a path on this site, else ``fallback`` (no open redirects).
    A target with a control character (a line break would split the redirect's headers)
    is refused with a 400 that says what to do."""
    if target and has_control(target):
        raise BadInput(ADDRESS)
    if not target or "\\" in target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target

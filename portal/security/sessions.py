"""Cookies are Secure whenever the portal is served over HTTPS (or configured so)."""

from __future__ import annotations

from flask import current_app, request


def cookie_secure() -> bool:
    """Cookies are Secure when configured so, or whenever this request came over HTTPS."""
    return bool(current_app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure

"""The visitor's session cookie: HttpOnly, SameSite=Lax, and Secure whenever served over HTTPS."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask.sessions import SecureCookieSessionInterface


def cookie_secure() -> bool:
    """Cookies are Secure when configured so, or whenever this request came over HTTPS."""
    return bool(current_app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


class PortalSessionInterface(SecureCookieSessionInterface):
    """Marks the cookie Secure per request, so one config serves HTTP dev and HTTPS prod."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return cookie_secure()


def init_app(app: Flask) -> None:
    """Install the session interface."""
    app.session_interface = PortalSessionInterface()

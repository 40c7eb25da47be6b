"""The visitor's session cookie: HttpOnly, SameSite=Lax, and Secure whenever served over HTTPS."""

from __future__ import annotations

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface


class PortalSessionInterface(SecureCookieSessionInterface):
    """Marks the cookie Secure per request, so one config serves HTTP dev and HTTPS prod."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def init_app(app: Flask) -> None:
    """Install the session interface."""
    app.session_interface = PortalSessionInterface()

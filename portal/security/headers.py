"""Response headers: a nonce-based CSP and the rest of the browser-side baseline."""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    )
)


def csp_nonce() -> str:
    """The nonce of this request, created on first use."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    nonce: str = g.csp_nonce
    return nonce


def content_security_policy(nonce: str) -> str:
    """A strict policy: our own files, nonce'd scripts, nothing inline, nothing framed."""
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src 'nonce-{nonce}' 'strict-dynamic'",
            f"style-src 'self' 'nonce-{nonce}'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "worker-src 'self'",
            "media-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        )
    )


def set_security_headers(response: Response) -> Response:
    """Add the baseline headers to every response."""
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    headers.setdefault("Referrer-Policy", "same-origin")
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if request.endpoint != "static":
        # Pages may show or accept a child's words; nothing is kept by browsers or proxies.
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
        headers.add("Vary", "Cookie")
    return response


def init_app(app: Flask) -> None:
    """Register the header hook and expose the nonce to templates."""
    app.after_request(set_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce

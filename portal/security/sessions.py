"""The portal's cookies: one way to name, set, read and delete them.

Under HTTPS every cookie is a host cookie: its name starts with ``__Host-``, it is Secure,
its path is / and it has no Domain, so neither a sibling subdomain nor plain HTTP can set
or overwrite it (browsers refuse a ``__Host-`` cookie that breaks those rules). Over plain
HTTP (development, tests) the same cookie goes without the prefix, since a browser would
refuse it. The form token lives in the visitor's session (portal/visits/store.py), so it
has no cookie of its own.
"""

from __future__ import annotations

from flask import current_app, request
from werkzeug.wrappers import Response

HOST_PREFIX = "__Host-"


def cookie_secure() -> bool:
    """Cookies are Secure when configured so, or whenever this request came over HTTPS."""
    return bool(current_app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def cookie_name(name: str) -> str:
    """What cookie ``name`` is called in this request: ``__Host-name`` under HTTPS."""
    return HOST_PREFIX + name if cookie_secure() else name


def read_cookie(name: str) -> str | None:
    """The value of the portal's cookie ``name`` in this request, if the browser sent it."""
    return request.cookies.get(cookie_name(name))


def set_cookie(
    response: Response,
    name: str,
    value: str,
    *,
    samesite: str,
    max_age: int | None = None,
) -> None:
    """Set the portal's cookie ``name``: HttpOnly, path /, no Domain, Secure under HTTPS."""
    response.set_cookie(
        cookie_name(name),
        value,
        max_age=max_age,
        path="/",
        secure=cookie_secure(),
        httponly=True,
        samesite=samesite,
    )


def delete_cookie(response: Response, name: str, *, samesite: str | None = None) -> None:
    """Remove the portal's cookie ``name``; a ``__Host-`` cookie is only replaced by one
    that is Secure with path / too."""
    response.delete_cookie(
        cookie_name(name), path="/", secure=cookie_secure(), httponly=True, samesite=samesite
    )

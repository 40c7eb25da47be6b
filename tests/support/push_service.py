"""A push service on loopback (like FCM or Mozilla's, minus the network), and a browser's
side of a subscription: its own P-256 key pair and auth secret, to decrypt what arrives."""

from __future__ import annotations

import base64
import os
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask
from flask.testing import FlaskClient

from tests.support.forms import csrf_token, location, submit
from tests.support.http import serving


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class PushService:
    """Records every push; answers each with the next status in ``answers`` (then 201),
    a redirect (3xx) to ``location``."""

    answers: list[int] = field(default_factory=list)
    location: str = ""
    received: list[Received] = field(default_factory=list)
    port: int = 0
    scheme: str = "http"

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"


@contextmanager
def push_service(tls: tuple[Path, Path] | None = None) -> Iterator[PushService]:
    """A push service on loopback; over HTTPS with ``tls`` (cert.pem, key.pem)."""
    service = PushService()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            service.received.append(
                Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            )
            status = service.answers.pop(0) if service.answers else 201
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", service.location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    with serving(Handler) as server:
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            server.socket = context.wrap_socket(server.socket, server_side=True)
            service.scheme = "https"
        service.port = server.server_address[1]
        yield service


class Browser:
    """The browser's half of a push subscription (what PushManager.subscribe() makes)."""

    def __init__(self, endpoint: str) -> None:
        self.private = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint

    def subscription(self) -> dict[str, Any]:
        public = self.private.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": b64url(public), "auth": b64url(self.auth)},
        }

    def decrypt(self, body: bytes) -> bytes:
        """Decrypt an aes128gcm push body with the independent http_ece library."""
        plain: bytes = http_ece.decrypt(
            body, private_key=self.private, auth_secret=self.auth, version="aes128gcm"
        )
        return plain


def turn_on_notices(
    app: Flask, words: str, browser: Browser, locale: str | None = None
) -> FlaskClient:
    """A child opens her conversation with the six words and turns notices on in
    ``browser``; her client."""
    child = app.test_client()
    if locale is not None:
        child.set_cookie("indgang_lang", locale)
    assert location(submit(child, "/conversation", {"passphrase": words})).endswith("/messages")
    page = child.get("/conversation/messages").get_data(as_text=True)
    response = child.post(
        "/conversation/notifications",
        json={"subscription": browser.subscription()},
        headers={"X-CSRFToken": csrf_token(page)},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    return child

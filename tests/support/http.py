"""Loopback HTTP for tests: free ports, small servers (a push service, a case system), and a
visitor with cookies for servers in another process."""

from __future__ import annotations

import http.cookiejar
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def free_port() -> int:
    """A port on 127.0.0.1 nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Visitor:
    """One visitor's cookies against a server at ``base``; redirects are not followed."""

    class _Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._Stay()
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as response:
            body: str = response.read().decode()
            return body

    def token(self, path: str) -> str:
        """The form token on the page at ``path``."""
        found = TOKEN.search(self.get(path))
        assert found is not None, f"no form on {path}"
        return found.group(1)

    def post(self, path: str, data: dict[str, str], token: str) -> int:
        """Send a form with ``token``; the answer's status."""
        body = urllib.parse.urlencode({**data, "csrf_token": token}).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=10) as response:
                status: int = response.status
                return status
        except urllib.error.HTTPError as answer:
            return answer.code

    def send(self, path: str, data: dict[str, str]) -> None:
        """Open the form at ``path`` and send it, as pressing its button does."""
        status = self.post(path, data, self.token(path))
        assert status in {302, 303}, f"{path}: {status}"

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler], port: int = 0) -> Iterator[ThreadingHTTPServer]:
    """Serve ``handler`` on loopback (a free port unless given) in a thread until the block
    ends."""
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()

"""Real servers on loopback for browser tests: the portal, and a neutral exit site."""

from __future__ import annotations

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from tests.support.apps import PROFILE, make_app


class NeutralSite:
    """Stands in for the weather site; records each request's path and Referer."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str | None]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, self.headers.get("Referer")))
                body = (
                    b"<!doctype html><html lang=en><title>Weather</title>"
                    b'<link rel="icon" href="data:,"><h1>Weather</h1>'
                )
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class LivePortal:
    """The portal served by Werkzeug in a thread, exiting to ``exit_url``."""

    def __init__(self, tmp: Path, exit_url: str) -> None:
        profile = tmp / "municipality.toml"
        shutil.copy(PROFILE.parent / "logo.svg", tmp / "logo.svg")
        text = PROFILE.read_text(encoding="utf-8")
        profile.write_text(
            text.replace('exit_url = "https://www.dmi.dk/"', f'exit_url = "{exit_url}"')
        )
        # One server takes every browser test's page loads from 127.0.0.1, hundreds a minute:
        # the per-IP limits would answer 429 depending on the machine's speed. They are
        # tested without a browser (tests/test_errors.py, tests/staff, tests/conversation).
        self.app: Flask = make_app(
            tmp,
            f"sqlite:///{tmp / 'live.sqlite3'}",
            MUNICIPALITY_PROFILE=profile,
            RATELIMIT_ENABLED=False,
        )
        self.server: BaseWSGIServer = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

"""A case system on loopback: checks each record's signature, applies it once per
Idempotency-Key, counts what it applied and what it absorbed as a duplicate."""

from __future__ import annotations

import hmac
import json
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from portal.casesystem.adapters import signature
from tests.support.http import serving

SECRET = "case-system-shared-secret-for-tests"


@dataclass
class CaseSystem:
    """``answers``: what to do with the next requests: a status code, or "apply-then-drop"
    (apply the record, then close the connection without answering: a lost acknowledgement)."""

    answers: list[int | str] = field(default_factory=list)
    applied: dict[str, dict[str, Any]] = field(default_factory=dict)
    applied_at: dict[str, float] = field(default_factory=dict)
    delay: float = 0.0  # seconds to think before answering (a slow case system)
    duplicates: int = 0
    repeated: dict[str, int] = field(default_factory=dict)  # copies after the first, by key
    bad_signatures: int = 0
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)


@contextmanager
def case_system(
    tls: tuple[Path, Path] | None = None, port: int = 0, keep: CaseSystem | None = None
) -> Iterator[CaseSystem]:
    """Serve a case system; pass ``port`` and ``keep`` to bring the same one back after
    an outage (what it applied before is kept)."""
    system = keep or CaseSystem()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            timestamp = self.headers.get("X-Indgang-Timestamp", "")
            expected = signature(SECRET, timestamp, body)
            if not hmac.compare_digest(expected, self.headers.get("X-Indgang-Signature", "")):
                with system.lock:
                    system.bad_signatures += 1
                self._answer(401)
                return
            with system.lock:
                answer = system.answers.pop(0) if system.answers else 200
                key = self.headers["Idempotency-Key"]
                if answer in (200, "apply-then-drop"):
                    if key in system.applied:
                        system.duplicates += 1
                        system.repeated[key] = system.repeated.get(key, 0) + 1
                    else:
                        system.applied[key] = json.loads(body)
                        system.applied_at[key] = time.time()
            if system.delay:
                time.sleep(system.delay)
            if answer == "apply-then-drop":
                self.close_connection = True
                self.connection.close()
                return
            self._answer(int(answer))

        def _answer(self, status: int) -> None:
            payload = b'{"error": "refused by the test"}' if status >= 400 else b"{}"
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    with serving(Handler, port) as server:
        scheme = "http"
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            server.socket = context.wrap_socket(server.socket, server_side=True)
            scheme = "https"
        system.url = f"{scheme}://127.0.0.1:{server.server_address[1]}/records"
        yield system

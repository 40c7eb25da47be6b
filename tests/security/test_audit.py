"""`make audit` (scripts/audit.py) says plainly when it checked nothing, and fails a build on
a finding: run against the real lock file, with the vulnerability service at a closed port, or
a stand-in OSV service on loopback that answers as OSV does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from typing import Any, ClassVar

from tests.support.apps import ROOT
from tests.support.http import free_port, serving

LOCK = ROOT / "requirements.lock"


def audit(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "audit.py"), str(LOCK)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "NO_PROXY": "", "no_proxy": "", **env},
    )


def said(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


class OSV(BaseHTTPRequestHandler):
    """Answers OSV's /v1/query: a vulnerability for the packages in ``vulnerable``."""

    vulnerable: ClassVar[set[str]] = set()
    status: ClassVar[int] = 200
    asked: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        name = query["package"]["name"]
        self.asked.append(name)
        body: dict[str, Any] = {}
        if name in self.vulnerable:
            body = {
                "vulns": [
                    {
                        "id": "GHSA-fake-0000-0000",
                        "aliases": ["CVE-2099-0001"],
                        "summary": "A made-up hole, for the test.",
                        "affected": [
                            {
                                "package": {"name": name, "ecosystem": "PyPI"},
                                "ranges": [
                                    {
                                        "type": "ECOSYSTEM",
                                        "events": [{"introduced": "0"}, {"fixed": "999.0"}],
                                    }
                                ],
                            }
                        ],
                    }
                ]
            }
        data = json.dumps(body).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args: object) -> None:
        pass


@contextmanager
def osv(vulnerable: set[str], status: int = 200) -> Iterator[tuple[str, type[OSV]]]:
    """A stand-in OSV on loopback, and its handler (what it was asked)."""
    handler = type("Stand-in", (OSV,), {"vulnerable": vulnerable, "status": status, "asked": []})
    with serving(handler) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1/query", handler


def test_an_unreachable_service_checks_nothing_and_says_so() -> None:
    result = audit(AUDIT_OSV_URL=f"http://127.0.0.1:{free_port()}/v1/query")
    assert result.returncode == 2
    assert "could not reach the vulnerability service" in said(result)
    assert "NOTHING WAS CHECKED" in said(result)
    assert "no known vulnerabilit" not in said(result).lower()


def test_pypis_service_behind_an_unreachable_proxy_checks_nothing_and_says_so() -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    result = audit(AUDIT_SERVICE="pypi", HTTPS_PROXY=closed, https_proxy=closed)
    assert result.returncode == 2
    assert "NOTHING WAS CHECKED" in said(result)
    assert "no known vulnerabilit" not in said(result).lower()


def test_a_service_that_answers_with_errors_checks_nothing_and_says_so() -> None:
    with osv(set(), status=503) as (url, _):
        result = audit(AUDIT_OSV_URL=url)
    assert result.returncode == 2
    assert "NOTHING WAS CHECKED" in said(result)
    assert "no known vulnerabilit" not in said(result).lower()


def test_a_finding_fails_the_build_and_names_the_package_and_the_fix() -> None:
    with osv({"flask"}) as (url, _):
        result = audit(AUDIT_OSV_URL=url)
    assert result.returncode == 1
    text = said(result)
    assert "flask" in text
    assert "GHSA-fake-0000-0000" in text
    assert "fixed in: 999.0" in text
    assert "no known vulnerabilit" not in text.lower()


def test_every_locked_package_checked_and_none_known_vulnerable_passes() -> None:
    with osv(set()) as (url, service):
        result = audit(AUDIT_OSV_URL=url)
    assert result.returncode == 0, said(result)
    asked = set(service.asked)
    assert {"flask", "sqlalchemy", "cryptography", "psycopg"} <= asked
    assert f"no known vulnerabilities in the {len(asked)} locked packages" in said(result)

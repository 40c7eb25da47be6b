"""The production profile as an operator starts it: deploy/serve.sh on PostgreSQL and Redis.

gunicorn with several worker processes, delivery workers beside it, JSON logs on stderr,
compressed pages, static files cached for a year, rate limits shared through Redis, and
a clean stop on SIGTERM.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest
from pyrage import x25519

from portal.config import SECRETS
from tests.support.apps import postgres_schema
from tests.support.http import Visitor, free_port
from tests.support.redis_server import private_redis

pytestmark = pytest.mark.slow  # Starts the production profile: gunicorn, workers, a schema.


ROOT = Path(__file__).resolve().parents[2]


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    port = free_port()
    (tmp_path / "redis").mkdir()
    with private_redis(tmp_path / "redis") as redis_url, postgres_schema() as database_url:
        env = {
            **os.environ,
            **{name: make() for name, make in SECRETS.items()},
            "DATABASE_URL": database_url,
            "PUBLIC_URL": "https://indgang.example.dk",
            "REDIS_URL": redis_url,
            "BIND": f"127.0.0.1:{port}",
            "WEB_WORKERS": "3",
            "OUTBOX_WORKERS": "2",
            "RATELIMIT_DEFAULT": "40 per minute",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "CASE_SYSTEM_FOLDER": str(tmp_path / "casesystem"),
            # Production writes the folder only encrypted for the bridge, and cleans it.
            "CASE_SYSTEM_FOLDER_RECIPIENTS": str(x25519.Identity.generate().to_public()),
            "RETENTION_CASE_SYSTEM_FILES_DAYS": "14",
        }
        env.pop("LOG_FORMAT", None)
        stderr = tmp_path / "stderr.log"
        with stderr.open("wb") as err:
            process = subprocess.Popen(
                [str(ROOT / "deploy/serve.sh")],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=err,
                start_new_session=True,
            )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if get(base + "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                assert process.poll() is None, stderr.read_text()[-3000:]
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.3)
            yield base, process, stderr
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def test_the_production_profile_serves_compressed_cached_and_logged(
    served: tuple[str, subprocess.Popen[bytes], Path],
) -> None:
    base, process, stderr = served
    status, headers, body = get(base + "/readyz")
    assert status == 200
    assert json.loads(body)["status"] == "ok"
    assert json.loads(body)["redis"] == "ok"

    status, headers, body = get(base + "/", {"Accept-Encoding": "br, gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "br"
    page = brotli.decompress(body).decode()
    assert "<html" in page
    request_id = headers["X-Request-Id"]
    css = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    status, headers, body = get(base + css, {"Accept-Encoding": "gzip"})
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Encoding"] == "gzip"

    # Every worker counts against the same Redis: the 41st form sent in a minute is
    # refused, whichever of the three processes answers it.
    teacher, form = Visitor(base), "/report-a-concern/who-you-are"
    token = teacher.token(form)
    statuses = [teacher.post(form, {"reporter": "citizen"}, token) for _ in range(45)]
    assert statuses[:40] == [302] * 40
    assert statuses[40:] == [429] * 5

    process.send_signal(signal.SIGTERM)
    process.wait(timeout=40)
    left = subprocess.run(
        ["pgrep", "-g", str(process.pid)], capture_output=True, text=True, check=False
    )
    assert left.stdout.strip() == "", "processes left behind after SIGTERM"

    lines = [json.loads(line) for line in stderr.read_text().splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "portal.access"]
    assert any(line["request_id"] == request_id and line["route"] == "/" for line in access)
    assert {line["logger"] for line in lines} >= {"portal.access", "gunicorn.error"}
    assert any(line["msg"].startswith("outbox worker") for line in lines)
    assert "127.0.0.1" not in json.dumps(access)

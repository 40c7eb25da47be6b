"""Servers for the benchmarks: the portal's production profile and a hello-world Flask app,
each under gunicorn with deploy/gunicorn.conf.py, on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pyrage import x25519

from portal.config import SECRETS
from tests.support.apps import PROFILE, postgres_schema
from tests.support.http import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"


@dataclass(frozen=True)
class Served:
    """A server on loopback: its address and the environment it runs with."""

    url: str
    env: dict[str, str]


def portal_env(database_url: str, instance: Path) -> dict[str, str]:
    """The production profile's environment, with fresh secrets."""
    return {
        **os.environ,
        **{name: make() for name, make in SECRETS.items()},
        "PORTAL_ENV": "production",
        "PUBLIC_URL": "https://indgang.example.dk",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"),
        # The load comes from one address; per-IP limits would measure 429s.
        "RATELIMIT_DEFAULT": "100000000 per minute",
        "INSTANCE_PATH": str(instance),
        "MUNICIPALITY_PROFILE": str(PROFILE),
        "CASE_SYSTEM_FOLDER": str(instance / "casesystem"),
        # Production writes the folder only encrypted for the bridge, and cleans it.
        "CASE_SYSTEM_FOLDER_RECIPIENTS": str(x25519.Identity.generate().to_public()),
        "RETENTION_CASE_SYSTEM_FILES_DAYS": "14",
        "LOG_LEVEL": "WARNING",
    }


def flask(env: dict[str, str], *args: str) -> str:
    """Run `flask --app wsgi ARGS` in ``env``; its output."""
    done = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@contextmanager
def gunicorn(app: str, env: dict[str, str], cwd: Path = ROOT) -> Iterator[Served]:
    """Serve ``app`` (module:variable) with the production gunicorn settings."""
    port = free_port()
    env = {**env, "BIND": f"127.0.0.1:{port}"}
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", str(GUNICORN_CONF), app],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start {app}") from None
                time.sleep(0.2)
        yield Served(url, env)
    finally:
        process.terminate()
        process.wait(timeout=40)


@contextmanager
def production_portal(instance: Path, *, demo: bool = True) -> Iterator[Served]:
    """The portal on a fresh PostgreSQL schema, migrated, with the demo cases if asked."""
    with postgres_schema() as database_url:
        env = portal_env(database_url, instance)
        flask(env, "db", "upgrade")
        flask(env, "profile", "load")
        if demo:
            # Production has no demo commands (dev/demo); seed under the development profile.
            flask({**env, "PORTAL_ENV": "development"}, "demo", "seed")
        with gunicorn("wsgi:app", env) as served:
            yield served


@contextmanager
def hello_world(env: dict[str, str]) -> Iterator[Served]:
    """A minimal Flask app under the same gunicorn settings: the ceiling on this machine."""
    with gunicorn("tests.bench.hello:app", env) as served:
        yield served

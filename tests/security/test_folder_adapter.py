"""F7: the folder adapter's files are encrypted for the bridge and do not stay forever.

The bridge's key pair is made, and the files decrypted, with the reference age tool
(`age-keygen`, `age --decrypt`; Debian package age, installed by `make test-tools`), not
with the library the portal encrypts with. Production refuses the folder without the
bridge's key and a retention period; the retention run deletes acknowledged and old files;
development keeps plain files and says at start-up that they are for development only.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from portal import cli, config
from portal.core.errors import ConfigError
from portal.outbox import worker
from portal.outbox.cli import station
from tests.support.apps import ROOT, TEST_VAPID_KEY, MovableClock, make_app
from tests.support.cases import new_inquiry
from tests.support.outbox import outbox_app

CPR = "010215-4123"
APPLICATION: dict[str, Any] = {
    "applicant": "parent",
    "support": "disability",
    "child_name": "Sofie Jensen",
    "child_birth_date": "01-02-2015",
    "cpr": CPR,
    "district": "nord",
    "reason": "Sofie har brug for en s\u00e6rlig cykel.",
    "name": "Anne Jensen",
    "phone": "12345678",
    "email": "",
    "may_ask": "yes",
    "sources": ["school", "doctor"],
    "other_source": "",
    "child_view": "Jeg vil cykle med de andre.",
    "child_knows": "yes",
}
FILES_LINE = "Case-system folder files deleted, acknowledged by the bridge or older than 14 days"


def age(*args: str, stdin: bytes | None = None) -> bytes:
    """Run the reference age tool."""
    return subprocess.run(args, input=stdin, capture_output=True, check=True, timeout=30).stdout


@pytest.fixture
def bridge_key(tmp_path: Path) -> tuple[Path, str]:
    """The bridge's identity file and its public key, made the way the bridge makes them."""
    identity = tmp_path / "bridge.key"
    age("age-keygen", "-o", str(identity))
    return identity, age("age-keygen", "-y", str(identity)).decode().strip()


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


def folder_app(tmp_path: Path, database_url: str, clock: MovableClock, **settings: Any) -> Flask:
    return outbox_app(
        tmp_path,
        database_url,
        CLOCK=clock,
        CASE_SYSTEM_ADAPTER="folder",
        CASE_SYSTEM_FOLDER=tmp_path / "casesystem",
        **settings,
    )


def deliver(app: Flask) -> list[Path]:
    with app.app_context():
        worker.drain(station(), channels=["casesystem"])
    return sorted(p for p in (app.config["CASE_SYSTEM_FOLDER"]).iterdir() if p.is_file())


def test_files_are_encrypted_for_the_bridge_and_hold_no_plain_cpr_number(
    tmp_path: Path, database_url: str, clock: MovableClock, bridge_key: tuple[Path, str]
) -> None:
    identity, public = bridge_key
    app = folder_app(tmp_path, database_url, clock, CASE_SYSTEM_FOLDER_RECIPIENTS=(public,))
    inquiry_id, _ = new_inquiry(app, "application", answers=APPLICATION)
    files = deliver(app)
    assert files
    assert all(f.name.endswith(".json.age") for f in files)
    records = []
    for path in files:
        sealed = path.read_bytes()
        assert sealed.startswith(b"age-encryption.org/v1\n")
        assert CPR.encode() not in sealed
        assert b"010215" not in sealed
        assert b"Sofie" not in sealed
        assert path.stat().st_mode & 0o077 == 0
        records.append(json.loads(age("age", "--decrypt", "-i", str(identity), str(path))))
    (record,) = [r for r in records if r["record_type"] == "inquiry"]
    assert record["inquiry_id"] == inquiry_id
    assert {a["field"]: a["value"] for a in record["answers"]}["cpr"] == CPR


def test_without_the_bridge_key_development_writes_plain_files_and_says_so(
    tmp_path: Path, database_url: str, clock: MovableClock, caplog: pytest.LogCaptureFixture
) -> None:
    app = folder_app(tmp_path, database_url, clock)
    new_inquiry(app, "application", answers=APPLICATION)
    (path,) = deliver(app)
    assert path.name.endswith(".json")
    assert CPR in path.read_text()
    assert "Development only" not in caplog.text, "tests are not development"
    with caplog.at_level(logging.WARNING, logger="portal.casesystem.adapters"):
        make_app(tmp_path / "dev", database_url, PORTAL_ENV="development")
    assert "Development only: CASE_SYSTEM_ADAPTER=folder writes case records unencrypted" in (
        caplog.text
    )


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What production needs besides the folder's settings."""
    for name in ("CASE_SYSTEM_ADAPTER", "CASE_SYSTEM_FOLDER_RECIPIENTS",
                 "RETENTION_CASE_SYSTEM_FILES_DAYS", "PUBLIC_URL"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    return {
        "PORTAL_ENV": "production",
        "SECRET_KEY": "s" * 40,
        "FIELD_ENCRYPTION_KEYS": "k9:" + "B" * 43,
        "PASSPHRASE_PEPPER": "p" * 40,
        "VAPID_PRIVATE_KEY": TEST_VAPID_KEY,
        "PUBLIC_URL": "https://indgang.example.dk",
    }


@pytest.mark.parametrize(
    ("recipients", "days", "missing"),
    [
        (False, None, "needs CASE_SYSTEM_FOLDER_RECIPIENTS and RETENTION_CASE_SYSTEM_FILES_DAYS"),
        (True, None, "needs RETENTION_CASE_SYSTEM_FILES_DAYS:"),
        (False, 14, "needs CASE_SYSTEM_FOLDER_RECIPIENTS:"),
    ],
)
def test_production_refuses_the_folder_without_the_bridge_key_and_a_period(
    tmp_path: Path,
    production: dict[str, Any],
    bridge_key: tuple[Path, str],
    recipients: bool,
    days: int | None,
    missing: str,
) -> None:
    settings = {
        **production,
        "INSTANCE_PATH": tmp_path,
        "CASE_SYSTEM_FOLDER_RECIPIENTS": (bridge_key[1],) if recipients else (),
        "RETENTION_CASE_SYSTEM_FILES_DAYS": days,
    }
    with pytest.raises(ConfigError, match=f"CASE_SYSTEM_ADAPTER=folder {missing}"):
        config.load(settings)


def test_production_starts_only_with_the_folder_encrypted_and_cleaned(
    tmp_path: Path, production: dict[str, Any], bridge_key: tuple[Path, str]
) -> None:
    """Through the real entry point, with the settings in the environment."""
    env = {
        **os.environ,
        **production,
        "INSTANCE_PATH": str(tmp_path),
        "CASE_SYSTEM_FOLDER_RECIPIENTS": bridge_key[1],
    }
    env.pop("RETENTION_CASE_SYSTEM_FILES_DAYS", None)

    def start() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", "profile", "check"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip

    refused = start()
    assert refused.returncode != 0
    assert "CASE_SYSTEM_ADAPTER=folder needs RETENTION_CASE_SYSTEM_FILES_DAYS" in refused.stderr
    env["RETENTION_CASE_SYSTEM_FILES_DAYS"] = "14"
    started = start()
    assert started.returncode == 0, started.stderr


def test_the_retention_run_deletes_acknowledged_and_old_files(
    tmp_path: Path, database_url: str, clock: MovableClock, bridge_key: tuple[Path, str]
) -> None:
    app = folder_app(
        tmp_path,
        database_url,
        clock,
        CASE_SYSTEM_FOLDER_RECIPIENTS=(bridge_key[1],),
        RETENTION_CASE_SYSTEM_FILES_DAYS=14,
    )
    new_inquiry(app, "report_of_concern")
    (old,) = deliver(app)
    clock.advance(days=10)
    new_inquiry(app, "report_of_concern")
    new_inquiry(app, "report_of_concern")
    acknowledged, waiting = (p for p in deliver(app) if p != old)
    folder = old.parent
    # The files' times as the portal's clock had them (the test's clock is not the OS's).
    written = (clock.now - timedelta(days=10)).timestamp()
    os.utime(old, (written, written))
    for path in (acknowledged, waiting):
        os.utime(path, (clock.now.timestamp(), clock.now.timestamp()))
    (folder / (acknowledged.name + ".ack")).touch()
    (folder / "gone-by-the-bridge.json.age.ack").touch()
    stale = folder / ".status-x.json.age.partial"
    stale.write_bytes(b"half")
    os.utime(stale, (clock.now.timestamp() - 2 * 86400,) * 2)

    clock.advance(days=5)  # the first file is now 15 days old
    runner = app.test_cli_runner()
    dry = runner.invoke(cli.retention_run, ["--dry-run"])
    assert f"{FILES_LINE}: 2" in dry.output
    assert old.exists()
    assert acknowledged.exists()
    result = runner.invoke(cli.retention_run)
    assert result.exit_code == 0, result.output
    assert f"{FILES_LINE}: 2" in result.output
    assert sorted(p.name for p in folder.iterdir()) == [waiting.name]
    assert f"{FILES_LINE}: 0" in runner.invoke(cli.retention_run).output

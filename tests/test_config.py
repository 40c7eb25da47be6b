from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal import config
from portal.core.errors import ConfigError
from portal.push import vapid
from tests.support.apps import ROOT, TEST_VAPID_KEY


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (
        "SECRET_KEY",
        "FIELD_ENCRYPTION_KEYS",
        "PASSPHRASE_PEPPER",
        "VAPID_PRIVATE_KEY",
        "MAIL_BACKEND",
        "MAIL_FROM",
        "CASE_SYSTEM_ADAPTER",
        "CASE_SYSTEM_URL",
        "CASE_SYSTEM_SECRET",
        "CASE_SYSTEM_API_CLIENTS",
        "CASE_SYSTEM_FOLDER_RECIPIENTS",
        "RETENTION_CASE_SYSTEM_FILES_DAYS",
        "PORTAL_ENV",
        "DATABASE_URL",
        "PUBLIC_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_production_refuses_to_start_without_secrets_and_names_each(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clean_env.setenv("PORTAL_ENV", "production")
    with pytest.raises(ConfigError) as info:
        config.load({"INSTANCE_PATH": tmp_path})
    assert "SECRET_KEY" in str(info.value)
    assert "FIELD_ENCRYPTION_KEYS" in str(info.value)
    assert "PASSPHRASE_PEPPER" in str(info.value)
    assert "VAPID_PRIVATE_KEY" in str(info.value)
    assert not list(tmp_path.iterdir())


def test_embedded_default_generates_secrets_once_owner_only(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = config.load({"INSTANCE_PATH": tmp_path})
    assert "SECRET_KEY was not set" in caplog.text
    second = config.load({"INSTANCE_PATH": tmp_path})
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert len(first["SECRET_KEY"]) >= 40
    assert first["FIELD_ENCRYPTION_KEYS"].startswith("k1:")
    # A usable P-256 key: its public key is the 65-byte point browsers subscribe with.
    assert len(vapid.unb64url(vapid.public_key(vapid.load(first["VAPID_PRIVATE_KEY"])))) == 65
    assert second["VAPID_PRIVATE_KEY"] == first["VAPID_PRIVATE_KEY"]
    for path in tmp_path.glob("*.secret"):
        assert path.stat().st_mode & 0o077 == 0
    assert first["DATABASE_URL"] == f"sqlite:///{tmp_path / 'indgang.sqlite3'}"


def test_environment_wins(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("SECRET_KEY", "from-the-environment")
    clean_env.setenv("PORTAL_ENV", "production")
    clean_env.setenv("FIELD_ENCRYPTION_KEYS", "k9:" + "B" * 43)
    clean_env.setenv("PASSPHRASE_PEPPER", "pepper-from-the-environment")
    clean_env.setenv("VAPID_PRIVATE_KEY", TEST_VAPID_KEY)
    clean_env.setenv("PUBLIC_URL", "https://indgang.example.dk")
    clean_env.setenv("CASE_SYSTEM_ADAPTER", "none")  # the folder needs the bridge's key
    loaded = config.load({"INSTANCE_PATH": tmp_path})
    assert loaded["SECRET_KEY"] == "from-the-environment"


@pytest.mark.parametrize("public_url", [None, "http://indgang.example.dk", ""])
def test_production_needs_the_https_address_people_use(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, public_url: str | None
) -> None:
    for name, value in {
        "PORTAL_ENV": "production",
        "SECRET_KEY": "s" * 40,
        "FIELD_ENCRYPTION_KEYS": "k9:" + "B" * 43,
        "PASSPHRASE_PEPPER": "p" * 40,
        "VAPID_PRIVATE_KEY": TEST_VAPID_KEY,
    }.items():
        clean_env.setenv(name, value)
    if public_url is not None:
        clean_env.setenv("PUBLIC_URL", public_url)
    with pytest.raises(ConfigError, match="PORTAL_ENV=production needs PUBLIC_URL, the https://"):
        config.load({"INSTANCE_PATH": tmp_path})


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PORTAL_ENV", "staging", "PORTAL_ENV must be"),
        ("MAX_CONTENT_BYTES", "lots", "MAX_CONTENT_BYTES must be a whole number"),
        ("MAIL_BACKEND", "pigeon", "MAIL_BACKEND must be folder or smtp"),
        ("MAIL_SECURITY", "tls1", "MAIL_SECURITY must be starttls, ssl or none"),
        ("CASE_SYSTEM_ADAPTER", "fax", "must be folder, webhook, pull or none"),
        ("CASE_SYSTEM_API_CLIENTS", "dubu:" + "0" * 64, "no longer read"),
        ("CASE_SYSTEM_FOLDER_RECIPIENTS", "age1nothing", "not an age public key"),
        ("RETENTION_CASE_SYSTEM_FILES_DAYS", "-1", "must be a whole number of days"),
        ("OUTBOX_LEASE_SECONDS", "30", "must be at least twice the longest delivery timeout"),
        ("CASE_SYSTEM_ADAPTER", "webhook", "needs CASE_SYSTEM_URL and CASE_SYSTEM_SECRET"),
    ],
)
def test_bad_settings_are_named(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str, message: str
) -> None:
    clean_env.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        config.load({"INSTANCE_PATH": tmp_path})


def run_portal(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the real entry point (`flask --app wsgi ...`) with a given environment."""
    environment = {
        **os.environ,
        "INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": "s" * 40,
        "FIELD_ENCRYPTION_KEYS": "k1:" + "A" * 43,
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_malformed_profile_stops_start_up_naming_file_and_field(tmp_path: Path) -> None:
    profile = tmp_path / "bad.toml"
    source = (ROOT / "content" / "municipality.toml").read_text(encoding="utf-8")
    profile.write_text(source.replace('main = "+45 12 34 56 78"', 'main = "ring os"'))
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    result = run_portal(tmp_path, "profile", "check", MUNICIPALITY_PROFILE=str(profile))
    assert result.returncode != 0
    assert f"{profile}: field 'phones.main'" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_database_url_is_explained(tmp_path: Path) -> None:
    result = run_portal(tmp_path, "db", "upgrade", DATABASE_URL="not a url")
    assert result.returncode != 0
    assert "DATABASE_URL is not a database address" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_database_is_explained(tmp_path: Path) -> None:
    result = run_portal(
        tmp_path, "db", "upgrade", DATABASE_URL="postgresql://nobody:hunter2@127.0.0.1:9/none"
    )
    assert result.returncode != 0
    assert (
        "Cannot reach the database at postgresql+psycopg://nobody:***@127.0.0.1:9/none"
        in result.stderr
    )
    assert "hunter2" not in result.stderr
    assert "Check DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_smtp_needs_a_sender(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name, value in {
        "PORTAL_ENV": "production",
        "SECRET_KEY": "s" * 40,
        "FIELD_ENCRYPTION_KEYS": "k9:" + "B" * 43,
        "PASSPHRASE_PEPPER": "p" * 40,
        "VAPID_PRIVATE_KEY": TEST_VAPID_KEY,
        "MAIL_BACKEND": "smtp",
        "PUBLIC_URL": "https://indgang.example.dk",
    }.items():
        clean_env.setenv(name, value)
    with pytest.raises(ConfigError, match="MAIL_BACKEND=smtp needs MAIL_FROM"):
        config.load({"INSTANCE_PATH": tmp_path})


def test_a_malformed_vapid_key_says_how_to_make_one() -> None:
    with pytest.raises(ConfigError, match="flask --app wsgi push keys"):
        vapid.load("not-a-key")

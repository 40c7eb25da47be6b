from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from portal import cli, db
from portal.core import database
from portal.districts import District
from tests.support.apps import make_app


def test_migrations_go_up_down_and_up_again(database_url: str, tmp_path: Path) -> None:
    app = make_app(tmp_path, database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(cli.db_upgrade).exit_code == 0
    with app.app_context():
        assert "district" in inspect(db.engine()).get_table_names()
    result = runner.invoke(cli.db_downgrade, ["base"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert "district" not in inspect(db.engine()).get_table_names()
    assert runner.invoke(cli.db_upgrade).exit_code == 0


def test_models_match_migrations(database_url: str, tmp_path: Path) -> None:
    """Autogenerate finds nothing to do: every model change has its migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    app = make_app(tmp_path, database_url)
    assert app.test_cli_runner().invoke(cli.db_upgrade).exit_code == 0
    with app.app_context(), db.engine().connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), database.Base.metadata)
    assert diff == []


def test_profile_load_adds_renames_and_retires_districts(
    own_database_url: str, tmp_path: Path
) -> None:
    app = make_app(tmp_path, own_database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(cli.db_upgrade).exit_code == 0
    result = runner.invoke(cli.profile_load)
    assert "3 added" in result.output
    assert "0 added, 0 updated, 0 retired" in runner.invoke(cli.profile_load).output

    with app.app_context(), db.new_session() as session, session.begin():
        session.add(District(slug="gammel", name="Gammel", active=True))
        session.get_one(District, "nord").name = "Old name"
    assert "0 added, 1 updated, 1 retired" in runner.invoke(cli.profile_load).output
    with app.app_context(), db.new_session() as session:
        rows = {d.slug: (d.name, d.active) for d in session.scalars(select(District))}
    assert rows == {
        "nord": ("Nord", True),
        "midt": ("Midt", True),
        "syd": ("Syd", True),
        "gammel": ("Gammel", False),
    }


def test_profile_load_before_migrating_says_what_to_do(tmp_path: Path) -> None:
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'empty.db'}")
    result = app.test_cli_runner().invoke(cli.profile_load)
    assert result.exit_code != 0
    assert "db upgrade" in result.output


def test_keys_new_prints_a_usable_entry(tmp_path: Path) -> None:
    from portal.security.crypto import KeyRing

    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'k.db'}")
    entry = app.test_cli_runner().invoke(cli.keys_new, ["k2"]).output.strip()
    assert KeyRing.parse(entry).primary_id == "k2"


def test_keys_secrets_prints_what_production_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from portal.config import load

    app = make_app(tmp_path, f"sqlite:///{tmp_path / 's.db'}")
    output = app.test_cli_runner().invoke(cli.keys_secrets).output
    pairs = dict(line.split("=", 1) for line in output.splitlines())
    assert set(pairs) == {
        "SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "PASSPHRASE_PEPPER", "VAPID_PRIVATE_KEY"
    }  # fmt: skip
    for name, value in pairs.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PUBLIC_URL", "https://indgang.example.dk")
    monkeypatch.setenv("CASE_SYSTEM_ADAPTER", "none")  # the folder needs the bridge's key
    settings = load({"INSTANCE_PATH": tmp_path / "nothing-generated"})
    assert settings["SECRET_KEY"] == pairs["SECRET_KEY"]
    assert not (tmp_path / "nothing-generated").exists()
    second = app.test_cli_runner().invoke(cli.keys_secrets).output
    assert set(second.splitlines()).isdisjoint(output.splitlines())


def test_sqlite_migrations_keep_foreign_keys_and_refuse_to_break_them(tmp_path: Path) -> None:
    """Migrations on SQLite run with the foreign keys off (batch mode rebuilds tables), and
    check them before the commit: a row pointing nowhere stops the migration; afterwards
    the connections enforce foreign keys again."""
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'fk.db'}")
    runner = app.test_cli_runner()
    assert runner.invoke(cli.db_upgrade, ["0013"]).exit_code == 0
    with app.app_context(), db.engine().connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.exec_driver_sql(
            "INSERT INTO inquiry (id, reference, kind, status, district_slug, locale,"
            " anonymous, wants_answer, received_at, answers)"
            " VALUES ('i1', 'R1', 'report_of_concern', 'new', 'nowhere', 'da', 0, 0,"
            " '2026-12-01 10:00:00', '')"
        )
        conn.commit()
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
    result = runner.invoke(cli.db_upgrade)
    assert result.exit_code != 0
    assert "pointing at rows that do not exist (first in table inquiry)" in result.output
    with app.app_context(), db.engine().connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0013"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1

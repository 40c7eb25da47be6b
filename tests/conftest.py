"""Fixtures: apps on SQLite and PostgreSQL, and a client that checks every page it gets."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from werkzeug.test import TestResponse

from portal import cli
from portal.i18n import COOKIE as LANGUAGE_COOKIE
from tests.support import findings, pagecheck
from tests.support.apps import copy_migrated_sqlite, dispose_all, make_app, postgres_schema
from tests.support.http import free_port
from tests.support.redis_server import private_redis

# The Nu Html Checker is one long-lived process for the whole run. Run in parallel
# (pytest-xdist), the controller starts it and every worker sends it pages.
VNU_PROCESS = pytest.StashKey[subprocess.Popen[bytes]]()
VNU_PORT = "vnu_port"


def pytest_configure(config: pytest.Config) -> None:
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        port = free_port()
        config.stash[VNU_PROCESS] = pagecheck.start_process(port)
        config.option.vnu_port = port


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Tell each xdist worker where the shared checker listens."""
    node.workerinput[VNU_PORT] = node.config.option.vnu_port


def pytest_unconfigure(config: pytest.Config) -> None:
    process = config.stash.get(VNU_PROCESS, None)
    if process is not None:
        pagecheck.stop_process(process)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """List what the accessibility checkers only suspect (tests/support/findings.py)."""
    findings.summarize(terminalreporter)


@pytest.fixture(scope="session")
def html_validator(pytestconfig: pytest.Config) -> Iterator[pagecheck.Validator]:
    """The Nu Html Checker for the whole run (started once; shared by parallel workers)."""
    workerinput = getattr(pytestconfig, "workerinput", {})
    validator = pagecheck.Validator(workerinput.get(VNU_PORT))
    yield validator
    validator.close()


@pytest.fixture(scope="session", autouse=True)
def _migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Migrate the example profile's SQLite template before any test builds its app (see
    migrate)."""
    folder = tmp_path_factory.mktemp("first")
    migrate(make_app(folder, f"sqlite:///{folder / 'first.sqlite3'}", LOAD_CONTENT=False))


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Redis server of this test worker's own (never the shared one on 6379)."""
    with private_redis(tmp_path_factory.mktemp("redis")) as url:
        yield url


def check_page(response: TestResponse, validator: pagecheck.Validator) -> None:
    """Fail the test if an HTML page breaks the page check."""
    if response.mimetype != "text/html" or not response.data or 300 <= response.status_code < 400:
        return
    html = response.get_data(as_text=True)
    problems = pagecheck.structure_problems(html) + validator.errors(html)
    if response.request.path.startswith("/staff/"):
        # Nothing missing between brackets on a staff page ("Birgitte Holm ()").
        problems += [f"empty brackets: {near!r}" for near in pagecheck.empty_brackets(html)]
    if problems:
        pytest.fail(
            f"page check failed for {response.request.path}:\n  " + "\n  ".join(problems),
            pytrace=False,
        )


class CheckingClient(FlaskClient):
    """A test client that runs the page check on every HTML response."""

    validator: pagecheck.Validator

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        response = super().open(*args, **kwargs)
        check_page(response, self.validator)
        return response


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that run on PostgreSQL (``-m "not postgresql"`` leaves them out)."""
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        fixtures = getattr(item, "fixturenames", ())
        if "postgresql" in params.values() or "postgres" in fixtures:
            item.add_marker(pytest.mark.postgresql)


@pytest.fixture(autouse=True)
def _dispose_engines() -> Iterator[None]:
    yield
    dispose_all()


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """A DATABASE_URL for a fresh PostgreSQL schema; mandatory under CI."""
    with postgres_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that asks for it runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    url: str = request.getfixturevalue("postgres")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def own_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Like database_url, but on PostgreSQL in a schema of the test's own: for tests that
    count, change or delete every row (the shared schema holds other tests' rows)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'own.sqlite3'}"
        return
    with postgres_schema() as url:
        yield url


def migrate(app: Flask) -> None:
    """Bring the app's database to the newest schema and load the profile, through the CLI.

    A new SQLite file with the example profile's districts is a copy of one migrated once
    per test process (what the CLI would write, without running Alembic a thousand times).
    """
    if copy_migrated_sqlite(app, _migrate_by_cli):
        return
    _migrate_by_cli(app)


def _migrate_by_cli(app: Flask) -> None:
    result = app.test_cli_runner().invoke(cli.db_upgrade, [])
    assert result.exit_code == 0, result.output
    # As `make run` does: the profile's districts, which inquiries refer to.
    result = app.test_cli_runner().invoke(cli.profile_load, [])
    assert result.exit_code == 0, result.output


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    """A portal on a fresh SQLite database."""
    application = make_app(tmp_path, f"sqlite:///{tmp_path / 'app.sqlite3'}")
    migrate(application)
    return application


@pytest.fixture
def client(app: Flask, html_validator: pagecheck.Validator) -> FlaskClient:
    """A client whose every HTML page passes the page check."""
    return checking_client(app, html_validator)


def checking_client(
    app: Flask, validator: pagecheck.Validator, language: str | None = None
) -> FlaskClient:
    """A test client of ``app`` that runs the page check on every HTML page (and reads
    ``language``, when given, as a visitor who chose it)."""
    app.test_client_class = CheckingClient
    CheckingClient.validator = validator
    test_client = app.test_client()
    if language is not None:
        test_client.set_cookie(LANGUAGE_COOKIE, language)
    return test_client


# Hypothesis: "ci" (the default) keeps every property test to a small, bounded number of
# examples, so the suite takes a predictable time; HYPOTHESIS_PROFILE=thorough draws many more
# (before a release, or to chase a failure). A test's own max_examples still wins.
settings.register_profile(
    "ci",
    max_examples=6,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

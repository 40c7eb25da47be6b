"""Fixtures: apps on SQLite and PostgreSQL, and a client that checks every page it gets."""

from __future__ import annotations

import os
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
from tests.support import pagecheck
from tests.support.apps import dispose_all, make_app, postgres_schema


@pytest.fixture(scope="session")
def html_validator() -> Iterator[pagecheck.Validator]:
    """The Nu Html Checker for the whole run (started once)."""
    validator = pagecheck.Validator()
    yield validator
    validator.close()


def check_page(response: TestResponse, validator: pagecheck.Validator) -> None:
    """Fail the test if an HTML page breaks the page check."""
    if response.mimetype != "text/html" or not response.data or 300 <= response.status_code < 400:
        return
    html = response.get_data(as_text=True)
    problems = pagecheck.structure_problems(html) + validator.errors(html)
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
    """Bring the app's database to the newest schema and load the profile, through the CLI."""
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

"""F10: no cell of an exported CSV can start a spreadsheet formula (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal import db
from portal.security.spreadsheets import csv_text, safe_cell
from portal.staff import accounts, audit
from tests.conftest import checking_client, migrate
from tests.support.apps import make_app
from tests.support.pagecheck import Validator
from tests.support.staff import acting, logged_in

# What a spreadsheet reads as the start of a formula (or of a cell it may run as one).
DANGEROUS = ['=HYPERLINK("https://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.fixture
def app(tmp_path: Path, own_database_url: str) -> Flask:
    # A database of its own: the export is read whole.
    application = make_app(tmp_path, own_database_url, RATELIMIT_ENABLED=False)
    migrate(application)
    return application


@pytest.fixture
def client(app: Flask, html_validator: Validator) -> FlaskClient:
    return checking_client(app, html_validator)


@pytest.mark.parametrize("value", [*DANGEROUS, "\0x"])
def test_a_cell_that_would_start_a_formula_is_prefixed_with_a_quote(value: str) -> None:
    assert safe_cell(value) == "'" + value
    (row,) = list(csv.reader(io.StringIO(csv_text(["h"], [[value]]).lstrip("\ufeff"))))[1:]
    assert row == ["'" + value]


@pytest.mark.parametrize("value", ["plain", "2026-11-23T09:00:00+00:00", "a=b", "", "1", 7])
def test_other_cells_are_left_as_they_are(value: object) -> None:
    assert safe_cell(value) == str(value)


def test_the_audit_export_neutralises_every_formula_cell(app: Flask, client: FlaskClient) -> None:
    with app.app_context(), db.new_session() as s, s.begin():
        # An address a spreadsheet would take for a formula, and details that would too.
        sly, _password = accounts.create(
            acting(s, None),
            email="=cmd|'/c calc'!a0@kommune.test",
            name="Sly",
            role="adviser",
            districts=["nord"],
        )
        for detail in DANGEROUS:
            audit.log(acting(s, sly), "account_changed", detail=detail)
    logged_in(app, client, "leader")
    export = client.get("/staff/audit/export")
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    details = [row[7] for row in rows[1:]]
    for detail in DANGEROUS:
        assert "'" + detail in details
    assert "'=cmd|'/c calc'!a0@kommune.test" in [row[2] for row in rows[1:]]

"""The case steps' pages: the triage's list of advisers names each one plainly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import checking_client, migrate
from tests.support.apps import make_app
from tests.support.cases import new_inquiry
from tests.support.pagecheck import Validator, empty_brackets
from tests.support.staff import logged_in, make_staff


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    application = make_app(tmp_path, f"sqlite:///{tmp_path / 'steps.sqlite3'}")
    application.config["RATELIMIT_ENABLED"] = False
    migrate(application)
    return application


def test_an_adviser_without_a_district_is_named_without_empty_brackets(
    app: Flask, html_validator: Validator
) -> None:
    case_id, _ = new_inquiry(app, district="nord")
    make_staff(app, "adviser", districts=("nord", "syd"), name="Anne Rådgiver")
    client = checking_client(app, html_validator, language="da")
    # A leader can take a case too, and has no district.
    logged_in(app, client, "leader", name="Birgitte Holm")
    html = client.get(f"/staff/cases/{case_id}/triage").get_data(as_text=True)
    options = re.findall(r"<option value=\"[^\"]*\"[^>]*>([^<]*)</option>", html)
    assert "Birgitte Holm" in options
    assert "Anne Rådgiver (Nord, Syd)" in options
    assert empty_brackets(html) == []


def test_the_page_check_finds_empty_brackets_in_the_portals_own_text() -> None:
    page = '<p>Birgitte Holm ()</p><p dir="auto">a child wrote ( )</p><textarea>()</textarea>'
    assert empty_brackets(page) == ["Birgitte Holm ()"]

"""Logs: JSON lines with a request id, route patterns and nothing a visitor typed."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from flask import Blueprint, Flask

from portal.logs import JsonFormatter, TextFormatter
from tests.ask.test_journey import MESSAGE, STEPS
from tests.conftest import migrate
from tests.support import forms
from tests.support.apps import make_app

SECRET = "Mette Hansen 010101-1234"
probe = Blueprint("log_probe", __name__)


@probe.get("/probe/<name>/boom")
def boom(name: str) -> str:
    raise ValueError(f"could not handle {name} {SECRET}")


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    application = make_app(tmp_path, database_url, LOG_FORMAT="json", PROPAGATE_EXCEPTIONS=False)
    application.register_blueprint(probe)
    migrate(application)
    return application


def lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(record)) for record in caplog.records]


def test_each_request_has_an_id_and_one_access_line(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    client = app.test_client()
    first = client.get("/rights?name=" + SECRET.replace(" ", "+"))
    second = client.get("/rights")
    ids = [first.headers["X-Request-Id"], second.headers["X-Request-Id"]]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    assert ids[0] != ids[1]
    access = [line for line in lines(caplog) if line["logger"] == "portal.access"]
    assert [line["request_id"] for line in access] == ids
    assert access[0]["route"] == "/rights"
    assert access[0]["status"] == 200
    assert isinstance(access[0]["duration_ms"], float)
    assert set(access[0]) == {
        "ts", "level", "logger", "msg", "request_id", "method", "route", "status", "bytes",
        "duration_ms",
    }  # fmt: skip
    assert "Mette" not in json.dumps(access)


def test_a_proxys_request_id_is_kept_only_when_the_proxy_is_trusted(tmp_path: Path) -> None:
    untrusted = make_app(tmp_path, f"sqlite:///{tmp_path / 'u.db'}").test_client()
    trusted = make_app(
        tmp_path, f"sqlite:///{tmp_path / 't.db'}", TRUSTED_PROXY_COUNT=1
    ).test_client()
    header = {"X-Request-Id": "nginx-4f2a9c1d"}
    assert untrusted.get("/", headers=header).headers["X-Request-Id"] != "nginx-4f2a9c1d"
    assert trusted.get("/", headers=header).headers["X-Request-Id"] == "nginx-4f2a9c1d"
    forged = trusted.get("/", headers={"X-Request-Id": 'x" level=error'})
    assert re.fullmatch(r"[0-9a-f]{32}", forged.headers["X-Request-Id"])


def test_an_exception_is_logged_by_route_and_type_without_its_message(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    response = app.test_client().get("/probe/Mette/boom")
    assert response.status_code == 500
    [error] = [line for line in lines(caplog) if line["level"] == "error"]
    assert error["route"] == "/probe/<name>/boom"
    exception = error["exception"]
    assert isinstance(exception, dict)
    assert exception["type"] == "builtins.ValueError"
    assert any("in boom" in frame for frame in exception["stack"])
    assert "message" not in exception
    assert error["request_id"] == response.headers["X-Request-Id"]
    everything = json.dumps(lines(caplog))
    assert "Mette" not in everything
    text = TextFormatter().format(caplog.records[-2])
    assert "ValueError: (message not logged)" in text
    assert "Mette" not in text


def test_infrastructure_errors_keep_their_message_but_not_sql_parameters(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    from sqlalchemy import text as sql

    from portal import db

    caplog.set_level(logging.INFO)
    with app.app_context():
        try:
            db.session().execute(
                sql("SELECT no_such_column FROM inquiry WHERE id = :x"), {"x": SECRET}
            )
        except Exception:
            logging.getLogger("probe").exception("query failed")
    [error] = [line for line in lines(caplog) if line["logger"] == "probe"]
    exception = error["exception"]
    assert isinstance(exception, dict)
    assert "no_such_column" in exception["message"]
    assert "Mette" not in json.dumps(error)


def test_a_childs_whole_journey_leaves_none_of_her_words_in_the_log(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = app.test_client()
    forms.walk(client, "/ask-for-help", STEPS)
    page = forms.send(client, "/ask-for-help")
    found = re.search(r'<p class="passphrase" lang="(?:da|en)" dir="ltr">([a-z ]+)</p>', page)
    assert found is not None
    passphrase = found.group(1).split()
    assert len(passphrase) == 6
    everything = json.dumps(lines(caplog), ensure_ascii=False)
    routes = {line.get("route") for line in lines(caplog)}
    assert {"/ask-for-help/<slug>", "/ask-for-help/check-answers", "/ask-for-help/sent"} <= routes
    assert "/ask-for-help/your-message" not in everything
    for words in (MESSAGE.splitlines()[0], "råber", *passphrase):
        assert words not in everything
    assert "127.0.0.1" not in everything

"""F11: no client's full IP address in any log line.

The rate limiter counts a keyed hash of the address, so neither its storage nor its log
line of a refusal holds it; and every line through the portal's log handler, whoever
wrote it (Flask-Limiter, gunicorn, the development server), has addresses cut to their
network. A known client address is sent through the proxy header, as in production.
"""

from __future__ import annotations

import logging
import re
import runpy
from pathlib import Path

import pytest
from flask import Flask

from portal.logs import JsonFormatter, TextFormatter, configure
from tests.conftest import migrate
from tests.support.apps import ROOT, make_app
from tests.support.forms import csrf_token
from tests.support.staff import make_staff

CLIENT = "203.0.113.77"
CLIENT_V6 = "2001:db8:85a3::8a2e:370:7334"


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    application = make_app(
        tmp_path,
        database_url,
        LOG_FORMAT="json",
        LOG_LEVEL="DEBUG",
        TRUSTED_PROXY_COUNT=1,
        RATELIMIT_DEFAULT="2 per minute",
        PASSPHRASE_RATE_LIMIT="2 per minute",
        STAFF_LOGIN_RATE_LIMIT="2 per minute",
    )
    migrate(application)
    return application


def portal_handler() -> logging.Handler:
    """The handler every log line of the portal goes through (portal/logs.py)."""
    (handler,) = [h for h in logging.getLogger().handlers if getattr(h, "_indgang", False)]
    return handler


def everything_logged(records: list[logging.LogRecord]) -> str:
    """Each record as it was made and as each format writes it."""
    out = []
    for record in records:
        out += [record.getMessage(), repr(vars(record))]
        out += [JsonFormatter().format(record), TextFormatter().format(record)]
        out.append(portal_handler().format(record))
    return "\n".join(out)


@pytest.mark.parametrize("client_address", [CLIENT, CLIENT_V6])
def test_refusals_and_failures_log_no_client_address(
    app: Flask, caplog: pytest.LogCaptureFixture, client_address: str
) -> None:
    caplog.set_level(logging.DEBUG)
    visitor = app.test_client()
    visitor.environ_base["HTTP_X_FORWARDED_FOR"] = client_address
    page = visitor.get("/conversation").get_data(as_text=True)
    words = {"passphrase": "forkert ord " * 3, "csrf_token": csrf_token(page)}
    statuses = [visitor.post("/conversation", data=words).status_code for _ in range(3)]
    assert statuses[-1] == 429

    form = "/report-a-concern/who-you-are"
    token = csrf_token(visitor.get(form).get_data(as_text=True))
    statuses = [
        visitor.post(form, data={"reporter": "citizen", "csrf_token": token}).status_code
        for _ in range(3)
    ]
    assert statuses[-1] == 429
    assert visitor.post(form, data={"reporter": "citizen"}).status_code in {400, 429}
    assert visitor.get("/no-such-page").status_code == 404

    staff = app.test_client()
    staff.environ_base["HTTP_X_FORWARDED_FOR"] = client_address
    account = make_staff(app, "adviser")
    token = csrf_token(staff.get("/staff/login").get_data(as_text=True))
    wrong = {"email": account.email, "password": "x" * 14, "csrf_token": token}
    statuses = [staff.post("/staff/login", data=wrong).status_code for _ in range(3)]
    assert statuses[-1] == 429

    refusals = [r for r in caplog.records if "exceeded" in r.getMessage()]
    assert len(refusals) >= 3, "the limiter logs each refusal"
    assert {r.name for r in refusals} == {"flask-limiter"}
    logged = everything_logged(caplog.records)
    assert client_address not in logged


@pytest.mark.parametrize(
    ("logger", "message"),
    [
        # gunicorn's error log (deploy/gunicorn.conf.py sends it through the portal's handler)
        ("gunicorn.error", "Invalid request from ip={ip}: Invalid HTTP request line"),
        # the development server prefixes every line of its own with the client's address
        ("werkzeug", "{ip} - - [23/Nov/2026 09:00:00] code 400, message Bad request syntax"),
        ("anything", "connection from [{ip}]:51234 closed"),
    ],
)
@pytest.mark.parametrize(
    ("address", "network"),
    [
        (CLIENT, "203.0.113.0/24"),
        (CLIENT_V6, "2001:db8:85a3::/48"),
        ("10.20.30.40", "10.20.30.0/24"),
        ("::ffff:198.51.100.9", "::/48"),
    ],
)
def test_a_line_from_another_library_keeps_only_the_network(
    caplog: pytest.LogCaptureFixture,
    logger: str,
    message: str,
    address: str,
    network: str,
) -> None:
    configure("json", "INFO")  # as create_app does
    caplog.set_level(logging.INFO)
    logging.getLogger(logger).warning(message.format(ip=address))
    (record,) = caplog.records
    for line in (
        portal_handler().format(record),
        JsonFormatter().format(record),
        TextFormatter().format(record),
    ):
        assert address not in line
        assert network in line


def test_what_is_not_an_address_is_left_alone(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    text = "alembic 1.20.3, version 1.2.3.4.5, at 12:30:45.123, std::string, 999.1.1.1"
    logging.getLogger("probe").info(text)
    (record,) = caplog.records
    assert text in TextFormatter().format(record)


def test_the_proxy_logs_no_client_address_nor_its_refusals() -> None:
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    formats = re.findall(r"log_format\s+(\w+)\s+([^;]+);", conf)
    assert [name for name, _ in formats] == ["indgang_private"]
    assert "remote_addr" not in formats[0][1]
    assert "forwarded_for" not in formats[0][1]
    assert re.findall(r"^\s*access_log\s+\S+\s+(\S+);", conf, re.M) == ["indgang_private"]
    levels = ["debug", "info", "notice", "warn", "error", "crit"]
    (kept,) = re.findall(r"^\s*error_log\s+\S+\s+(\w+);", conf, re.M)
    (refusals,) = re.findall(r"^\s*limit_req_log_level\s+(\w+);", conf, re.M)
    assert levels.index(refusals) < levels.index(kept), "a refusal's line names the client"


def test_gunicorn_writes_no_access_log_of_its_own() -> None:
    settings = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert settings["accesslog"] is None
    assert "on_starting" in settings, "its error log goes through the portal's handler"

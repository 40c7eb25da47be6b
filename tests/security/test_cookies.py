"""F13: under HTTPS every cookie of the portal is a host cookie (``__Host-``, Secure, path /,
no Domain): the visitor's session (which holds the form token), the language, the staff
session and the staff device cookie alike, when set and when deleted.

The app runs the production profile behind a proxy that says the request came over HTTPS
(TRUSTED_PROXY_COUNT=1, X-Forwarded-Proto), as docs/deployment.md sets it up.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from portal.i18n import COOKIE
from tests.ask.test_journey import STEPS
from tests.conftest import migrate
from tests.support import forms
from tests.support.apps import MovableClock, make_app
from tests.support.forms import csrf_token, location, submit
from tests.support.staff import login, make_staff

ORIGIN = "https://localhost/"
PORTAL_COOKIES = {"indgang_session", "indgang_lang", "indgang_staff", "indgang_staff_device"}


class Recording(FlaskClient):
    """A browser behind the HTTPS proxy that keeps every Set-Cookie it is given."""

    cookies_set: list[str]

    def open(self, *args: object, **kwargs: object) -> TestResponse:
        response: TestResponse = super().open(*args, **kwargs)  # type: ignore[arg-type]
        self.cookies_set += response.headers.getlist("Set-Cookie")
        return response


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    application = make_app(
        tmp_path,
        database_url,
        PORTAL_ENV="production",
        PUBLIC_URL="https://indgang.example.dk",
        TRUSTED_PROXY_COUNT=1,
        CASE_SYSTEM_ADAPTER="none",
        RATELIMIT_ENABLED=False,
        CLOCK=MovableClock(),
    )
    migrate(application)
    return application


def browser(app: Flask) -> Recording:
    app.test_client_class = Recording
    client = app.test_client()
    assert isinstance(client, Recording)
    client.cookies_set = []
    # What nginx adds; the form token check wants a same-origin Referer under HTTPS.
    client.environ_base.update(HTTP_X_FORWARDED_PROTO="https", HTTP_REFERER=ORIGIN)
    return client


def language(client: FlaskClient) -> str:
    """The language the front door is shown in."""
    found = re.search(r'<html lang="([a-z]+)"', client.get("/").get_data(as_text=True))
    assert found
    return found.group(1)


def problems(header: str) -> list[str]:
    """What keeps a Set-Cookie header from being a host cookie."""
    name, _, rest = header.partition("=")
    attributes = [a.strip() for a in rest.split(";")[1:]]
    lowered = [a.lower() for a in attributes]
    found = []
    if not name.startswith("__Host-"):
        found.append("no __Host- prefix")
    if "secure" not in lowered:
        found.append("not Secure")
    if "path=/" not in lowered:
        found.append("path is not /")
    if any(a.startswith("domain") for a in lowered):
        found.append("has a Domain")
    return found


def test_every_cookie_under_https_is_a_host_cookie(app: Flask) -> None:
    visitor = browser(app)
    assert location(visitor.get("/language/en?next=/")) == "/"
    assert language(visitor) == "en", "the cookie is read back"
    forms.walk(visitor, "/ask-for-help", STEPS)
    receipt = forms.send(visitor, "/ask-for-help")
    words = re.search(r'<p class="passphrase" lang="(?:da|en)" dir="ltr">([a-z ]+)</p>', receipt)
    assert words
    assert location(submit(visitor, "/conversation", {"passphrase": words.group(1)}))
    assert visitor.get("/conversation/messages").status_code == 200
    assert visitor.get("/exit").status_code == 303

    staff = browser(app)
    account = make_staff(app, "leader")
    login(app, staff, account)
    for page in ("/staff/inbox", "/staff/account", "/staff/audit"):
        assert staff.get(page).status_code == 200, page
    token = csrf_token(staff.get("/staff/account").get_data(as_text=True))
    assert location(staff.post("/staff/logout", data={"csrf_token": token})).startswith(
        "/staff/login"
    )

    headers = visitor.cookies_set + staff.cookies_set
    names = {h.partition("=")[0] for h in headers}
    assert {f"__Host-{name}" for name in PORTAL_COOKIES} <= names, names
    wrong = {h: problems(h) for h in headers if problems(h)}
    assert wrong == {}


def test_under_https_the_plain_cookie_names_are_not_read(app: Flask) -> None:
    """A cookie without the prefix (which a subdomain or plain HTTP could have planted) is
    not the portal's under HTTPS."""
    visitor = browser(app)
    visitor.set_cookie(COOKIE, "en")
    assert language(visitor) == "da"
    visitor.set_cookie(f"__Host-{COOKIE}", "en")
    assert language(visitor) == "en"

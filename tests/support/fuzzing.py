"""Fuzzing the portal's forms: forms read off its pages (or its journeys' form classes), values
drawn by Hypothesis, each answer checked for a server error.

How many examples each form gets is the Hypothesis profile's (tests/conftest.py); every form
also always gets the two hand-picked cases that used to break things: a NUL in every field
and a line break (with a header after it) in every field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from werkzeug.test import TestResponse
from wtforms import BooleanField, SelectMultipleField

from portal.forms.fields import ChoiceField
from portal.journeys.engine import Journey
from tests.conftest import migrate
from tests.support.apps import make_app
from tests.support.outbox import api_client

Pairs = list[tuple[str, str | bytes]]

# Values that broke or could break something: control characters, header injection, SQL and
# template syntax, numbers out of range, impossible dates, other scripts, very long text.
SPECIAL = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "/x\r\nSet-Cookie: fuzz=1",
    "\t",
    "\x1b[31m",
    "\u202etxt.exe",
    "\ufeff",
    "'; DROP TABLE inquiry; --",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "%00",
    "../../../../etc/passwd",
    "//evil.example/",
    "https://evil.example/",
    "-1",
    "0",
    "1e309",
    "NaN",
    "9" * 40,
    "2026-02-30",
    "31-02-2015",
    "0101011234",
    "\u0661\u0662\u0663",  # Arabic-Indic digits
    "\U0001f4a5" * 200,
    "x" * 6000,
]
TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(SPECIAL),
    st.binary(max_size=12),  # not UTF-8 at all
)


@dataclass(frozen=True)
class Field:
    """A field as the page offers it: free ``text``, one ``choice``, several (``multi``)."""

    name: str
    kind: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Form:
    method: str
    action: str
    fields: tuple[Field, ...]


@dataclass
class _Parsed:
    method: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)

    def add(self, name: str, kind: str, option: str | None) -> None:
        found = self.fields.get(name)
        options = (*(found.options if found else ()), *([option] if option is not None else []))
        if found is not None and found.kind in {"choice", "multi"} and kind == found.kind:
            kind = found.kind
        self.fields[name] = Field(name, kind, options)


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[_Parsed] = []
        self.current: _Parsed | None = None
        self.select: tuple[str, bool] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urljoin(self.page, a.get("action") or self.page)
            self.current = _Parsed(a.get("method", "get").lower(), action)
            self.forms.append(self.current)
            return
        form, name = self.current, a.get("name", "")
        if form is not None and tag == "option" and self.select is not None:
            select, multiple = self.select
            form.add(select, "multi" if multiple else "choice", a.get("value", ""))
            return
        if form is None or not name or name == "csrf_token":
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "radio" or kind == "submit":
                form.add(name, "choice", a.get("value", ""))
            elif kind == "checkbox":
                form.add(name, "multi", a.get("value", "on"))
            else:
                form.add(name, "text", a.get("value") or None)
        elif tag == "button":
            form.add(name, "choice", a.get("value", ""))
        elif tag == "textarea":
            form.add(name, "text", None)
        elif tag == "select":
            self.select = (name, "multiple" in a)
            form.add(name, "multi" if "multiple" in a else "choice", None)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def forms_on(html: str, page: str) -> list[Form]:
    """Every form on a page: its method, where it goes, its fields (not the form token)."""
    parser = _FormParser(page)
    parser.feed(html)
    return [
        Form(f.method, urlsplit(f.action).path or page, tuple(f.fields.values()))
        for f in parser.forms
    ]


def journey_forms(journey: Journey) -> list[tuple[str, Form]]:
    """(step slug, form) of every step of a journey, from the form classes themselves (a step
    can be posted to at any time; it is only shown in order)."""
    found = []
    for step in journey.steps:
        fields = []
        for f in step.form(meta={"csrf": False}):
            if f.type == "CSRFTokenField":
                continue
            if isinstance(f, SelectMultipleField):
                fields.append(Field(f.name, "multi", tuple(str(o.data) for o in f)))
            elif isinstance(f, ChoiceField):
                fields.append(Field(f.name, "choice", tuple(str(o.data) for o in f)))
            elif isinstance(f, BooleanField):
                fields.append(Field(f.name, "multi", ("y",)))
            else:
                fields.append(Field(f.name, "text"))
        found.append((step.slug, Form("post", f"{journey.url}/{step.slug}", tuple(fields))))
    return found


def _value(f: Field) -> st.SearchStrategy[Any]:
    offered = st.sampled_from(f.options) if f.options else st.nothing()
    one = st.one_of(offered, TEXT) if f.options else TEXT
    if f.kind == "multi":
        return st.lists(one, max_size=4)
    return one


def pairs_of(form: Form) -> st.SearchStrategy[Pairs]:
    """What a browser (or someone pretending to be one) could send for ``form``: each field
    left out, or with one value (several for a multi), plus now and then a field the form
    does not have."""

    @st.composite
    def draw(d: Callable[..., Any]) -> Pairs:
        pairs: Pairs = []
        for f in form.fields:
            if d(st.integers(0, 9)) == 0:
                continue  # left out
            value = d(_value(f))
            pairs.extend((f.name, v) for v in (value if isinstance(value, list) else [value]))
        if d(st.integers(0, 9)) == 0:
            pairs.append((d(st.sampled_from(["next", "\x00", "a\r\nb", "x" * 300])), d(TEXT)))
        return pairs

    return draw()


def everywhere(form: Form, value: str) -> Pairs:
    return [(f.name, value) for f in form.fields] or [("next", value)]


def send(client: FlaskClient, form: Form, pairs: Pairs, token: str) -> TestResponse:
    """Send the form as a browser would: a query string (GET) or a urlencoded body (POST)."""
    if form.method == "get":
        return client.get(form.action, query_string=urlencode(pairs))
    body = urlencode([*pairs, ("csrf_token", token)])
    return client.post(form.action, data=body, content_type="application/x-www-form-urlencoded")


def no_server_error(response: TestResponse, form: Form, pairs: Pairs) -> None:
    assert response.status_code < 500, (
        f"{form.method.upper()} {form.action} answered {response.status_code} to {pairs!r}"
    )
    if response.status_code == 400 and response.mimetype == "text/html":
        # A refusal says what happened and what to do next (errors/error.html, a form).
        page = response.get_data(as_text=True)
        assert "<h1" in page, page[:2000]


def fuzz(
    client: FlaskClient,
    form: Form,
    token: Callable[[], str],
    after: Callable[[TestResponse], None] | None = None,
) -> None:
    """Send ``form`` the profile's number of drawn examples and the hand-picked ones; no
    answer may be a server error. ``token`` gives the current form token; ``after`` may
    put things back (log in again, ...) after each answer."""

    def attempt(pairs: Pairs) -> None:
        response = send(client, form, pairs, token())
        no_server_error(response, form, pairs)
        if after is not None:
            after(response)

    test = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])(
        given(pairs=pairs_of(form))(
            example(pairs=everywhere(form, "a\x00b"))(
                example(pairs=everywhere(form, "/x\r\nSet-Cookie: fuzz=1"))(attempt)
            )
        )
    )
    test()


def shared_app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, **overrides: Any
) -> Flask:
    """One app per test module and database (``request.param``: sqlite or postgresql): a
    migrated database costs seconds, an example milliseconds. On PostgreSQL in the run's
    shared schema (the fuzz tests count no tables)."""
    instance: Path = tmp_path_factory.mktemp("fuzz")
    if request.param == "sqlite":
        url = f"sqlite:///{instance / 'fuzz.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres")
    app = make_app(instance, url, RATELIMIT_ENABLED=False, **overrides)
    migrate(app)
    return app


def pull_api_app(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    client_name: str,
    token: str,
) -> Iterator[Flask]:
    """A shared app (above) serving the pull API, with a client whose token is ``token``;
    its engine disposed of afterwards."""
    app = shared_app(request, tmp_path_factory, CASE_SYSTEM_ADAPTER="pull")
    api_client(app, client_name, token=token)
    yield app
    app.extensions["db_engine"].dispose()

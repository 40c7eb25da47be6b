"""Staff accounts for tests, and logging in through the real pages (password, then TOTP)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from portal import clock, current, db
from portal.core.context import Context
from portal.instances import cipher
from portal.staff import accounts, passwords, totp
from portal.staff.models import StaffUser
from tests.support.forms import csrf_token, location

PASSWORD = "tranquil-otter-weaves-copper-lanterns"


def acting(s: Session, user: StaffUser | None, now: datetime | None = None) -> Context:
    """A use case's context (inside an app context): ``user`` acts (None: the portal or the
    operator), in ``s``, at ``now``."""
    ctx = replace(current.context(), session=s, user=user)
    return ctx if now is None else ctx.at(now)


@dataclass
class Account:
    id: str
    email: str
    password: str
    secret: str


@cache
def _password_hash() -> str:
    """PASSWORD's argon2 hash, made once per test process (a login still verifies it)."""
    return passwords.hash_password(PASSWORD)


def make_staff(
    app: Flask,
    role: str,
    districts: tuple[str, ...] = ("nord",),
    *,
    name: str = "",
    active: bool = True,
) -> Account:
    """An enrolled account with a chosen password (unique e-mail: PostgreSQL runs share data)."""
    email = f"{role}-{secrets.token_hex(4)}@kommune.test"
    with app.app_context(), db.new_session() as s, s.begin():
        user, _first = accounts.create(
            acting(s, None),
            email=email,
            name=name or f"{role.title()} {email[-18:-13]}",
            role=role,
            districts=list(districts) if role in ("reception", "adviser") else [],
            enrolled=True,
        )
        user.password_hash = _password_hash()
        user.must_change_password = False
        user.active = active
        return Account(user.id, email, PASSWORD, totp.secret_of(cipher(), user))


def next_code(app: Flask, account: Account) -> str:
    """A valid code not used before (a code is accepted once only): the current step's, or
    the next one's, which the server accepts for the longest (the step before the current
    one can expire while a browser test types it)."""
    with app.app_context(), db.new_session() as s:
        user = s.get(StaffUser, account.id)
        assert user is not None
        current = totp.step_of(clock.now())
        last = user.totp_last_step
    for step in (current, current + 1):
        if last is None or step > last:
            return totp.code_at(account.secret, step)
    raise AssertionError("no unused TOTP step left in the window; wait 30 seconds")


def post_form(client: FlaskClient, url: str, data: dict[str, str]) -> TestResponse:
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    return client.post(url, data={**data, "csrf_token": csrf_token(page.get_data(as_text=True))})


def password_step(client: FlaskClient, account: Account) -> TestResponse:
    return post_form(client, "/staff/login", {"email": account.email, "password": account.password})


def login(app: Flask, client: FlaskClient, account: Account) -> None:
    """Log in through the pages: password, then a fresh TOTP code."""
    assert location(password_step(client, account)).startswith("/staff/login/code")
    response = post_form(client, "/staff/login/code", {"code": next_code(app, account)})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def logged_in(app: Flask, client: FlaskClient, role: str, **kwargs: object) -> Account:
    """A new account of ``role``, logged in on ``client``."""
    account = make_staff(app, role, **kwargs)  # type: ignore[arg-type]
    login(app, client, account)
    return account

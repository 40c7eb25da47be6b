"""Logging in: password then TOTP, revocable sessions, brute-force brakes, enrolment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import db
from portal.i18n import COOKIE
from portal.staff import sessions, throttle, totp
from portal.staff.models import StaffSession, StaffUser
from tests.conftest import checking_client, migrate
from tests.support.apps import MovableClock, make_app
from tests.support.forms import csrf_token, location
from tests.support.pagecheck import Validator
from tests.support.staff import (
    Account,
    acting,
    login,
    make_staff,
    next_code,
    password_step,
    post_form,
)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def app(tmp_path: Path, database_url: str, clock: MovableClock) -> Flask:
    application = make_app(tmp_path, database_url, CLOCK=clock, RATELIMIT_ENABLED=False)
    migrate(application)
    return application


def english(client: FlaskClient) -> FlaskClient:
    client.set_cookie(COOKIE, "en")
    return client


@pytest.fixture
def client(app: Flask, html_validator: Validator) -> FlaskClient:
    return english(checking_client(app, html_validator))


def new_browser(app: Flask) -> FlaskClient:
    return english(app.test_client())


def staff_cookie(client: FlaskClient) -> str | None:
    cookie = client.get_cookie(sessions.COOKIE)
    return cookie.value if cookie else None


def test_password_then_code_logs_in_with_a_strict_cookie(app: Flask, client: FlaskClient) -> None:
    account = make_staff(app, "adviser")
    response = password_step(client, account)
    assert location(response) == "/staff/login/code"
    # Half-way in is not in.
    assert location(client.get("/staff/inbox")).startswith("/staff/login")
    response = post_form(client, "/staff/login/code", {"code": next_code(app, account)})
    assert location(response) == "/staff/inbox"
    header = next(
        h for h in response.headers.getlist("Set-Cookie") if h.startswith("indgang_staff=")
    )
    assert "HttpOnly" in header
    assert "SameSite=Strict" in header
    assert "Path=/;" in header
    assert client.get("/staff/inbox").status_code == 200


def test_a_login_link_comes_back_to_the_page_asked_for(app: Flask, client: FlaskClient) -> None:
    account = make_staff(app, "adviser")
    response = client.get("/staff/audit?page=2")
    assert location(response) == "/staff/login?next=/staff/audit?page%3D2"
    page = client.get(location(response)).get_data(as_text=True)
    client.post(
        location(response),
        data={"email": account.email, "password": account.password, "csrf_token": csrf_token(page)},
    )
    page = client.get("/staff/login/code?next=/staff/account").get_data(as_text=True)
    response = client.post(
        "/staff/login/code?next=/staff/account",
        data={"code": next_code(app, account), "csrf_token": csrf_token(page)},
    )
    assert location(response) == "/staff/account"


def test_an_offsite_next_is_ignored(app: Flask, client: FlaskClient) -> None:
    account = make_staff(app, "leader")
    password_step(client, account)
    page = client.get("/staff/login/code").get_data(as_text=True)
    response = client.post(
        "/staff/login/code?next=https://evil.example/",
        data={"code": next_code(app, account), "csrf_token": csrf_token(page)},
    )
    assert location(response) == "/staff/inbox"


def test_wrong_password_and_unknown_email_get_the_same_answer(
    app: Flask, client: FlaskClient
) -> None:
    account = make_staff(app, "adviser")
    wrong = post_form(client, "/staff/login", {"email": account.email, "password": "x" * 14})
    unknown = post_form(
        client, "/staff/login", {"email": "nobody@kommune.test", "password": "x" * 14}
    )
    assert wrong.status_code == unknown.status_code == 400
    message = "The e-mail or the password is wrong, or the account is disabled."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)


def test_session_fixation_a_new_session_id_at_each_step(app: Flask, client: FlaskClient) -> None:
    account = make_staff(app, "adviser")
    other = make_staff(app, "reception")
    # An attacker plants a session (their own pending login) in the victim's browser.
    password_step(client, other)
    planted = staff_cookie(client)
    assert planted
    login(app, client, account)
    final = staff_cookie(client)
    assert final
    assert final != planted
    # The planted id is dead: it leads nowhere, not even to the pending step.
    attacker = new_browser(app)
    attacker.set_cookie(sessions.COOKIE, planted)
    assert location(attacker.get("/staff/inbox")).startswith("/staff/login")
    assert location(attacker.get("/staff/login/code")) == "/staff/login"


def test_a_code_is_accepted_once_only(app: Flask, client: FlaskClient) -> None:
    account = make_staff(app, "adviser")
    code = next_code(app, account)
    password_step(client, account)
    assert post_form(client, "/staff/login/code", {"code": code}).status_code == 302
    # Replayed in another browser within the same 30 seconds: refused.
    thief = new_browser(app)
    password_step(thief, account)
    replay = post_form(thief, "/staff/login/code", {"code": code})
    assert replay.status_code == 400
    assert "That code is wrong or has been used." in replay.get_data(as_text=True)
    assert location(thief.get("/staff/inbox")).startswith("/staff/login")


def test_an_older_code_than_the_last_used_is_refused(app: Flask, clock: MovableClock) -> None:
    account = make_staff(app, "adviser")
    with app.app_context(), db.new_session() as s, s.begin():
        user = s.get(StaffUser, account.id)
        assert user is not None
        step = totp.step_of(clock.now)
        ctx = acting(s, None, clock.now)
        assert totp.use_code(ctx, user, totp.code_at(account.secret, step + 1))
        assert not totp.use_code(ctx, user, totp.code_at(account.secret, step))
        assert not totp.use_code(ctx, user, totp.code_at(account.secret, step + 1))


def test_logout_really_ends_the_session(app: Flask, client: FlaskClient) -> None:
    account = make_staff(app, "adviser")
    login(app, client, account)
    token = staff_cookie(client)
    assert token
    page = client.get("/staff/account").get_data(as_text=True)
    response = client.post("/staff/logout", data={"csrf_token": csrf_token(page)})
    assert location(response) == "/staff/login?logged_out=1"
    # Someone who copied the cookie before logout gets nothing.
    copy = new_browser(app)
    copy.set_cookie(sessions.COOKIE, token)
    assert location(copy.get("/staff/inbox")).startswith("/staff/login")


def test_thirty_idle_minutes_end_the_session_activity_extends_it(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    login(app, client, make_staff(app, "adviser"))
    clock.advance(minutes=25)
    assert client.get("/staff/inbox").status_code == 200  # activity: the idle clock restarts
    clock.advance(minutes=25)
    assert client.get("/staff/session").get_json() == {"seconds_left": 5 * 60}
    # Asking how long is left is not activity.
    clock.advance(minutes=4)
    assert client.get("/staff/session").get_json() == {"seconds_left": 60}
    page = client.get("/staff/account").get_data(as_text=True)  # the warning's "stay" button
    response = client.post(
        "/staff/session/extend",
        data={"csrf_token": csrf_token(page), "next": "/staff/account"},
        headers={"Accept": "application/json"},
    )
    assert response.get_json() == {"seconds_left": 30 * 60}
    clock.advance(minutes=30, seconds=1)
    assert location(client.get("/staff/inbox")).startswith("/staff/login")


def test_ten_hours_is_the_most_even_when_active(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    login(app, client, make_staff(app, "adviser"))
    for _ in range(20):
        clock.advance(minutes=29)
        assert client.get("/staff/inbox").status_code == 200
    clock.advance(minutes=29)  # 10 h 9 min after login
    assert location(client.get("/staff/inbox")).startswith("/staff/login")


def test_a_disabled_accounts_live_session_ends_at_once(app: Flask, client: FlaskClient) -> None:
    victim = make_staff(app, "adviser")
    login(app, client, victim)
    admin = new_browser(app)
    login(app, admin, make_staff(app, "admin"))
    page = admin.get("/staff/accounts").get_data(as_text=True)
    response = admin.post(
        f"/staff/accounts/{victim.id}/active",
        data={"active": "0", "csrf_token": csrf_token(page)},
    )
    assert response.status_code == 302
    assert location(client.get("/staff/inbox")).startswith("/staff/login")
    with app.app_context(), db.new_session() as s:
        rows = s.scalars(select(StaffSession).where(StaffSession.user_id == victim.id))
        assert all(row.revoked_at is not None for row in rows)
    # And the password no longer opens it.
    assert password_step(new_browser(app), victim).status_code == 400


def fail_passwords(client: FlaskClient, account: Account, times: int) -> None:
    for _ in range(times):
        response = post_form(
            client, "/staff/login", {"email": account.email, "password": "wrong-password-1"}
        )
        assert response.status_code == 400


def test_guessing_slows_strangers_but_does_not_lock_out_the_colleague(
    app: Flask, clock: MovableClock
) -> None:
    colleague = make_staff(app, "adviser")
    desk = new_browser(app)
    login(app, desk, colleague)  # the colleague's own browser gets the device cookie
    page = desk.get("/staff/account").get_data(as_text=True)
    desk.post("/staff/logout", data={"csrf_token": csrf_token(page)})

    attacker = new_browser(app)
    fail_passwords(attacker, colleague, throttle.FREE_FAILURES)
    # Now even the right password waits, from a browser the account never used.
    blocked = password_step(attacker, colleague)
    assert blocked.status_code == 400
    assert "Try again in" in blocked.get_data(as_text=True)
    # The colleague's own browser is not held up.
    login(app, desk, colleague)
    assert desk.get("/staff/inbox").status_code == 200
    # The wait grows, and ends.
    clock.advance(minutes=1, seconds=1)
    assert location(password_step(attacker, colleague)) == "/staff/login/code"


def test_five_wrong_codes_send_you_back_to_the_password(app: Flask, client: FlaskClient) -> None:
    account = make_staff(app, "adviser")
    password_step(client, account)
    for _ in range(throttle.CODE_FAILURES_PER_SESSION - 1):
        assert post_form(client, "/staff/login/code", {"code": "000000"}).status_code == 400
    response = post_form(client, "/staff/login/code", {"code": "000000"})
    assert location(response) == "/staff/login?too_many=1"
    assert location(client.get("/staff/login/code")) == "/staff/login"


def test_the_login_form_is_rate_limited_per_address(tmp_path: Path) -> None:
    app = make_app(
        tmp_path,
        f"sqlite:///{tmp_path / 'rl.sqlite3'}",
        RATELIMIT_ENABLED=True,
        STAFF_LOGIN_RATE_LIMIT="3 per minute",
    )
    migrate(app)
    client = new_browser(app)
    page = client.get("/staff/login").get_data(as_text=True)
    statuses = [
        client.post(
            "/staff/login",
            data={"email": "a@b.dk", "password": "p" * 12, "csrf_token": csrf_token(page)},
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [400, 400, 400, 429]


def test_first_login_enrols_the_app_then_saves_codes_then_asks_for_a_password(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    admin = new_browser(app)
    login(app, admin, make_staff(app, "admin"))
    page = admin.get("/staff/accounts/new").get_data(as_text=True)
    created = admin.post(
        "/staff/accounts/new",
        data={
            "email": "Ny.Kollega@Kommune.test",
            "name": "Ny Kollega",
            "role": "adviser",
            "districts": ["syd"],
            "csrf_token": csrf_token(page),
        },
    ).get_data(as_text=True)
    first = re.search(r'<p class="big-secret" dir="ltr"><code>([a-z0-9-]+)</code>', created)
    assert first, created
    newcomer = Account("", "ny.kollega@kommune.test", first.group(1), "")

    assert location(password_step(client, newcomer)) == "/staff/login/enrol"
    enrol = client.get("/staff/login/enrol").get_data(as_text=True)
    assert '<svg width="' in enrol
    assert "<title>QR code to scan" in enrol
    secret = re.search(r'<code class="secret" dir="ltr">([A-Z2-7 ]+)</code>', enrol)
    assert secret
    newcomer.secret = secret.group(1).replace(" ", "")
    with app.app_context(), db.new_session() as s:
        user = s.scalar(select(StaffUser).where(StaffUser.email == newcomer.email))
        assert user is not None
        assert user.totp_confirmed_at is None
        newcomer.id = user.id
    saved = post_form(client, "/staff/login/enrol", {"code": next_code(app, newcomer)})
    assert saved.status_code == 200
    codes = re.findall(
        r"<li><code>([a-z0-9]{5}-[a-z0-9]{5}-[a-z0-9]{5})</code></li>", saved.get_data(as_text=True)
    )
    assert len(codes) == 10
    # Before anything else: a password of one's own.
    assert location(client.get("/staff/inbox")) == "/staff/account/password"
    common = post_form(
        client,
        "/staff/account/password",
        {"current": newcomer.password, "password": "qwertyuiop123", "repeat": "qwertyuiop123"},
    )
    assert "one of the most common passwords" in common.get_data(as_text=True)
    short = post_form(
        client,
        "/staff/account/password",
        {"current": newcomer.password, "password": "kort", "repeat": "kort"},
    )
    assert "Use at least 12 characters." in short.get_data(as_text=True)
    chosen = "  mellow badger paints 7 tall windows  "  # spaces kept, pasting allowed
    response = post_form(
        client,
        "/staff/account/password",
        {"current": newcomer.password, "password": chosen, "repeat": chosen},
    )
    assert location(response) == "/staff/account?changed=1"
    assert client.get("/staff/inbox").status_code == 200

    # A recovery code stands in for the phone, once.
    other = new_browser(app)
    newcomer.password = chosen
    password_step(other, newcomer)
    assert post_form(other, "/staff/login/recovery", {"code": codes[3].upper()}).status_code == 302
    again = new_browser(app)
    password_step(again, newcomer)
    assert post_form(again, "/staff/login/recovery", {"code": codes[3]}).status_code == 400


def test_changing_the_password_ends_the_other_sessions(app: Flask, client: FlaskClient) -> None:
    account = make_staff(app, "adviser")
    login(app, client, account)
    laptop = new_browser(app)
    login(app, laptop, account)
    new = "seven quiet herons over the fjord"
    response = post_form(
        laptop,
        "/staff/account/password",
        {"current": account.password, "password": new, "repeat": new},
    )
    assert response.status_code == 302
    assert laptop.get("/staff/inbox").status_code == 200
    assert location(client.get("/staff/inbox")).startswith("/staff/login")

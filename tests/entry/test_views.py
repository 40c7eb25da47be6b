from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient

from portal.entry.journeys import AUDIENCES
from portal.i18n import COOKIE, LOCALES
from portal.municipality import TZ
from tests.conftest import migrate
from tests.support.apps import PROFILE, fixed_clock, make_app

MONDAY_MORNING = datetime(2026, 11, 23, 9, 30, tzinfo=TZ)
SATURDAY_NIGHT = datetime(2026, 11, 28, 23, 0, tzinfo=TZ)


def test_front_door_asks_who_you_are_and_links_every_audience(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<h1 id="page-heading">Hvem er du?</h1>' in page
    for slug in AUDIENCES:
        assert f'href="/for/{slug}"' in page
    assert 'href="/help-now"' in page
    assert 'href="/conversation"' in page


@pytest.mark.parametrize("who", list(AUDIENCES))
def test_every_need_leads_to_a_page_that_answers(app: Flask, client: FlaskClient, who: str) -> None:
    response = client.get(f"/for/{who}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Hvad har du brug for?" in page
    assert AUDIENCES[who].needs
    for need in AUDIENCES[who].needs:
        with app.test_request_context():
            href = url_for(need.endpoint, **need.url_values)
        assert f'href="{href}"' in page
        assert client.get(href).status_code == 200, href


def test_unknown_audience_is_a_friendly_404(client: FlaskClient) -> None:
    response = client.get("/for/aliens")
    assert response.status_code == 404
    assert "Vi kan ikke finde siden" in response.get_data(as_text=True)


def test_help_now_lists_the_numbers(client: FlaskClient) -> None:
    page = client.get("/help-now").get_data(as_text=True)
    assert 'href="tel:112"' in page
    assert 'href="tel:116111"' in page
    assert 'href="tel:+4512345679"' in page  # the profile's out-of-hours number


def test_help_now_when_office_is_open(app: Flask, client: FlaskClient) -> None:
    app.config["CLOCK"] = fixed_clock(MONDAY_MORNING)
    page = client.get("/help-now", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Our office is open now. Call +45 12 34 56 78." in page
    assert "Our office is closed now" not in page


def test_help_now_when_office_is_closed_says_what_to_do_instead(
    app: Flask, client: FlaskClient
) -> None:
    app.config["CLOCK"] = fixed_clock(SATURDAY_NIGHT)
    page = client.get("/help-now", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Our office is closed now. It opens on Monday at 08:00." in page
    assert "While we are closed: if someone is in danger, call 112." in page


def test_help_box_is_on_every_child_page(client: FlaskClient) -> None:
    for path in ("/", "/for/child", "/staying-safe-online", "/ask-for-help", "/nowhere"):
        page = client.get(path).get_data(as_text=True)
        assert 'id="help-box-heading"' in page, path
        assert 'href="tel:116111"' in page, path


def test_help_box_shows_livslinien_with_the_profiles_hours_and_more_help(
    client: FlaskClient,
) -> None:
    page = client.get("/for/child", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'href="tel:70201201"' in page
    assert "Livslinien, if you think about taking your own life: open every day 11:00-05:00" in page
    assert "free lawyer" in page
    assert "§\u00a0140" in page  # kept on one line with the number
    assert "bornsvilkaar.dk" in page
    assert "bisidder" in page
    assert "interpreter" in page


def test_help_box_takes_livslinien_hours_from_another_profile(tmp_path: Path) -> None:
    profile = tmp_path / "municipality.toml"
    profile.write_text(
        PROFILE.read_text(encoding="utf-8").replace('"11:00-05:00"', '"10:00-04:00"'),
        encoding="utf-8",
    )
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'app.sqlite3'}", MUNICIPALITY_PROFILE=profile)
    migrate(app)
    page = app.test_client().get("/for/child").get_data(as_text=True)
    assert "Livslinien" in page
    assert "10:00-04:00" in page
    assert "11:00-05:00" not in page


@pytest.mark.parametrize(
    "path",
    ["/", "/for/professional", "/for/parent", "/for/child", "/help-now", "/report-a-concern"],
)
def test_public_pages_invite_no_plain_email(client: FlaskClient, path: str) -> None:
    page = client.get(path).get_data(as_text=True)
    assert "mailto:" not in page
    assert "modtagelsen@example.dk" not in page


def test_professionals_are_pointed_to_the_report_form_and_secure_mail(client: FlaskClient) -> None:
    page = client.get("/for/professional").get_data(as_text=True)
    assert 'href="/report-a-concern"' in page
    assert 'href="https://www.borger.dk/"' in page
    assert "Digital Post, Eksempel Kommune" in page


def test_quick_exit_is_on_every_public_page(client: FlaskClient) -> None:
    for path in (
        "/",
        "/for/parent",
        "/help-now",
        "/staying-safe-online",
        "/report-a-concern",
        "/x",
    ):
        page = client.get(path).get_data(as_text=True)
        assert 'class="exit-button" href="/exit" rel="noreferrer" data-exit' in page, path


def test_quick_exit_forgets_the_visitor_and_leaves_without_referrer(client: FlaskClient) -> None:
    with client.session_transaction() as session:
        session["draft"] = "something typed"
    client.get("/language/en")
    response = client.get("/exit")
    assert response.status_code == 303
    assert response.headers["Location"] == "https://www.dmi.dk/"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Clear-Site-Data"] == '"cookies"'
    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith(f"{COOKIE}=;") for c in cookies)
    with client.session_transaction() as session:
        assert "draft" not in session


def test_staying_safe_explains_the_limits(client: FlaskClient) -> None:
    page = client.get("/staying-safe-online", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert "www.dmi.dk" in page
    assert "browser history" in page
    assert "Esc" in page


@pytest.mark.parametrize("locale", LOCALES)
def test_language_choice_is_remembered_in_a_cookie(client: FlaskClient, locale: str) -> None:
    response = client.get(f"/language/{locale}?next=/help-now")
    assert response.status_code == 303
    assert response.headers["Location"] == "/help-now"
    cookie = response.headers["Set-Cookie"]
    assert f"{COOKIE}={locale}" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    page = client.get("/help-now", headers={"Accept-Language": "da"}).get_data(as_text=True)
    assert f'<html lang="{locale}" dir="{"rtl" if locale == "ar" else "ltr"}">' in page


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_language_switch_never_redirects_off_site(client: FlaskClient, target: str) -> None:
    response = client.get("/language/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_unknown_language_gets_a_clear_answer(client: FlaskClient) -> None:
    response = client.get("/language/xx")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Det sprog har vi ikke" in page
    for locale in LOCALES:
        assert f'href="/language/{locale}"' in page
    assert COOKIE not in response.headers.get("Set-Cookie", "")


def test_logo_is_served(client: FlaskClient) -> None:
    with client.get("/municipality-logo") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        assert response.get_data().startswith(b"<svg")

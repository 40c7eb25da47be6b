"""Turning notices on and off: the conversation's own browser, the removal token, quick exit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import db
from portal.push import vapid
from portal.push.models import PushSubscription
from tests.conftest import checking_client
from tests.support.apps import MovableClock
from tests.support.cases import new_inquiry
from tests.support.forms import csrf_token, location, submit
from tests.support.outbox import outbox_app
from tests.support.pagecheck import Validator
from tests.support.push_service import Browser

ENDPOINT = "https://fcm.googleapis.com/fcm/send/dXNlcjE:APA91bH"


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    return outbox_app(tmp_path, database_url, CLOCK=MovableClock())


@pytest.fixture
def child(app: Flask, html_validator: Validator) -> FlaskClient:
    """A child who has opened their conversation, in English."""
    _inquiry_id, words = new_inquiry(app, "ask_for_help", district=None, conversation=True)
    client = checking_client(app, html_validator)
    client.set_cookie("indgang_lang", "en")
    assert location(submit(client, "/conversation", {"passphrase": words})).endswith("/messages")
    return client


def token_of(child: FlaskClient) -> str:
    return csrf_token(child.get("/conversation/messages").get_data(as_text=True))


def turn_on(child: FlaskClient, subscription: object) -> tuple[int, dict[str, str]]:
    response = child.post(
        "/conversation/notifications",
        json={"subscription": subscription},
        headers={"X-CSRFToken": token_of(child)},
    )
    return response.status_code, response.get_json(silent=True) or {}


def subscriptions(app: Flask) -> list[PushSubscription]:
    with app.app_context(), db.new_session() as s:
        return list(s.scalars(select(PushSubscription)))


def test_the_page_offers_notices_only_to_scripts_and_always_says_when_to_come_back(
    app: Flask, child: FlaskClient
) -> None:
    page = child.get("/conversation/messages").get_data(as_text=True)
    section = re.search(r"<section class=\"notify\"[^>]*data-push [^>]*>", page)
    assert section, "the notices section is on the page"
    assert " hidden>" in section.group(0), "without JavaScript it stays hidden"
    with app.app_context():
        assert (
            f'data-key="{vapid.public_key_of(app.config["VAPID_PRIVATE_KEY"])}"' in section.group(0)
        )
    assert re.search(r"<section[^>]*data-push-ios hidden>", page)
    # Written on Monday 23 November: a child is promised an answer within 1 working day.
    assert "We answer by November 24, 2026. Come back then and write your six words." in page


def test_turning_notices_on_stores_the_subscription_sealed(app: Flask, child: FlaskClient) -> None:
    browser = Browser(ENDPOINT)
    status, body = turn_on(child, browser.subscription())
    assert status == 201
    assert set(body) == {"id", "token"}
    (stored,) = subscriptions(app)
    assert stored.id == body["id"]
    assert "fcm.googleapis.com" not in stored.data
    assert browser.subscription()["keys"]["auth"] not in stored.data
    # The same browser again refreshes the one subscription.
    assert turn_on(child, browser.subscription())[0] == 201
    assert len(subscriptions(app)) == 1


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://evil.example/collect",  # not a push service: the server would post anywhere
        "http://fcm.googleapis.com/fcm/send/x",  # not TLS
        "https://fcm.googleapis.com.evil.example/x",
        "http://127.0.0.1:9/push",  # loopback is allowed only when the operator lists it
    ],
)
def test_only_known_push_services_are_accepted(
    app: Flask, child: FlaskClient, endpoint: str
) -> None:
    status, body = turn_on(child, Browser(endpoint).subscription())
    assert status == 400
    assert "Come back to read the answer" in body["error"]
    assert subscriptions(app) == []


def test_broken_keys_are_refused(app: Flask, child: FlaskClient) -> None:
    subscription = Browser(ENDPOINT).subscription()
    subscription["keys"]["p256dh"] = "c2hvcnQ"
    assert turn_on(child, subscription)[0] == 400
    assert turn_on(child, "not an object")[0] == 400


def test_turning_on_needs_the_form_token_and_an_open_conversation(
    app: Flask, child: FlaskClient
) -> None:
    response = child.post(
        "/conversation/notifications", json={"subscription": Browser(ENDPOINT).subscription()}
    )
    assert response.status_code == 400
    stranger = app.test_client()
    stranger.set_cookie("indgang_lang", "en")
    page = stranger.get("/conversation").get_data(as_text=True)
    response = stranger.post(
        "/conversation/notifications",
        json={"subscription": Browser(ENDPOINT).subscription()},
        headers={"X-CSRFToken": csrf_token(page)},
    )
    assert response.status_code == 403
    assert "six words" in response.get_json()["error"]
    assert subscriptions(app) == []


def test_turning_off_needs_the_removal_token(app: Flask, child: FlaskClient) -> None:
    _, body = turn_on(child, Browser(ENDPOINT).subscription())
    headers = {"X-CSRFToken": token_of(child)}
    wrong = child.post(
        "/conversation/notifications/off",
        json={"id": body["id"], "token": "0" * 64},
        headers=headers,
    )
    assert wrong.get_json() == {"removed": False}
    assert len(subscriptions(app)) == 1
    right = child.post("/conversation/notifications/off", json=body, headers=headers)
    assert right.get_json() == {"removed": True}
    assert subscriptions(app) == []


def test_quick_exit_turns_notices_off_when_the_child_asked(app: Flask, child: FlaskClient) -> None:
    _, body = turn_on(child, Browser(ENDPOINT).subscription())
    response = child.get(f"/exit?push={body['id']}.{body['token']}")
    assert response.status_code == 303
    assert subscriptions(app) == []


def test_quick_exit_with_a_wrong_token_removes_nothing(app: Flask, child: FlaskClient) -> None:
    _, body = turn_on(child, Browser(ENDPOINT).subscription())
    assert child.get(f"/exit?push={body['id']}.{'f' * 64}").status_code == 303
    assert len(subscriptions(app)) == 1


def test_the_service_worker_caches_nothing(app: Flask) -> None:
    response = app.test_client().get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype in {"text/javascript", "application/javascript"}
    assert response.headers["Cache-Control"] == "no-store"
    script = response.get_data(as_text=True)
    assert "caches." not in script
    assert '"fetch"' not in script
    assert "showNotification" in script

"""A staff reply reaches the child's phone as a neutral, padded, signed web push.

The push service is a real HTTP server on loopback; the payload is decrypted with the
independent http_ece library, and the VAPID JWT is checked with `cryptography`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import db
from portal.outbox import worker
from portal.outbox.cli import station
from portal.outbox.models import DONE, PENDING, OutboxEvent
from portal.push import notify, vapid
from portal.push.models import PushSubscription
from tests.support.apps import TEST_VAPID_KEY, MovableClock
from tests.support.cases import new_inquiry
from tests.support.decisions import decide
from tests.support.outbox import outbox_app
from tests.support.push_service import (
    Browser,
    PushService,
    push_service,
    turn_on_notices,
    unb64url,
)
from tests.support.staff import logged_in, post_form

REPLY = "Hej Alma. Tak for din besked. Vi ringer til din skole i morgen."


@pytest.fixture
def service() -> Iterator[PushService]:
    with push_service() as running:
        yield running


@pytest.fixture
def moving() -> MovableClock:
    return MovableClock()


@pytest.fixture
def app(tmp_path: Path, database_url: str, moving: MovableClock) -> Flask:
    return outbox_app(tmp_path, database_url, CLOCK=moving, PUSH_SERVICE_HOSTS=("127.0.0.1",))


def child_subscribes(app: Flask, browser: Browser, locale: str = "da") -> tuple[str, FlaskClient]:
    """A child with a conversation opens it and turns notices on; (inquiry id, client)."""
    inquiry_id, words = new_inquiry(app, "ask_for_help", district=None, conversation=True)
    assert words
    child = turn_on_notices(app, words, browser, locale)
    return inquiry_id, child


def staff_replies(app: Flask, staff: FlaskClient, inquiry_id: str, text: str = REPLY) -> None:
    response = post_form(staff, f"/staff/cases/{inquiry_id}/reply", {"message": text})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def jwt_claims(authorization: str) -> dict[str, Any]:
    """Check the VAPID header (RFC 8292) and return the JWT's claims."""
    scheme, _, params = authorization.partition(" ")
    assert scheme == "vapid"
    parts = dict(p.strip().split("=", 1) for p in params.split(","))
    assert parts["k"] == vapid.public_key_of(TEST_VAPID_KEY)
    token = parts["t"]
    header_b64, claims_b64, signature_b64 = token.split(".")
    header = json.loads(unb64url(header_b64))
    assert header == {"typ": "JWT", "alg": "ES256"}
    signature = unb64url(signature_b64)
    assert len(signature) == 64
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(parts["k"]))
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )
    try:
        public.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        pytest.fail("the VAPID JWT signature does not verify with the key in k=")
    claims: dict[str, Any] = json.loads(unb64url(claims_b64))
    return claims


def test_a_staff_reply_pushes_the_neutral_message_and_nothing_else(
    app: Flask, service: PushService
) -> None:
    browser = Browser(service.url("/push/v1/abc"))
    inquiry_id, _child = child_subscribes(app, browser)
    staff = app.test_client()
    logged_in(app, staff, "leader")
    staff_replies(app, staff, inquiry_id)
    assert service.received == [], "delivery happens outside the adviser's request"

    with app.app_context():
        tally = worker.drain(station(), channels=("push",))
    assert tally.delivered == 1
    (push,) = service.received
    assert push.path == "/push/v1/abc"
    plain = browser.decrypt(push.body)
    assert len(plain) == notify.PAYLOAD_BYTES
    assert json.loads(plain) == {
        "title": "Ny besked",
        "body": "Du har en ny besked.",
        "url": "/conversation",
    }
    assert b"Alma" not in plain
    assert push.headers["content-encoding"] == "aes128gcm"
    assert push.headers["ttl"] == str(app.config["PUSH_TTL_SECONDS"])
    assert push.headers["urgency"] == "normal"
    assert push.headers["topic"] == notify.TOPIC
    with app.app_context():
        claims = jwt_claims(push.headers["authorization"])
    assert claims["aud"] == f"http://127.0.0.1:{service.port}"
    assert time.time() < claims["exp"] <= time.time() + 24 * 60 * 60
    assert str(claims["sub"]).startswith("mailto:")


def test_every_push_has_the_same_size_whatever_the_reply_or_language(
    app: Flask, service: PushService
) -> None:
    danish = Browser(service.url("/push/da"))
    arabic = Browser(service.url("/push/ar"))
    first, _ = child_subscribes(app, danish, "da")
    second, _ = child_subscribes(app, arabic, "ar")
    staff = app.test_client()
    logged_in(app, staff, "leader")
    staff_replies(app, staff, first, "Kort.")
    staff_replies(app, staff, first, REPLY * 20)
    staff_replies(app, staff, second, "مرحبا")
    with app.app_context():
        assert worker.drain(station(), channels=("push",)).delivered == 3
    sizes = {len(r.body) for r in service.received}
    assert len(sizes) == 1, f"encrypted bodies differ in size: {sizes}"
    by_path = {"/push/da": danish, "/push/ar": arabic}  # delivered in any order
    plains = {r.path: json.loads(by_path[r.path].decrypt(r.body)) for r in service.received}
    assert plains["/push/ar"]["body"] != plains["/push/da"]["body"]  # each in its language


@pytest.mark.parametrize("status", [404, 410])
def test_a_subscription_the_push_service_has_forgotten_is_removed(
    app: Flask, service: PushService, status: int
) -> None:
    inquiry_id, _ = child_subscribes(app, Browser(service.url("/push/gone")))
    staff = app.test_client()
    logged_in(app, staff, "leader")
    staff_replies(app, staff, inquiry_id)
    service.answers.append(status)
    with app.app_context():
        tally = worker.drain(station(), channels=("push",))
        assert tally.dropped == 1
        with db.new_session() as s:
            assert s.scalars(select(PushSubscription)).all() == []
            (event,) = s.scalars(select(OutboxEvent).where(OutboxEvent.channel == "push")).all()
            assert event.state == DONE
            assert str(status) in (event.last_error or "")
    # The message itself is still in the conversation.
    page = staff.get(f"/staff/cases/{inquiry_id}").get_data(as_text=True)
    assert "Hej Alma" in page


def test_a_failing_push_service_is_tried_again_later(
    app: Flask, service: PushService, moving: MovableClock
) -> None:
    browser = Browser(service.url("/push/flaky"))
    inquiry_id, _ = child_subscribes(app, browser)
    staff = app.test_client()
    logged_in(app, staff, "leader")
    staff_replies(app, staff, inquiry_id)
    service.answers.extend([500, 503])
    with app.app_context():
        assert worker.drain(station(), channels=("push",)).retried == 1
        with db.new_session() as s:
            (event,) = s.scalars(select(OutboxEvent).where(OutboxEvent.channel == "push")).all()
            assert (event.state, event.attempts) == (PENDING, 1)
            assert event.last_error == "push service answered 500"
        moving.now = event.next_attempt_at
        assert worker.drain(station(), channels=("push",)).retried == 1
        with db.new_session() as s:
            event = s.scalars(select(OutboxEvent).where(OutboxEvent.channel == "push")).one()
        moving.now = event.next_attempt_at
        assert worker.drain(station(), channels=("push",)).delivered == 1
    assert len(service.received) == 3
    assert json.loads(browser.decrypt(service.received[-1].body))["title"] == "Ny besked"


def test_feedback_to_the_child_is_pushed_too(app: Flask, service: PushService) -> None:
    browser = Browser(service.url("/push/feedback"))
    inquiry_id, _ = child_subscribes(app, browser)
    staff = app.test_client()
    logged_in(app, staff, "leader")
    response = decide(staff, inquiry_id, decided="Hej.")
    assert response.status_code == 302
    with app.app_context():
        assert worker.drain(station(), channels=("push",)).delivered == 1

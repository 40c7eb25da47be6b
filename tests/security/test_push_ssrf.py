"""F2: a push subscription cannot make the server post anywhere but a push service.

The endpoint is read once, by one parser, and checked against one policy for a child's and
a member of staff's subscription alike; the connection checks the address it really
connects to, and a redirect is never followed. Real HTTP and TCP servers on loopback.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from sqlalchemy import select

from portal import clock, db
from portal.config import load
from portal.core.errors import ConfigError
from portal.inquiries.models import Conversation
from portal.instances import seal_json
from portal.outbox import worker
from portal.outbox.cli import station
from portal.outbox.models import OutboxEvent
from portal.outbox.queue import enqueue
from portal.push import endpoints
from portal.push.models import PushSubscription, StaffPushSubscription
from tests.support.apps import TEST_VAPID_KEY, MovableClock
from tests.support.cases import new_inquiry
from tests.support.forms import csrf_token, location, submit
from tests.support.outbox import ctx_of, outbox_app
from tests.support.push_service import Browser, PushService, push_service
from tests.support.smtp import certificate
from tests.support.staff import logged_in

# The finding: read as fcm.googleapis.com by the old check, as 127.0.0.2 by the client.
BACKSLASH = "https://127.0.0.2\\@fcm.googleapis.com/x"
READ_TWO_WAYS = [
    BACKSLASH,
    "https://127.0.0.2:8443\\@fcm.googleapis.com/fcm/send/x",
    "https://fcm.googleapis.com\\@127.0.0.2/x",
    "https://fcm.googleapis.com#@127.0.0.2/x",
    "https://someone@fcm.googleapis.com/fcm/send/x",
    "https://fcm.googleapis.com:8443/fcm/send/x",  # not port 443
    "https://fcm.googleapis.com /fcm/send/x",
    "https://fcm.googleapis.com\t.evil.example/x",
    "https://fcm.googleapis.com./fcm/send/x",
    "https://127.0.0.1/fcm/send/x",  # an address, not a listed push service
    "https://[::1]/fcm/send/x",
]
PRODUCTION = {"PORTAL_ENV": "production", "PUSH_SERVICE_HOSTS": ("fcm.googleapis.com",)}


@pytest.fixture
def app(tmp_path: Path, own_database_url: str) -> Flask:
    """The test profile with the default push services (no local one)."""
    return outbox_app(tmp_path, own_database_url, CLOCK=MovableClock(), RATELIMIT_ENABLED=False)


@pytest.fixture
def service() -> Iterator[PushService]:
    with push_service() as running:
        yield running


def child_turns_on(app: Flask, *urls: str) -> list[int]:
    """A child opens her conversation and turns notices on with each endpoint: the statuses."""
    _inquiry_id, words = new_inquiry(app, "ask_for_help", district=None, conversation=True)
    child = app.test_client()
    assert location(submit(child, "/conversation", {"passphrase": words or ""}))
    page = child.get("/conversation/messages").get_data(as_text=True)
    return [
        child.post(
            "/conversation/notifications",
            json={"subscription": Browser(url).subscription()},
            headers={"X-CSRFToken": csrf_token(page)},
        ).status_code
        for url in urls
    ]


def staff_turns_on(app: Flask, *urls: str) -> list[int]:
    """A receptionist turns safety alerts on with each endpoint: the statuses."""
    staff = app.test_client()
    logged_in(app, staff, "reception")
    page = staff.get("/staff/account").get_data(as_text=True)
    return [
        staff.post(
            "/staff/account/alerts",
            json={"subscription": Browser(url).subscription()},
            headers={"X-CSRFToken": csrf_token(page)},
        ).status_code
        for url in urls
    ]


def stored(app: Flask) -> int:
    with app.app_context(), db.new_session() as s:
        child = len(list(s.scalars(select(PushSubscription.id))))
        return child + len(list(s.scalars(select(StaffPushSubscription.id))))


@pytest.mark.parametrize("turn_on", [child_turns_on, staff_turns_on], ids=["child", "staff"])
def test_an_endpoint_a_parser_could_read_two_ways_is_not_stored(app: Flask, turn_on: Any) -> None:
    statuses = turn_on(app, *READ_TWO_WAYS)
    accepted = [url for url, status in zip(READ_TWO_WAYS, statuses, strict=True) if status != 400]
    assert accepted == []
    assert stored(app) == 0


@pytest.mark.parametrize("turn_on", [child_turns_on, staff_turns_on], ids=["child", "staff"])
def test_a_real_push_service_is_still_accepted(app: Flask, turn_on: Any) -> None:
    statuses = turn_on(
        app,
        "https://fcm.googleapis.com/fcm/send/dXNlcjE:APA91bH",
        "https://wns2-par02p.notify.windows.com/w/?token=BQYAAAB%2b",
    )
    assert statuses == [201, 201]
    assert stored(app) == 2


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://fcm.googleapis.com/fcm/send/x",
        "https://fcm.googleapis.com:444/fcm/send/x",
        "https://127.0.0.1/x",
        "http://127.0.0.1:8080/x",
        "https://evil.example/x",
        BACKSLASH,
    ],
)
def test_production_accepts_only_https_on_443_to_a_listed_push_service(endpoint: str) -> None:
    with pytest.raises(endpoints.EndpointError):
        endpoints.allowed(endpoint, PRODUCTION)


def test_the_parts_read_once_are_what_is_sent() -> None:
    endpoint = endpoints.allowed("https://FCM.googleapis.com:443/fcm/send/a:b?c=d", PRODUCTION)
    assert endpoint == endpoints.Endpoint("https", "fcm.googleapis.com", 443, "/fcm/send/a:b?c=d")
    assert endpoint.url == "https://fcm.googleapis.com/fcm/send/a:b?c=d"
    assert endpoint.origin == "https://fcm.googleapis.com"


def test_a_local_push_service_only_when_listed_and_not_in_production() -> None:
    listed = {"PORTAL_ENV": "test", "PUSH_SERVICE_HOSTS": ("127.0.0.1",)}
    endpoint = endpoints.allowed("http://127.0.0.1:9/push", listed)
    assert endpoint.origin == "http://127.0.0.1:9"
    with pytest.raises(endpoints.EndpointError):
        endpoints.allowed("http://127.0.0.2:9/push", listed)
    with pytest.raises(endpoints.EndpointError):
        endpoints.allowed("http://127.0.0.1:9/push", {**listed, "PORTAL_ENV": "production"})


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "push.localhost"])
def test_production_refuses_a_local_push_service_at_start_up(tmp_path: Path, host: str) -> None:
    settings = {
        "PORTAL_ENV": "production",
        "INSTANCE_PATH": tmp_path,
        "SECRET_KEY": "s" * 40,
        "FIELD_ENCRYPTION_KEYS": "k9:" + "B" * 43,
        "PASSPHRASE_PEPPER": "p" * 40,
        "VAPID_PRIVATE_KEY": TEST_VAPID_KEY,
        "PUBLIC_URL": "https://indgang.example.dk",
        "CASE_SYSTEM_ADAPTER": "none",
    }
    assert load(dict(settings))["PUSH_SERVICE_HOSTS"]
    with pytest.raises(ConfigError, match=r"PUSH_SERVICE_HOSTS: .* allowed only when PORTAL_ENV"):
        load({**settings, "PUSH_SERVICE_HOSTS": ("fcm.googleapis.com", host)})
    assert load({**settings, "PORTAL_ENV": "test", "PUSH_SERVICE_HOSTS": (host,)})


@dataclass
class Listener:
    """A bare TCP port that counts the connections made to it."""

    host: str
    port: int = 0
    connections: list[str] = field(default_factory=list)


@contextmanager
def listening(host: str) -> Iterator[Listener]:
    sock = socket.socket()
    sock.bind((host, 0))
    sock.listen()
    sock.settimeout(0.1)
    found = Listener(host, sock.getsockname()[1])
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, peer = sock.accept()
            except TimeoutError:
                continue
            found.connections.append(peer[0])
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        stop.set()
        thread.join()
        sock.close()


def subscribed(app: Flask, endpoint: str) -> str:
    """A subscription row holding ``endpoint`` as the old check let it be stored, with a
    push queued for it: the subscription's id."""
    inquiry_id, words = new_inquiry(app, "ask_for_help", district=None, conversation=True)
    assert words
    with app.app_context(), db.new_session() as s, s.begin():
        conversation_id = s.scalar(
            select(Conversation.id).where(Conversation.inquiry_id == inquiry_id)
        )
        assert conversation_id
        row = PushSubscription(
            id="legacy" + inquiry_id[:20],
            conversation_id=conversation_id,
            endpoint_key="k" * 64,
            locale="da",
            created_at=clock.now(),
            data="",
        )
        row.data = seal_json(
            {"endpoint": endpoint, "keys": Browser(endpoint).subscription()["keys"]},
            table="push_subscription",
            column="data",
            row_id=row.id,
        )
        s.add(row)
        enqueue(
            ctx_of(s),
            channel="push",
            key=f"push:legacy:{row.id}",
            payload={"subscription_id": row.id},
            now=clock.now(),
            inquiry_id=inquiry_id,
        )
        return row.id


def events(app: Flask) -> list[tuple[str, str | None]]:
    with app.app_context(), db.new_session() as s:
        rows = s.scalars(select(OutboxEvent).where(OutboxEvent.channel == "push"))
        return [(e.state, e.last_error) for e in rows]


def test_a_stored_backslash_endpoint_is_dropped_and_never_connected_to(app: Flask) -> None:
    with listening("127.0.0.2") as inside:
        subscription_id = subscribed(app, f"https://127.0.0.2:{inside.port}\\@fcm.googleapis.com/x")
        with app.app_context():
            tally = worker.drain(station(), channels=("push",))
    assert inside.connections == [], "the server connected to the address inside"
    assert tally.dropped == 1
    with app.app_context(), db.new_session() as s:
        assert s.get(PushSubscription, subscription_id) is None


def test_the_connection_refuses_a_loopback_address_whatever_the_url_said(
    service: PushService,
) -> None:
    with listening("127.0.0.1") as inside:
        for url in (
            f"http://127.0.0.1:{inside.port}/push",
            f"http://localhost:{inside.port}/push",  # a name: resolved, then refused
            f"http://[::ffff:127.0.0.1]:{inside.port}/push",
        ):
            with endpoints.PushSession() as session, pytest.raises(endpoints.ForbiddenAddressError):
                session.post(url, data=b"x", timeout=5)
    assert inside.connections == []
    # The one exception: an address the test profile lists as its own push service.
    local = frozenset({ipaddress.ip_address("127.0.0.1")})
    with endpoints.PushSession(local) as session:
        assert session.post(service.url("/push/ok"), data=b"x", timeout=5).status_code == 201
    assert [r.path for r in service.received] == ["/push/ok"]


def test_over_tls_the_checked_connection_still_verifies_the_certificate(tmp_path: Path) -> None:
    cert, key = certificate(tmp_path)
    local = frozenset({ipaddress.ip_address("127.0.0.1")})
    with push_service(tls=(cert, key)) as service:
        url = service.url("/push/tls")
        assert url.startswith("https://")
        with endpoints.PushSession() as session, pytest.raises(endpoints.ForbiddenAddressError):
            session.post(url, data=b"x", timeout=5, verify=str(cert))
        with endpoints.PushSession(local) as session, pytest.raises(requests.exceptions.SSLError):
            session.post(url, data=b"x", timeout=5)  # not a certificate the system trusts
        with endpoints.PushSession(local) as session:
            assert session.post(url, data=b"x", timeout=5, verify=str(cert)).status_code == 201
    assert [r.path for r in service.received] == ["/push/tls"]


@pytest.mark.parametrize(
    "address",
    [
        *("10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1"),
        *("0.0.0.0", "240.0.0.1", "224.0.0.1"),  # noqa: S104
        *("fe80::1", "fc00::1", "::", "::ffff:10.0.0.1", "2002:7f00:1::"),
    ],
)
def test_only_public_addresses_are_connected_to(address: str) -> None:
    assert not endpoints.public(ipaddress.ip_address(address))
    with pytest.raises(endpoints.ForbiddenAddressError):
        endpoints.vetted(address, 443, frozenset())


def test_a_public_address_is_connected_to() -> None:
    assert endpoints.public(ipaddress.ip_address("142.250.74.106"))
    assert endpoints.vetted("142.250.74.106", 443, frozenset()) == ["142.250.74.106"]


def test_a_listed_name_that_resolves_to_loopback_is_refused_as_it_is_sent(
    tmp_path: Path, own_database_url: str
) -> None:
    """A push service's name that points inside (DNS rebinding): the URL passes, the
    connection does not."""
    app = outbox_app(
        tmp_path, own_database_url, CLOCK=MovableClock(), PUSH_SERVICE_HOSTS=("localhost",)
    )
    assert child_turns_on(app, "https://localhost/push/v1/abc") == [201]
    with app.app_context(), db.new_session() as s, s.begin():
        (subscription,) = s.scalars(select(PushSubscription))
        enqueue(
            ctx_of(s),
            channel="push",
            key=f"push:rebinding:{subscription.id}",
            payload={"subscription_id": subscription.id},
            now=clock.now(),
        )
    with app.app_context():
        tally = worker.drain(station(), channels=("push",))
    assert tally.dead == 1
    [(_state, error)] = events(app)
    assert error is not None
    assert "localhost resolves to an address that is not public" in error


def test_a_redirect_is_not_followed(tmp_path: Path, own_database_url: str) -> None:
    with push_service() as first, push_service() as elsewhere:
        first.answers = [307]
        first.location = elsewhere.url("/internal")
        app = outbox_app(
            tmp_path, own_database_url, CLOCK=MovableClock(), PUSH_SERVICE_HOSTS=("127.0.0.1",)
        )
        assert child_turns_on(app, first.url("/push/v1/abc")) == [201]
        with app.app_context(), db.new_session() as s, s.begin():
            (subscription,) = s.scalars(select(PushSubscription))
            enqueue(
                ctx_of(s),
                channel="push",
                key=f"push:redirect:{subscription.id}",
                payload={"subscription_id": subscription.id},
                now=clock.now(),
            )
        with app.app_context():
            tally = worker.drain(station(), channels=("push",))
    assert [r.path for r in first.received] == ["/push/v1/abc"]
    assert elsewhere.received == [], "the redirect was followed"
    assert tally.dead == 1
    assert events(app)[0][1] == "push service refused the push (307)"

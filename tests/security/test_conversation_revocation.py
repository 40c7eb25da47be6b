"""F3: a conversation open on a device is a session on the server, and can be ended.

Closing on one device ends that device's session only; quick exit ends it at once; staff
can end the conversation on every device and make new words (shown once, audited). A
device that had it open, and whoever writes the old words, is told that the words were
changed and how to get the new ones, and nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal import db
from portal.i18n import COOKIE
from portal.inquiries.models import Inquiry
from portal.push.models import PushSubscription
from portal.staff.models import AuditEntry
from tests.conftest import checking_client, migrate
from tests.support.apps import MovableClock, make_app
from tests.support.cases import new_inquiry
from tests.support.forms import csrf_token, location, submit
from tests.support.pagecheck import Validator
from tests.support.push_service import Browser
from tests.support.staff import logged_in

# A new browser (its own visit) each time it is called.
Devices = Callable[[], FlaskClient]
FIRST_WORDS = "Hej, jeg vil gerne tale med nogen."
CHANGED = "We have made new secret words for your conversation"


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def app(tmp_path: Path, own_database_url: str, clock: MovableClock) -> Flask:
    """A database of the module's own on PostgreSQL too: the tests count sessions."""
    application = make_app(tmp_path, own_database_url, CLOCK=clock, RATELIMIT_ENABLED=False)
    migrate(application)
    return application


@pytest.fixture
def device(app: Flask, html_validator: Validator) -> Devices:
    def make() -> FlaskClient:
        client = checking_client(app, html_validator)
        client.set_cookie(COOKIE, "en")
        return client

    return make


def conversation(app: Flask) -> tuple[str, str]:
    """A child's conversation: (the inquiry's id, its words)."""
    inquiry_id, words = new_inquiry(app, "ask_for_help", conversation=True)
    assert words
    return inquiry_id, words


def open_with(client: FlaskClient, words: str) -> str:
    response = submit(client, "/conversation", {"passphrase": words})
    assert location(response) == "/conversation/messages"
    page = client.get("/conversation/messages")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def sessions_of(app: Flask, inquiry_id: str) -> list[Any]:
    """The conversation's sessions on the server (one per device it is open on)."""
    from portal.inquiries.models import ConversationSession

    with app.app_context(), db.new_session() as s:
        inquiry = s.get_one(Inquiry, inquiry_id)
        assert inquiry.conversation is not None
        return list(
            s.scalars(
                select(ConversationSession).where(
                    ConversationSession.conversation_id == inquiry.conversation.id
                )
            )
        )


def staff_changes_the_words(app: Flask, staff: FlaskClient, inquiry_id: str) -> str:
    """A leader ends the conversation everywhere and makes new words; the words shown."""
    url = f"/staff/cases/{inquiry_id}/new-words"
    case = staff.get(f"/staff/cases/{inquiry_id}").get_data(as_text=True)
    assert url in case, "the case page offers it"
    confirm = staff.get(url)
    assert confirm.status_code == 200
    done = staff.post(url, data={"csrf_token": csrf_token(confirm.get_data(as_text=True))})
    assert done.status_code == 200
    page = done.get_data(as_text=True)
    assert "They are shown only now." in page
    start = page.index('<code class="new-words">') + len('<code class="new-words">')
    words = page[start : page.index("</code>", start)]
    assert len(words.split()) == 6
    return words


def test_closing_on_one_device_ends_that_device_only_on_the_server(
    app: Flask, device: Devices
) -> None:
    inquiry_id, words = conversation(app)
    phone, laptop = device(), device()
    page = open_with(phone, words)
    open_with(laptop, words)
    assert len(sessions_of(app, inquiry_id)) == 2
    response = phone.post("/conversation/close", data={"csrf_token": csrf_token(page)})
    assert location(response) == "/"
    assert location(phone.get("/conversation/messages")) == "/conversation?closed=1"
    assert len(sessions_of(app, inquiry_id)) == 1, "the phone's session ended on the server"
    assert laptop.get("/conversation/messages").status_code == 200


def test_quick_exit_ends_the_conversation_on_the_server_at_once(
    app: Flask, device: Devices
) -> None:
    inquiry_id, words = conversation(app)
    phone = device()
    open_with(phone, words)
    assert len(sessions_of(app, inquiry_id)) == 1
    phone.get("/exit")
    assert sessions_of(app, inquiry_id) == []


def test_staff_end_it_on_every_device_and_make_new_words(app: Flask, device: Devices) -> None:
    inquiry_id, words = conversation(app)
    phone, laptop = device(), device()
    page = open_with(phone, words)
    open_with(laptop, words)
    notices = phone.post(
        "/conversation/notifications",
        json={"subscription": Browser("https://fcm.googleapis.com/fcm/send/x").subscription()},
        headers={"X-CSRFToken": csrf_token(page)},
    )
    assert notices.status_code == 201
    staff = device()
    leader = logged_in(app, staff, "leader")

    new_words = staff_changes_the_words(app, staff, inquiry_id)

    assert new_words != words
    # Every device: its next request shows the conversation is closed, and why.
    assert location(laptop.get("/conversation/messages")) == "/conversation"
    told = laptop.get("/conversation").get_data(as_text=True)
    assert CHANGED in told
    assert "call us on +45 12 34 56 78" in told
    assert FIRST_WORDS not in told
    assert "Number:" not in told, "not even the reference"
    # A reply typed on the phone meanwhile is not sent, and not shown back either.
    typed = phone.post(
        "/conversation/messages", data={"message": "Er du der?", "csrf_token": csrf_token(page)}
    )
    assert typed.status_code == 200
    typed_page = typed.get_data(as_text=True)
    assert CHANGED in typed_page
    assert "Er du der?" not in typed_page
    assert FIRST_WORDS not in typed_page
    assert phone.get("/conversation/messages").status_code == 302
    # The old words say they were changed; they open nothing.
    stranger = device()
    old = submit(stranger, "/conversation", {"passphrase": words})
    assert old.status_code == 200
    assert CHANGED in old.get_data(as_text=True)
    assert FIRST_WORDS not in old.get_data(as_text=True)
    assert location(stranger.get("/conversation/messages")) == "/conversation?closed=1"
    # The new words open it, with the messages; the phone's kept reply goes then.
    assert FIRST_WORDS in open_with(stranger, new_words)
    assert location(submit(phone, "/conversation", {"passphrase": new_words})) == (
        "/conversation/messages?sent=kept"
    )
    with app.app_context(), db.new_session() as s:
        entries = list(
            s.scalars(
                select(AuditEntry).where(
                    AuditEntry.inquiry_id == inquiry_id, AuditEntry.action == "words_changed"
                )
            )
        )
        assert [(e.user_id, e.detail) for e in entries] == [
            (leader.id, "sessions ended: 2; push subscriptions removed: 1")
        ]
        assert s.scalar(select(func.count()).select_from(PushSubscription)) == 0
    # The case's history says who did it.
    history = staff.get(f"/staff/cases/{inquiry_id}").get_data(as_text=True)
    assert "The conversation was ended everywhere and given new words" in history


def test_the_words_page_shows_nothing_until_staff_press_the_button(
    app: Flask, device: Devices
) -> None:
    inquiry_id, words = conversation(app)
    phone, staff = device(), device()
    open_with(phone, words)
    logged_in(app, staff, "leader")
    assert staff.get(f"/staff/cases/{inquiry_id}/new-words").status_code == 200
    assert phone.get("/conversation/messages").status_code == 200


def test_staff_of_another_district_cannot_end_it(app: Flask, device: Devices) -> None:
    inquiry_id, words = conversation(app)  # in Nord
    phone, staff = device(), device()
    open_with(phone, words)
    logged_in(app, staff, "adviser", districts=("syd",))
    confirm = staff.get(f"/staff/cases/{inquiry_id}/new-words")
    assert confirm.status_code == 403
    token = csrf_token(staff.get("/staff/account").get_data(as_text=True))
    refused = staff.post(f"/staff/cases/{inquiry_id}/new-words", data={"csrf_token": token})
    assert refused.status_code == 403
    assert phone.get("/conversation/messages").status_code == 200
    assert location(submit(device(), "/conversation", {"passphrase": words})) == (
        "/conversation/messages"
    )


def test_replaced_words_and_sessions_go_with_the_conversation_at_retention(
    app: Flask, device: Devices, clock: MovableClock
) -> None:
    from portal import retention
    from portal.inquiries.models import ConversationSession, RetiredPassphrase
    from portal.instances import cipher

    inquiry_id, words = conversation(app)
    open_with(device(), words)
    staff = device()
    logged_in(app, staff, "leader")
    staff_changes_the_words(app, staff, inquiry_id)
    with app.app_context(), db.new_session() as s, s.begin():
        inquiry = s.get_one(Inquiry, inquiry_id)
        inquiry.closed_at, inquiry.status = clock.now, "closed"
    clock.advance(days=365)
    with app.app_context():
        tally = retention.run(db.engine(), cipher(), retention.Policy.of(app.config), clock.now)
    assert tally.anonymised == 1
    with app.app_context(), db.new_session() as s:
        for model in (ConversationSession, RetiredPassphrase):
            assert s.scalar(select(func.count()).select_from(model)) == 0, model

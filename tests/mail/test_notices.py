"""Receipts and § 138 feedback by email, through a real SMTP server (aiosmtpd) in-process."""

from __future__ import annotations

import email
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal import db
from portal.outbox import worker
from portal.outbox.cli import station
from portal.outbox.models import DEAD, OutboxEvent
from tests.apply.test_journey import PARENT
from tests.conftest import migrate
from tests.report.test_journey import PROFESSIONAL
from tests.support import forms
from tests.support.apps import MovableClock, make_app
from tests.support.cases import REPORT, get, new_inquiry
from tests.support.http import free_port
from tests.support.outbox import empty_queue, outbox_app
from tests.support.smtp import Mailbox, certificate, smtp_server
from tests.support.staff import logged_in, post_form

SENDER = "boern-og-familie@kommune.test"
CHILD_DETAILS = ("Ali", "sulten", "blå mærker", "Far bliver så vred", "Talt med Ali")


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as running:
        yield running


@pytest.fixture
def moving() -> MovableClock:
    return MovableClock()


def smtp_app(
    tmp_path: Path, database_url: str, moving: MovableClock, port: int, **settings: Any
) -> Flask:
    return outbox_app(
        tmp_path,
        database_url,
        CLOCK=moving,
        MAIL_BACKEND="smtp",
        MAIL_HOST="127.0.0.1",
        MAIL_PORT=port,
        MAIL_FROM=SENDER,
        **{"MAIL_SECURITY": "none", **settings},
    )


@pytest.fixture
def app(tmp_path: Path, database_url: str, moving: MovableClock, mailbox: Mailbox) -> Flask:
    return smtp_app(tmp_path, database_url, moving, mailbox.port)


def report(app: Flask, locale: str = "en") -> str:
    """A professional reports a concern through the pages; the inquiry id."""
    client = app.test_client()
    client.set_cookie("indgang_lang", locale)
    forms.walk(client, "/report-a-concern", PROFESSIONAL)
    page = forms.send(client, "/report-a-concern")
    with app.app_context():
        return forms.sent_inquiry(page).id


def parts(message: EmailMessage) -> tuple[str, str]:
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None
    assert html is not None
    return plain.get_content(), html.get_content()


def test_a_professional_gets_the_receipt_at_once_in_their_language(
    app: Flask, mailbox: Mailbox, moving: MovableClock
) -> None:
    inquiry_id = report(app, "en")
    reference = get(app, inquiry_id).reference
    assert mailbox.messages == [], "sending happens outside the reporter's request"
    with app.app_context():
        assert worker.drain(station(), channels=("email",)).delivered == 1
    (message,) = mailbox.messages
    assert message["To"] == "mette@nordskolen.dk"
    assert SENDER in message["From"]
    assert message["Subject"] == f"Receipt for your report of concern {reference}"
    assert message["Message-ID"].startswith("<")
    assert message["Message-ID"].endswith("@kommune.test>")
    assert parsedate_to_datetime(message["Date"]) == moving.now
    assert message["Content-Language"] == "en"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    text, html = parts(message)
    for body in (text, html):
        assert reference in body
        assert "Within 24 hours we assess whether the child needs help at once." in body
        for detail in CHILD_DETAILS:
            assert detail not in body, f"the email tells {detail!r} about the child"
    assert '<html lang="en" dir="ltr">' in html
    # The 6-working-day clock stops when the receipt is sent.
    assert get(app, inquiry_id).receipt_sent_at == moving.now


def test_the_receipt_is_in_danish_for_a_danish_report(app: Flask, mailbox: Mailbox) -> None:
    inquiry_id = report(app, "da")
    with app.app_context():
        worker.drain(station(), channels=("email",))
    (message,) = mailbox.messages
    assert message["Subject"] == f"Kvittering for din underretning {get(app, inquiry_id).reference}"
    assert message["Content-Language"] == "da"
    assert "Inden for 24 timer" in parts(message)[0]


def test_a_server_that_refuses_then_accepts_gets_the_message_exactly_once(
    app: Flask, mailbox: Mailbox, moving: MovableClock
) -> None:
    inquiry_id = report(app)
    mailbox.refusals.append("451 4.3.0 Try again later")
    with app.app_context():
        assert worker.drain(station(), channels=("email",)).retried == 1
        assert get(app, inquiry_id).receipt_sent_at is None
        with db.new_session() as s:
            event = s.scalars(select(OutboxEvent).where(OutboxEvent.channel == "email")).one()
        assert event.last_error == "the mail server asked us to try later (451)"
    staff = app.test_client()
    staff.set_cookie("indgang_lang", "en")
    logged_in(app, staff, "leader")
    case = staff.get(f"/staff/cases/{inquiry_id}").get_data(as_text=True)
    assert "Email: receipt to the reporter</strong>:" in case
    assert "waiting to be sent (tried 1 time, tries again" in case
    with app.app_context():
        moving.now = event.next_attempt_at
        assert worker.drain(station(), channels=("email",)).delivered == 1
        moving.advance(hours=2)
        assert worker.drain(station(), channels=("email",)).handled == 0
    assert len(mailbox.messages) == 1
    assert get(app, inquiry_id).receipt_sent_at == event.next_attempt_at


def test_a_server_that_is_down_is_tried_again(
    tmp_path: Path, database_url: str, moving: MovableClock
) -> None:
    app = smtp_app(tmp_path, database_url, moving, free_port())  # nothing listens there
    report(app)
    with app.app_context():
        assert worker.drain(station(), channels=("email",)).retried == 1
        with db.new_session() as s:
            event = s.scalars(select(OutboxEvent).where(OutboxEvent.channel == "email")).one()
    assert event.last_error == "the mail server was not reached: ConnectionRefusedError"


def test_a_refused_address_fails_at_once_and_staff_see_it(app: Flask, mailbox: Mailbox) -> None:
    inquiry_id = report(app)
    mailbox.refusals.append("550 5.1.1 No such user")
    with app.app_context():
        assert worker.drain(station(), channels=("email",)).dead == 1
        with db.new_session() as s:
            assert (
                s.scalars(select(OutboxEvent).where(OutboxEvent.channel == "email")).one().state
                == DEAD
            )
    staff = app.test_client()
    staff.set_cookie("indgang_lang", "en")
    logged_in(app, staff, "leader")
    inbox = staff.get("/staff/inbox").get_data(as_text=True)
    assert "1 email or notice could not be sent" in inbox
    assert "Email: receipt to the reporter (the mail server refused the message (550))" in inbox
    case = staff.get(f"/staff/cases/{inquiry_id}").get_data(as_text=True)
    assert "NOT SENT" in case
    assert "Tell them another way, and record how." in case


def test_an_application_receipt_goes_only_to_a_given_address(app: Flask, mailbox: Mailbox) -> None:
    for address in ("", "anne@example.dk"):
        client = app.test_client()
        client.set_cookie("indgang_lang", "en")
        steps = [
            (slug, {**data, "email": address} if slug == "contact" else data)
            for slug, data in PARENT
        ]
        forms.walk(client, "/apply-for-support", steps)
        forms.send(client, "/apply-for-support")
    with app.app_context():
        assert worker.drain(station(), channels=("email",)).delivered == 1
    (message,) = mailbox.messages
    assert message["To"] == "anne@example.dk"
    assert message["Subject"].startswith("Receipt for your application ")
    text, _html = parts(message)
    assert "Sofie" not in text
    assert "0102154123" not in text.replace(" ", "")


def test_the_section_138_feedback_is_sent_when_the_adviser_records_it(
    app: Flask, mailbox: Mailbox
) -> None:
    inquiry_id, _ = new_inquiry(app)  # a Danish report from jensen@skole.dk
    staff = app.test_client()
    staff.set_cookie("indgang_lang", "en")
    logged_in(app, staff, "leader")
    post_form(staff, f"/staff/cases/{inquiry_id}/assessment", {"acute": "no", "reasoning": "x"})
    post_form(
        staff,
        f"/staff/cases/{inquiry_id}/triage",
        {"route": "special_counselling", "measure": "investigation", "district": "nord",
         "adviser": "", "reasoning": "x"},
    )  # fmt: skip
    with app.app_context():
        worker.drain(station(), channels=("email",))  # nothing queued by these steps
    assert mailbox.messages == []
    response = post_form(
        staff,
        f"/staff/cases/{inquiry_id}/reporter-feedback",
        {"outcome": "investigation", "how": "email"},
    )
    assert response.status_code == 302
    with app.app_context():
        assert worker.drain(station(), channels=("email",)).delivered == 1
    (message,) = mailbox.messages
    assert message["To"] == "jensen@skole.dk"
    text, html = parts(message)
    assert "børnefaglig undersøgelse" in text
    assert "Alma" not in text
    assert "Alma" not in html
    case = staff.get(f"/staff/cases/{inquiry_id}").get_data(as_text=True)
    assert "Email: § 138 feedback to the reporter" in case


def test_the_embedded_default_writes_emails_to_a_folder(
    tmp_path: Path, database_url: str, moving: MovableClock
) -> None:
    app = make_app(tmp_path, database_url, CLOCK=moving)
    migrate(app)
    empty_queue(app)
    report(app)
    with app.app_context():
        assert worker.drain(station(), channels=("email",)).delivered == 1
    (written,) = (tmp_path / "mail").glob("*.eml")
    assert written.stat().st_mode & 0o077 == 0, "readable by the owner only"
    message = email.message_from_bytes(written.read_bytes(), policy=default)
    assert message["To"] == "mette@nordskolen.dk"


def test_section_138_by_email_needs_an_address(app: Flask, mailbox: Mailbox) -> None:
    answers = {k: v for k, v in REPORT.items() if k != "email"}
    inquiry_id, _ = new_inquiry(app, answers=answers)
    staff = app.test_client()
    staff.set_cookie("indgang_lang", "en")
    logged_in(app, staff, "leader")
    post_form(staff, f"/staff/cases/{inquiry_id}/assessment", {"acute": "no", "reasoning": "x"})
    post_form(
        staff,
        f"/staff/cases/{inquiry_id}/triage",
        {"route": "early_support", "district": "nord", "adviser": "", "reasoning": "x"},
    )
    response = post_form(
        staff,
        f"/staff/cases/{inquiry_id}/reporter-feedback",
        {"outcome": "support", "how": "email"},
    )
    assert response.status_code == 400
    assert "The reporter gave no email. Choose another way." in response.get_data(as_text=True)
    assert get(app, inquiry_id).reporter_feedback_at is None
    with app.app_context():
        assert worker.drain(station(), channels=("email",)).handled == 0


@pytest.mark.parametrize(("password", "delivered"), [("s3cret-smtp", True), ("wrong", False)])
def test_starttls_and_login(
    tmp_path: Path, database_url: str, moving: MovableClock, password: str, delivered: bool
) -> None:
    cert, key = certificate(tmp_path)
    with smtp_server(tls=(cert, key), login=("portal", "s3cret-smtp")) as secure:
        app = smtp_app(
            tmp_path, database_url, moving, secure.port,
            MAIL_SECURITY="starttls", MAIL_CA_FILE=str(cert),
            MAIL_USERNAME="portal", MAIL_PASSWORD=password,
        )  # fmt: skip
        report(app)
        with app.app_context():
            tally = worker.drain(station(), channels=("email",))
            with db.new_session() as s:
                event = s.scalars(select(OutboxEvent).where(OutboxEvent.channel == "email")).one()
    if delivered:
        assert tally.delivered == 1
        assert secure.sessions == [(True, "portal")]
    else:  # a wrong password does not get better by waiting: failed, shown to staff
        assert tally.dead == 1
        assert event.last_error == "the mail server refused the message (535)"
        assert secure.messages == []


def test_a_server_certificate_we_do_not_trust_is_not_sent_to(
    tmp_path: Path, database_url: str, moving: MovableClock
) -> None:
    with smtp_server(tls=certificate(tmp_path)) as secure:
        app = smtp_app(tmp_path, database_url, moving, secure.port, MAIL_SECURITY="starttls")
        report(app)
        with app.app_context():
            assert worker.drain(station(), channels=("email",)).retried == 1
            with db.new_session() as s:
                event = s.scalars(select(OutboxEvent).where(OutboxEvent.channel == "email")).one()
    assert secure.messages == []
    assert event.last_error == "the mail server was not reached: SSLCertVerificationError"

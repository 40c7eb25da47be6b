"""The signed webhook against a real HTTP case system on loopback: retries, refusals,
a lost acknowledgement absorbed by the idempotency key, TLS checked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal import db
from portal.inquiries.models import Inquiry
from portal.outbox import worker
from portal.outbox.cli import station
from portal.outbox.models import DEAD, OutboxEvent
from tests.casesystem.test_records import validator
from tests.casework.test_decisions import GIVEN, decide, note
from tests.support.apps import MovableClock
from tests.support.case_system import SECRET, CaseSystem, case_system
from tests.support.cases import new_inquiry
from tests.support.outbox import outbox_app
from tests.support.smtp import certificate
from tests.support.staff import make_staff

CHANNEL = ("casesystem",)


@pytest.fixture
def system() -> Iterator[CaseSystem]:
    with case_system() as running:
        yield running


@pytest.fixture
def moving() -> MovableClock:
    return MovableClock()


def webhook_app(
    tmp_path: Path, database_url: str, moving: MovableClock, url: str, **settings: Any
) -> Flask:
    return outbox_app(
        tmp_path,
        database_url,
        CLOCK=moving,
        CASE_SYSTEM_ADAPTER="webhook",
        CASE_SYSTEM_URL=url,
        CASE_SYSTEM_SECRET=settings.pop("secret", SECRET),
        **settings,
    )


@pytest.fixture
def app(tmp_path: Path, database_url: str, moving: MovableClock, system: CaseSystem) -> Flask:
    return webhook_app(tmp_path, database_url, moving, system.url)


def events(app: Flask) -> list[OutboxEvent]:
    with app.app_context(), db.new_session() as s:
        return list(s.scalars(select(OutboxEvent).where(OutboxEvent.channel == "casesystem")))


def test_records_arrive_signed_with_their_idempotency_key(app: Flask, system: CaseSystem) -> None:
    inquiry_id, _ = new_inquiry(app, "consultation", conversation=True, lundy={"voice": {}})
    with app.app_context():
        assert worker.drain(station(), channels=CHANNEL).delivered == 3
    assert system.bad_signatures == 0
    assert {r["record_type"] for r in system.applied.values()} == {
        "inquiry", "participation", "message",
    }  # fmt: skip
    assert all(r["inquiry_id"] == inquiry_id for r in system.applied.values())
    assert set(system.applied) == {e.key for e in events(app)}


def test_a_note_and_a_decision_arrive_as_valid_records(
    app: Flask, system: CaseSystem, moving: MovableClock
) -> None:
    """The participation note (a participation record with its FHIR Composition) and the
    decision with its feedback reach the case system through the outbox, signed."""
    case_id, _ = new_inquiry(app)
    with app.app_context(), db.new_session() as s, s.begin():
        s.get_one(Inquiry, case_id).assessed_at = moving.now
    adviser = make_staff(app, "adviser", name="Anne Rådgiver")
    note(app, adviser.id, case_id)
    moving.advance(hours=1)
    decide(app, adviser.id, case_id, replace(GIVEN, told_how="phone", told_at=moving.now))
    with app.app_context():
        worker.drain(station(), channels=CHANNEL)
    assert system.bad_signatures == 0
    got = [r for r in system.applied.values() if r["inquiry_id"] == case_id]
    for record in got:
        validator(record["record_type"]).validate(record)
    noted = [r for r in got if r["record_type"] == "participation" and "fhir" in r]
    assert len(noted) == 1
    assert noted[0]["fhir"]["resourceType"] == "Composition"
    (decided,) = [r for r in got if r["record_type"] == "decision"]
    assert decided["feedback"]["decided"] == GIVEN.decided
    assert decided["feedback"]["not_possible"] == GIVEN.not_possible
    assert decided["feedback"]["told_how"] == "phone"
    assert (decided["final"], decided["view_basis"], decided["not_heard"]) == (True, "view", None)
    assert decided["rested_on"] == [{"source": "note", "id": noted[0]["participation_id"]}]
    assert decided["decided_by"] == {"name": "Anne Rådgiver", "role": "adviser"}


def test_an_outage_is_retried_and_the_backlog_drains(
    app: Flask, system: CaseSystem, moving: MovableClock
) -> None:
    new_inquiry(app)
    system.answers.extend([503, 429])
    with app.app_context():
        assert worker.drain(station(), channels=CHANNEL).retried == 1
        moving.advance(minutes=20)
        assert worker.drain(station(), channels=CHANNEL).retried == 1
        moving.advance(minutes=20)
        assert worker.drain(station(), channels=CHANNEL).delivered == 1
    assert len(system.applied) == 1
    (event,) = events(app)
    assert event.attempts == 3


def test_a_lost_acknowledgement_is_absorbed_by_the_key(
    app: Flask, system: CaseSystem, moving: MovableClock
) -> None:
    new_inquiry(app)
    system.answers.append("apply-then-drop")
    with app.app_context():
        assert worker.drain(station(), channels=CHANNEL).retried == 1
        moving.advance(minutes=20)
        assert worker.drain(station(), channels=CHANNEL).delivered == 1
    assert len(system.applied) == 1
    assert system.duplicates == 1


def test_a_refusal_is_dead_at_once_with_the_reason(app: Flask, system: CaseSystem) -> None:
    new_inquiry(app)
    system.answers.append(422)
    with app.app_context():
        assert worker.drain(station(), channels=CHANNEL).dead == 1
    (event,) = events(app)
    assert event.state == DEAD
    assert event.last_error == (
        'the case system refused the record (422): {"error": "refused by the test"}'
    )


def test_a_wrong_secret_is_refused(
    tmp_path: Path, database_url: str, moving: MovableClock, system: CaseSystem
) -> None:
    app = webhook_app(tmp_path, database_url, moving, system.url, secret="not-the-secret")
    new_inquiry(app)
    with app.app_context():
        assert worker.drain(station(), channels=CHANNEL).dead == 1
    assert system.bad_signatures == 1
    assert system.applied == {}


def test_a_case_system_that_is_down_is_retried(
    tmp_path: Path, database_url: str, moving: MovableClock
) -> None:
    with case_system() as gone:
        url = gone.url
    app = webhook_app(tmp_path, database_url, moving, url)
    new_inquiry(app)
    with app.app_context():
        assert worker.drain(station(), channels=CHANNEL).retried == 1
    (event,) = events(app)
    assert event.last_error == "the case system was not reached: ConnectionError"


@pytest.mark.parametrize("trusted", [True, False])
def test_tls_certificates_are_checked(
    tmp_path: Path, database_url: str, moving: MovableClock, trusted: bool
) -> None:
    cert, key = certificate(tmp_path)
    with case_system(tls=(cert, key)) as secure:
        settings = {"CASE_SYSTEM_CA_FILE": str(cert)} if trusted else {}
        app = webhook_app(tmp_path, database_url, moving, secure.url, **settings)
        new_inquiry(app)
        with app.app_context():
            tally = worker.drain(station(), channels=CHANNEL)
    if trusted:
        assert tally.delivered == 1
        assert len(secure.applied) == 1
    else:
        assert tally.retried == 1
        assert secure.applied == {}
        assert events(app)[0].last_error == "the case system was not reached: SSLError"

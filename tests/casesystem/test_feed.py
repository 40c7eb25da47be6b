"""Every change the case system must know about is queued in the same transaction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from portal import db
from portal.outbox import worker
from portal.outbox.cli import station
from portal.outbox.models import OutboxEvent
from tests.casesystem.test_records import validator
from tests.conftest import migrate
from tests.support.apps import MovableClock, make_app
from tests.support.cases import new_inquiry
from tests.support.context import context
from tests.support.outbox import empty_queue, outbox_app
from tests.support.staff import logged_in, post_form

CHANNEL = ("casesystem",)


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    return outbox_app(tmp_path, database_url, CLOCK=MovableClock())


def queued(app: Flask, inquiry_id: str) -> list[str]:
    """The record types queued for an inquiry, oldest first."""
    with app.app_context(), db.new_session() as s:
        events = s.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.inquiry_id == inquiry_id, OutboxEvent.channel == "casesystem")
            .order_by(OutboxEvent.created_at, OutboxEvent.key)
        ).all()
        return [e.key.split(":")[1] for e in events]


def test_a_consultation_queues_its_inquiry_participation_and_message(app: Flask) -> None:
    inquiry_id, _ = new_inquiry(
        app, "consultation", conversation=True, age_band="6-9", lundy={"voice": {}}
    )
    assert sorted(queued(app, inquiry_id)) == ["inquiry", "message", "participation"]


def test_casework_steps_and_each_new_reader_are_recorded(app: Flask, tmp_path: Path) -> None:
    inquiry_id, _ = new_inquiry(app)
    staff = app.test_client()
    logged_in(app, staff, "leader")
    staff.get(f"/staff/cases/{inquiry_id}")  # a report has no participation record to update
    post_form(staff, f"/staff/cases/{inquiry_id}/assessment", {"acute": "yes", "reasoning": "x"})
    post_form(
        staff,
        f"/staff/cases/{inquiry_id}/triage",
        {"route": "early_support", "district": "nord", "adviser": "", "reasoning": "x"},
    )
    assert sorted(queued(app, inquiry_id)) == ["inquiry", "status", "status"]
    with app.app_context():
        assert worker.drain(station(), channels=CHANNEL).delivered == 3
    files = sorted((tmp_path / "casesystem").glob("*.json"))
    assert [f.name.split("-")[0] for f in files].count("status") == 2
    for path in files:
        record = json.loads(path.read_text())
        validator(record["record_type"]).validate(record)
        assert path.stat().st_mode & 0o077 == 0
    statuses = [json.loads(p.read_text()) for p in files if p.name.startswith("status")]
    assert {r["status"] for r in statuses} == {"assessed", "triaged"}
    assessed = next(r for r in statuses if r["status"] == "assessed")
    assert assessed["details"] == {"acute": True, "outcome": "acute"}


def assign(app: Flask, inquiry_id: str, user_id: str) -> None:
    from portal.inquiries.models import Inquiry

    with app.app_context(), db.new_session() as s, s.begin():
        s.get_one(Inquiry, inquiry_id).assigned_to_id = user_id


def test_the_assigned_adviser_joins_the_audience_once_other_readers_do_not(
    app: Flask,
) -> None:
    """The Audience is who with influence heard the child: the case's adviser reading it
    (once), not a leader reading figures or anyone else who opens the page (the audit log
    has them)."""
    inquiry_id, _ = new_inquiry(
        app, "ask_for_help", district="nord", conversation=True, age_band="10-13",
        lundy={"voice": {"own_words": "Hjælp"}},
    )  # fmt: skip
    before = queued(app, inquiry_id).count("participation")
    leader, adviser, other = app.test_client(), app.test_client(), app.test_client()
    logged_in(app, leader, "leader")
    account = logged_in(app, adviser, "adviser", districts=("nord",))
    second = logged_in(app, other, "adviser", districts=("nord",))
    leader.get(f"/staff/cases/{inquiry_id}")
    adviser.get(f"/staff/cases/{inquiry_id}")  # not theirs yet
    assert queued(app, inquiry_id).count("participation") == before
    assign(app, inquiry_id, account.id)
    adviser.get(f"/staff/cases/{inquiry_id}")
    adviser.get(f"/staff/cases/{inquiry_id}")
    leader.get(f"/staff/cases/{inquiry_id}")
    assert queued(app, inquiry_id).count("participation") == before + 1
    assign(app, inquiry_id, second.id)
    other.get(f"/staff/cases/{inquiry_id}")
    assert queued(app, inquiry_id).count("participation") == before + 2


def test_a_rolled_back_change_queues_nothing(app: Flask) -> None:
    from portal.inquiries import services

    with app.app_context(), db.new_session() as s:
        services.create_inquiry(
            context(s, MovableClock().now), kind="ask_for_help", answers={},
            anonymous=True, wants_answer=False,
        )  # fmt: skip
        s.flush()
        s.rollback()
        assert s.scalars(select(OutboxEvent)).all() == []


def test_none_sends_nothing(tmp_path: Path, database_url: str) -> None:
    app = make_app(tmp_path, database_url, CASE_SYSTEM_ADAPTER="none")
    migrate(app)
    empty_queue(app)
    inquiry_id, _ = new_inquiry(app)
    assert queued(app, inquiry_id) == []

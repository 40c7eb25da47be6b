"""Retention on a real database, with the clock moved: exactly what is past its period goes.

Each test has a database of its own (a SQLite file, or a PostgreSQL schema): a run works
on every row, and other tests' cases in the shared schema are of other ages.
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, Executable, delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from portal import cli, db, retention
from portal.casework.models import Assessment, ChildFeedback, StaffDraft, Triage
from portal.config import RETENTION_SETTINGS
from portal.core import database
from portal.core.errors import ConfigError
from portal.figures import stats
from portal.i18n import COOKIE
from portal.inquiries import records, services
from portal.inquiries.models import Conversation, ConversationSession, Draft, Inquiry, Message
from portal.instances import cipher
from portal.outbox import worker
from portal.outbox.cli import station
from portal.outbox.models import DEAD, DONE, PENDING, OutboxEvent
from portal.push.models import PushSubscription
from portal.staff.models import AuditEntry, AuditPurge, StaffSession
from portal.visits.models import VisitorSession
from tests.conftest import checking_client, migrate
from tests.support import seeding
from tests.support.apps import MovableClock, make_app
from tests.support.cases import get, new_inquiry
from tests.support.context import context
from tests.support.pagecheck import Validator
from tests.support.push_service import Browser, push_service, turn_on_notices
from tests.support.staff import login, make_staff, post_form

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# What anonymising keeps of an inquiry, for the figures and the audit log.
KEPT_FIELDS = (
    "reference",
    "kind",
    "status",
    "district_slug",
    "received_at",
    "assess_by",
    "assessed_at",
    "receipt_due",
    "receipt_sent_at",
    "triaged_at",
    "feedback_due",
    "feedback_given_at",
    "first_reply_at",
    "closed_at",
)
OPEN_KEPT = (
    "Open inquiries received more than 180 days ago, kept (close them in the staff workspace)"
)


@pytest.fixture
def database_url(own_database_url: str) -> str:
    """Every row is counted or changed: a database of this test's own."""
    return own_database_url


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(T0)


def build(tmp_path: Path, url: str, clock: MovableClock, **settings: Any) -> Flask:
    app = make_app(tmp_path, url, CLOCK=clock, RATELIMIT_ENABLED=False, **settings)
    migrate(app)
    return app


def run(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(cli.retention_run, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def counts(output: str) -> dict[str, int]:
    """Each line's count, by the line's words before the colon."""
    found = {}
    for line in output.splitlines():
        label, sep, number = line.rpartition(": ")
        if sep and number.isdigit():
            found[label.strip()] = int(number)
    return found


def changes(output: str) -> dict[str, int]:
    """The counts of what was changed (not the ones that report what was kept)."""
    return {k: v for k, v in counts(output).items() if "kept" not in k}


def snapshot(app: Flask) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table, as text, in a stable order."""
    with app.app_context(), db.engine().connect() as conn:
        return {
            table.name: sorted(tuple(str(v) for v in row) for row in conn.execute(select(table)))
            for table in database.Base.metadata.sorted_tables
        }


def drain_case_system(app: Flask) -> None:
    """Records reach the case system (the folder adapter writes them into instance/)."""
    with app.app_context():
        worker.drain(station(), channels=["casesystem"])


def outbox_ids(app: Flask) -> set[str]:
    with app.app_context(), db.new_session() as s:
        return set(s.scalars(select(OutboxEvent.id)))


def figures(app: Flask, now: datetime) -> stats.Figures:
    with app.app_context(), db.new_session() as s:
        return stats.figures(s, now, 52)


def opened(value: str, table: str, column: str, row_id: str) -> str:
    return cipher().decrypt(value, table=table, column=column, row_id=row_id)


def test_closed_inquiries_past_the_period_are_anonymised_and_nothing_else(
    tmp_path: Path, database_url: str, clock: MovableClock, html_validator: Validator
) -> None:
    app = build(tmp_path, database_url, clock)
    by = seeding.staff(app)
    old_report = seeding.closed_report(app, by)
    old_child = seeding.child_with_conversation(app, by)
    still_talking = seeding.child_with_conversation(app, by)
    open_report, _ = new_inquiry(app)
    drain_case_system(app)

    clock.advance(days=150)
    by = seeding.staff(app)
    recent_report = seeding.closed_report(app, by)
    with app.app_context(), db.new_session() as s, s.begin():
        conversation = s.scalars(
            select(Conversation).where(Conversation.inquiry_id == still_talking)
        ).one()
        services.add_message(
            context(s, clock.now),
            conversation,
            author="visitor",
            text="Tak! Må jeg spørge om mere?",
        )
    drain_case_system(app)

    clock.advance(days=50)  # 200 days after T0
    now = clock.now
    before, cases, sent = snapshot(app), figures(app, now), outbox_ids(app)
    every = (old_report, old_child, recent_report, still_talking, open_report)
    was = {i: get(app, i) for i in every}
    with app.app_context(), db.new_session() as s:
        delivered_long_ago = s.execute(
            select(func.count())
            .select_from(OutboxEvent)
            .where(OutboxEvent.state == DONE, OutboxEvent.finished_at < now - timedelta(30))
        ).scalar_one()
        sessions = s.execute(select(func.count()).select_from(StaffSession)).scalar_one()
        visits = s.execute(select(func.count()).select_from(VisitorSession)).scalar_one()
        # The children opened their conversations (each visit has ended since).
        on_devices = s.execute(select(func.count()).select_from(ConversationSession)).scalar_one()
        # Replies begun and never sent, untouched since (tests/support/seeding.py).
        staff_drafts = s.execute(select(func.count()).select_from(StaffDraft)).scalar_one()
    assert delivered_long_ago
    assert sessions
    assert visits, "every visitor who filled in a form had a session"
    assert on_devices
    assert staff_drafts

    dry = run(app, "--dry-run")
    assert "Dry run" in dry
    assert snapshot(app) == before, "a dry run changes nothing"
    output = run(app)
    assert counts(output) == counts(dry), "the dry run counts what the run does"
    assert changes(output) == {
        "Closed inquiries anonymised (closed more than 90 days ago)": 2,
        "conversations deleted": 1,
        "messages deleted": 3,  # the child's first words, the reply, the feedback
        "push subscriptions deleted": 1,
        "participation records emptied (age band and format stay)": 1,
        # the report's assessment, triage, decision, note and invitation; the child's decision
        "casework texts emptied (assessment, triage, decisions, notes, invitation reasons)": 6,
        "Drafts deleted (untouched for 1 day)": 0,
        "Visitor sessions deleted (ended)": visits,
        "Conversations open on a device deleted (their visit ended)": on_devices,
        "Staff drafts deleted (untouched for 30 days, or of an anonymised inquiry)": staff_drafts,
        "Outbox events deleted, delivered more than 30 days ago": delivered_long_ago,
        "Outbox events deleted, failed more than 90 days ago": 0,
        "Staff sessions deleted, ended more than 30 days ago": sessions,
        "Audit entries deleted, older than 1826 days": 0,
        "Case-system folder files deleted, acknowledged by the bridge (set "
        "RETENTION_CASE_SYSTEM_FILES_DAYS to delete old ones too)": 0,
    }
    assert (
        counts(output)["Closed inquiries kept, a message in their conversation within 90 days"] == 1
    )
    assert counts(output)[OPEN_KEPT] == 1

    with app.app_context(), db.new_session() as s:
        for inquiry_id in (old_report, old_child):
            inquiry = s.get_one(Inquiry, inquiry_id)
            assert inquiry.anonymised_at == now
            assert records.answers_of(cipher(), inquiry) == {}
            assert inquiry.case_code is None
            for field in KEPT_FIELDS:
                assert getattr(inquiry, field) == getattr(was[inquiry_id], field), field
        child = s.get_one(Inquiry, old_child)
        assert child.conversation is None
        assert child.participation is not None
        assert records.lundy_of(cipher(), child.participation).to_json() == {}
        assert child.participation.age_band == "10-13"
        # The other child's phone keeps its subscription.
        assert s.scalar(select(func.count()).select_from(PushSubscription)) == 1
        texts = [
            opened(a.reasoning, "assessment", "reasoning", a.id)
            for a in s.scalars(select(Assessment).where(Assessment.inquiry_id == old_report))
        ] + [
            opened(t.reasoning, "triage", "reasoning", t.id)
            for t in s.scalars(select(Triage).where(Triage.inquiry_id == old_report))
        ]
        feedback = s.scalars(select(ChildFeedback).where(ChildFeedback.inquiry_id == old_child))
        for f in feedback:
            columns = ("decision", "views_weighed", "message")
            texts += [opened(getattr(f, c), "child_feedback", c, f.id) for c in columns]
        assert texts == [""] * 5
        # What was still in use, or not yet past its period, is as it was.
        for inquiry_id in (recent_report, still_talking, open_report):
            inquiry = s.get_one(Inquiry, inquiry_id)
            assert inquiry.anonymised_at is None
            assert inquiry.answers == was[inquiry_id].answers
            assert inquiry.case_code == was[inquiry_id].case_code
        talking = s.get_one(Inquiry, still_talking)
        assert talking.conversation is not None
        assert len(talking.conversation.messages) == 4
        assert talking.participation is not None
        own_words = records.lundy_of(cipher(), talking.participation).to_json()["voice"][
            "own_words"
        ]
        assert own_words == {"wish": seeding.CHILD_WORDS}

    assert not outbox_ids(app) - sent, "anonymising sends the case system nothing"
    assert figures(app, now) == cases, "the figures count anonymised inquiries as before"
    assert sum(cases.by_week["report_of_concern"]) == 3
    assert sum(cases.by_week["consultation"]) == 2
    assert dict(cases.age_bands)["10-13"] == 2

    after = snapshot(app)
    again = run(app)
    assert not any(changes(again).values()), again
    assert snapshot(app) == after, "a second run changes nothing"

    # Staff open the anonymised case: the notice instead of what was written, no new record.
    client = checking_client(app, html_validator)
    client.set_cookie(COOKIE, "en")
    login(app, client, make_staff(app, "leader"))
    page = client.get(f"/staff/cases/{old_child}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Anonymised after the retention period" in html
    for words in (seeding.CHILD_WORDS, seeding.FEEDBACK, seeding.DECISION, "Tak fordi du skrev"):
        assert words not in html
    assert client.get(f"/staff/cases/{old_report}").status_code == 200
    assert client.get(f"/staff/cases/{old_report}/record").status_code == 302
    client.set_cookie(COOKIE, "da")
    html = client.get(f"/staff/cases/{old_child}").get_data(as_text=True)
    assert "Anonymiseret efter opbevaringsperioden" in html
    assert not outbox_ids(app) - sent, "reading an anonymised case sends nothing"
    page = client.get("/staff/figures?weeks=52")
    assert page.status_code == 200


def test_drafts_deliveries_and_staff_sessions_past_their_periods_are_deleted(
    tmp_path: Path, database_url: str, clock: MovableClock
) -> None:
    with push_service() as service:
        app = build(tmp_path, database_url, clock, PUSH_SERVICE_HOSTS=("127.0.0.1",))
        by = seeding.staff(app)
        seeding.draft(app)
        # An open child's case whose phone's push service refuses pushes: a dead event.
        child, words = new_inquiry(app, "ask_for_help", conversation=True)
        assert words
        turn_on_notices(app, words, Browser(service.url("/push/refused")))
        service.answers = [400]
        reply = post_form(by.client, f"/staff/cases/{child}/reply", {"message": "Hej."})
        assert reply.status_code == 302
        with app.app_context():
            worker.drain(station())
        clock.advance(days=45)
        new_inquiry(app)
        seeding.draft(app)
        with app.app_context():
            worker.drain(station())
        clock.advance(hours=1)

    with app.app_context(), db.new_session() as s:
        states = dict(
            s.execute(select(OutboxEvent.state, func.count()).group_by(OutboxEvent.state)).all()
        )
        old_done = s.execute(
            select(func.count())
            .select_from(OutboxEvent)
            .where(OutboxEvent.state == DONE, OutboxEvent.finished_at < clock.now - timedelta(30))
        ).scalar_one()
        sessions = s.scalar(select(func.count()).select_from(StaffSession))
    assert states.get(DEAD) == 1
    assert not states.get(PENDING)
    assert 0 < old_done < states[DONE]
    assert sessions

    output = run(app)
    found = counts(output)
    assert found["Drafts deleted (untouched for 1 day)"] == 1
    assert found["Outbox events deleted, delivered more than 30 days ago"] == old_done
    assert found["Outbox events deleted, failed more than 90 days ago"] == 0
    assert found["Staff sessions deleted, ended more than 30 days ago"] == sessions
    with app.app_context(), db.new_session() as s:
        assert s.scalar(select(func.count()).select_from(Draft)) == 1
        remaining = dict(
            s.execute(select(OutboxEvent.state, func.count()).group_by(OutboxEvent.state)).all()
        )
        assert remaining == {DEAD: 1, DONE: states[DONE] - old_done}
        # The open case keeps its conversation and its phone's subscription.
        assert s.scalar(select(func.count()).select_from(PushSubscription)) == 1
        assert s.scalar(select(func.count()).select_from(Message)) == 2

    clock.advance(days=50)
    found = counts(run(app))
    assert found["Outbox events deleted, failed more than 90 days ago"] == 1
    assert found["Drafts deleted (untouched for 1 day)"] == 1


def _refused(engine: Engine, statement: Executable, *, declare: datetime | None = None) -> None:
    """The database refuses ``statement`` (in a transaction that declared ``declare``)."""
    with engine.connect() as conn:
        transaction = conn.begin()
        # What the run does to let old entries go (portal.retention), here by hand.
        allowed = retention._audit_purge(conn, declare) if declare else nullcontext()
        with allowed, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(statement)
        transaction.rollback()


def test_audit_entries_go_only_through_the_run_and_only_when_past_the_period(
    tmp_path: Path, database_url: str, clock: MovableClock
) -> None:
    app = build(tmp_path, database_url, clock, RETENTION_AUDIT_DAYS=30)
    seeding.staff(app)  # creating an account and logging in leave audit entries
    clock.advance(days=31)
    seeding.staff(app)
    cutoff = clock.now - timedelta(days=30)
    old = [e for e in _entries(app) if e.at < cutoff]
    young = [e for e in _entries(app) if e.at >= cutoff]
    assert old
    assert young
    table = database.Base.metadata.tables["audit_entry"]
    with app.app_context():
        engine = db.engine()
        # Neither an old nor a young entry can be deleted or changed by an ordinary statement.
        for entry in (old[0], young[0]):
            _refused(engine, delete(table).where(table.c.id == entry.id))
            _refused(engine, update(table).where(table.c.id == entry.id).values(detail="x"))
        _refused(engine, text("DELETE FROM audit_entry"))
        # Declaring a cutoff lets older entries go, not younger ones, and changes none.
        with engine.connect() as conn:
            transaction = conn.begin()
            with retention._audit_purge(conn, cutoff):
                assert conn.execute(delete(table).where(table.c.id == old[0].id)).rowcount == 1
            transaction.rollback()
        _refused(engine, delete(table).where(table.c.id == young[0].id), declare=cutoff)
        changed = update(table).where(table.c.id == old[0].id).values(detail="x")
        _refused(engine, changed, declare=cutoff)

    everything = {e.id for e in _entries(app)}
    assert counts(run(app, "--dry-run"))["Audit entries deleted, older than 30 days"] == len(old)
    assert {e.id for e in _entries(app)} == everything
    assert counts(run(app))["Audit entries deleted, older than 30 days"] == len(old)
    assert {e.id for e in _entries(app)} == {e.id for e in young}
    assert counts(run(app))["Audit entries deleted, older than 30 days"] == 0
    with app.app_context():
        engine = db.engine()
        # The run's permission ended with its transactions (the pool reuses connections).
        _refused(engine, text("DELETE FROM audit_entry"))
        with engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(AuditPurge)) == 0


def _entries(app: Flask) -> list[AuditEntry]:
    with app.app_context(), db.new_session() as s:
        return list(s.scalars(select(AuditEntry)))


@pytest.mark.parametrize("name", RETENTION_SETTINGS)
def test_a_period_below_a_day_is_refused_naming_the_setting(tmp_path: Path, name: str) -> None:
    with pytest.raises(ConfigError, match=name):
        make_app(tmp_path, f"sqlite:///{tmp_path / 'p.sqlite3'}", **{name: 0})


def test_a_draft_stays_while_the_visitors_session_could_reach_it(tmp_path: Path) -> None:
    app = make_app(
        tmp_path,
        f"sqlite:///{tmp_path / 'p.sqlite3'}",
        RETENTION_DRAFT_DAYS=1,
        PERMANENT_SESSION_LIFETIME=3 * 24 * 60 * 60,
    )
    assert retention.Policy.of(app.config).drafts == timedelta(days=3)

"""Many inquiries at once, written straight into the tables, for the growth tests and the
growth benchmark (tests/bench/bench_growth.py).

The mix the workspace sees: four kinds, three districts and some not yet placed, about
70% closed, the open ones new, assessed or triaged, with clocks met, late, overdue and
still running; children's participation records, conversations with messages,
assessments, triage decisions, feedback to the child, a record to the case system per
inquiry (a few failed e-mails among them) and reads in the audit log. What people wrote
is sealed as the app seals it (bound to table, column and row id), so case pages open.

Inquiry number ``i`` (0 the newest) arrives ``i`` intervals before ``now`` at a steady
PER_WEEK a week, so more inquiries means a longer history, as in a real municipality.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import Connection

from portal import db
from portal.core import database
from portal.instances import cipher
from tests.support.cases import REPORT

PER_WEEK = 200
CLOSED_SHARE = 0.7
KINDS = ("report_of_concern", "ask_for_help", "application", "consultation")
KIND_WEIGHTS = (40, 25, 20, 15)
DISTRICTS = ("nord", "midt", "syd", None)
DISTRICT_WEIGHTS = (34, 33, 28, 5)
DEAD_EVERY = 100  # one failed e-mail per this many open reports by a professional
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
# Parents before children, so foreign keys hold at every step.
TABLES = (
    "inquiry",
    "participation_record",
    "conversation",
    "message",
    "assessment",
    "triage",
    "child_feedback",
    "outbox_event",
    "audit_entry",
)
ASKED = {
    "safe": "yes",
    "topics": ["home", "feelings"],
    "message": "Mine forældre skændes hele tiden, og jeg kan ikke sove om natten.",
    "wants_answer": "yes",
    "age_band": "10-13",
    "identity": "anonymous",
}
APPLIED = {
    "applicant": "parent",
    "support": "advice",
    "child_name": "Karla Nielsen",
    "child_birth_date": "03-05-2038",
    "district": "nord",
    "reason": "Karla har fået det svært, efter at hendes far og jeg er gået fra hinanden.",
    "name": "Louise Nielsen",
    "phone": "12 34 55 61",
    "email": "louise.nielsen@example.dk",
    "may_ask": "yes",
    "sources": ["school", "doctor"],
    "other_source": "",
    "child_view": "Hun siger, at hun vil have, at vi alle sammen bor sammen igen.",
    "child_knows": "yes",
}
SAID = {
    "age_band": "14-17",
    "how": ["here"],
    "with_whom": "",
    "feel_safe": "yes",
    "good": "Mine venner",
    "hard": "Matematik",
    "wish": "At blive hørt",
    "to_a_person": [],
    "adviser": "",
    "parents_may_see": "no",
    "hear_back": ["here"],
}
ANSWERS: dict[str, dict[str, Any]] = {
    "report_of_concern": REPORT,
    "ask_for_help": ASKED,
    "application": APPLIED,
    "consultation": SAID,
}
LUNDY = {
    "space": {"how": ["here"]},
    "voice": {"format": "web form", "own_words": {"wish": "At blive hørt"}},
    "audience": {"read_by": "adviser"},
    "influence": {"hear_back": ["here"]},
}


@dataclass
class Batch:
    """Rows to insert, by table."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {t: [] for t in TABLES})

    def add(self, table: str, **values: Any) -> None:
        self.rows[table].append(values)


def _seal(value: Any, table: str, column: str, row_id: str) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return cipher().encrypt(text, table=table, column=column, row_id=row_id)


def _reference(row_id: str) -> str:
    """Like 'K7QM-4XRTBW': longer than the portal's own, so never one of them."""
    number, code = int(row_id, 16), ""
    for _ in range(10):
        number, digit = divmod(number, len(REFERENCE_ALPHABET))
        code += REFERENCE_ALPHABET[digit]
    return f"{code[:4]}-{code[4:]}"


def _next_due(row: dict[str, Any]) -> datetime | None:
    """As portal.casework.clocks keeps it: the earliest open deadline; none when closed."""
    if row["closed_at"] is not None:
        return None
    pairs = (
        ("assess_by", "assessed_at"),
        ("receipt_due", "receipt_sent_at"),
        ("reporter_feedback_due", "reporter_feedback_at"),
        ("feedback_due", "feedback_given_at"),
    )
    due = [row[d] for d, done in pairs if row[d] is not None and row[done] is None]
    return min(due) if due else None


class _Maker:
    def __init__(self, now: datetime, staff_ids: Sequence[str], seed: int) -> None:
        self.now = now
        self.staff = list(staff_ids)
        self.rng = random.Random(seed)
        self.batch = Batch()

    def uid(self) -> str:
        # Random, not seeded: PostgreSQL test runs share one schema.
        return uuid.uuid4().hex

    def after(self, start: datetime, low_hours: float, high_hours: float) -> datetime:
        return start + timedelta(hours=self.rng.uniform(low_hours, high_hours))

    def inquiry(self, number: int) -> None:
        rng, h = self.rng, timedelta(hours=1)
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        received = self.now - timedelta(weeks=1) * (number + rng.random()) / PER_WEEK
        closed = rng.random() < CLOSED_SHARE
        if closed:
            status = "closed"
        elif kind == "report_of_concern":
            status = rng.choice(("new", "assessed", "triaged"))
        else:
            status = rng.choice(("new", "triaged"))
        district = rng.choices(DISTRICTS, DISTRICT_WEIGHTS)[0]
        if district is None and status != "new":
            district = "nord"  # triage places a case
        inquiry_id = self.uid()
        adviser = rng.choice(self.staff)
        row: dict[str, Any] = {
            "id": inquiry_id,
            "reference": _reference(inquiry_id),
            "kind": kind,
            "status": status,
            "district_slug": district,
            "locale": rng.choices(("da", "en", "ar", "uk"), (85, 5, 5, 5))[0],
            "anonymous": kind != "application" and rng.random() < 0.5,
            "wants_answer": kind == "ask_for_help",
            "received_at": received,
            "assess_by": None,
            "receipt_due": None,
            "feedback_due": None,
            "answers": _seal(ANSWERS[kind], "inquiry", "answers", inquiry_id),
            "case_code": None,
            "assigned_to_id": None,
            "assessed_at": None,
            "triaged_at": None,
            "receipt_sent_at": None,
            "reporter_feedback_due": None,
            "reporter_feedback_at": None,
            "first_reply_at": None,
            "feedback_given_at": None,
            "closed_at": None,
            "anonymised_at": None,
        }
        done = received
        if kind == "report_of_concern":
            row["assess_by"] = received + 24 * h
            if rng.random() < 0.6:  # a professional reporter
                row["receipt_due"] = received + timedelta(days=8)
                row["reporter_feedback_due"] = received + timedelta(days=30)
            if status != "new":
                done = row["assessed_at"] = self.after(received, 1, 30)
                self.assessment(inquiry_id, adviser, done)
            if status in ("triaged", "closed") and row["receipt_due"] is not None:
                row["receipt_sent_at"] = self.after(received, 2, 9 * 24)
        elif kind == "consultation":
            row["feedback_due"] = received + timedelta(days=14)
        if kind in ("ask_for_help", "consultation"):
            self.participation(inquiry_id, received)
        if kind == "ask_for_help":
            self.conversation(row, received, replied=status != "new")
        if status in ("triaged", "closed"):
            done = row["triaged_at"] = self.after(done, 1, 72)
            row["assigned_to_id"] = adviser
            row["case_code"] = f"27.12.04-G01-{number % 1000:03d}-{received:%y}"
            self.triage(inquiry_id, adviser, done, row["district_slug"])
        if closed:
            if row["reporter_feedback_due"] is not None:
                row["reporter_feedback_at"] = self.after(received, 10 * 24, 40 * 24)
            done = row["closed_at"] = self.after(done, 24, 30 * 24)
            if kind in ("ask_for_help", "consultation"):
                row["feedback_given_at"] = done
                self.child_feedback(inquiry_id, adviser, done)
        row["next_due_at"] = _next_due(row)
        self.batch.add("inquiry", **row)
        self.outbox(row)
        if status != "new":
            self.batch.add(
                "audit_entry",
                at=self.after(received, 1, 48),
                user_id=adviser,
                action="read_case",
                inquiry_id=inquiry_id,
                ip="127.0.0.1",
                detail="",
            )

    def assessment(self, inquiry_id: str, user_id: str, at: datetime) -> None:
        row_id = self.uid()
        self.batch.add(
            "assessment",
            id=row_id,
            inquiry_id=inquiry_id,
            user_id=user_id,
            at=at,
            acute=(acute := self.rng.random() < 0.1),
            outcome="acute" if acute else "not_acute",
            reasoning=_seal("Ingen akut fare.", "assessment", "reasoning", row_id),
        )

    def triage(self, inquiry_id: str, user_id: str, at: datetime, district: str) -> None:
        row_id = self.uid()
        self.batch.add(
            "triage",
            id=row_id,
            inquiry_id=inquiry_id,
            user_id=user_id,
            at=at,
            route=self.rng.choice(("preventive", "early_support", "special_counselling")),
            measure=None,
            district_slug=district,
            assigned_to_id=user_id,
            reasoning=_seal("Familien tilbydes samtaler.", "triage", "reasoning", row_id),
        )

    def participation(self, inquiry_id: str, at: datetime) -> None:
        row_id = self.uid()
        self.batch.add(
            "participation_record",
            id=row_id,
            inquiry_id=inquiry_id,
            age_band=self.rng.choice(("6-9", "10-13", "14-17", None)),
            format="web form",
            created_at=at,
            lundy=_seal(LUNDY, "participation_record", "lundy", row_id),
        )

    def conversation(self, row: dict[str, Any], at: datetime, *, replied: bool) -> None:
        conversation_id = self.uid()
        self.batch.add(
            "conversation",
            id=conversation_id,
            inquiry_id=row["id"],
            passphrase_key=self.uid() * 2,
            legacy_lookup=None,
            passphrase_hash="bench-no-passphrase",  # nobody logs in to these
            created_at=at,
        )
        self.message(conversation_id, "visitor", "Hej, jeg vil gerne tale med nogen.", at)
        if replied:
            row["first_reply_at"] = reply_at = self.after(at, 1, 48)
            self.message(conversation_id, "staff", "Tak fordi du skrev til os.", reply_at)

    def message(self, conversation_id: str, author: str, text: str, at: datetime) -> None:
        row_id = self.uid()
        self.batch.add(
            "message",
            id=row_id,
            conversation_id=conversation_id,
            author=author,
            body=_seal(text, "message", "body", row_id),
            created_at=at,
        )

    def child_feedback(self, inquiry_id: str, user_id: str, at: datetime) -> None:
        row_id = self.uid()
        self.batch.add(
            "child_feedback",
            id=row_id,
            inquiry_id=inquiry_id,
            user_id=user_id,
            at=at,
            decision=_seal("Samtaler hver uge.", "child_feedback", "decision", row_id),
            views_weighed=_seal("Dit ønske talte.", "child_feedback", "views_weighed", row_id),
            message=_seal("Du sagde, du ville høres.", "child_feedback", "message", row_id),
        )

    def outbox(self, row: dict[str, Any]) -> None:
        """The inquiry's record to the case system (delivered); now and then a failed e-mail."""
        row_id, at = self.uid(), row["received_at"]
        self.batch.add(
            "outbox_event",
            id=row_id,
            channel="casesystem",
            key=f"casesystem:inquiry:{row['id']}",
            inquiry_id=row["id"],
            payload=_seal({"record_id": row["id"]}, "outbox_event", "payload", row_id),
            state="done",
            attempts=1,
            created_at=at,
            next_attempt_at=at,
            claimed_by=None,
            claimed_until=None,
            finished_at=at + timedelta(seconds=2),
            last_error=None,
        )
        open_report = row["receipt_due"] is not None and row["closed_at"] is None
        if open_report and self.rng.randrange(DEAD_EVERY) == 0:
            dead_id = self.uid()
            self.batch.add(
                "outbox_event",
                id=dead_id,
                channel="email",
                key=f"email:receipt:{row['id']}",
                inquiry_id=row["id"],
                payload=_seal({"to": "x"}, "outbox_event", "payload", dead_id),
                state="dead",
                attempts=8,
                created_at=at,
                next_attempt_at=at,
                claimed_by=None,
                claimed_until=None,
                finished_at=at + timedelta(hours=6),
                last_error="550 mailbox unavailable",
            )


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def insert(conn: Connection, batch: Batch) -> None:
    """Insert a batch in foreign-key order: COPY on PostgreSQL, executemany on SQLite."""
    for table in TABLES:
        rows = batch.rows[table]
        if not rows:
            continue
        if conn.dialect.name == "postgresql":
            columns = list(rows[0])
            raw = conn.connection.driver_connection
            assert raw is not None
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row([row[c] for c in columns])
        else:
            target = database.Base.metadata.tables[table]
            for chunk in _chunks(rows, 5000):
                conn.execute(target.insert(), chunk)


def add_inquiries(
    app: Flask,
    *,
    start: int,
    count: int,
    now: datetime,
    staff_ids: Sequence[str],
    seed: int = 2046,
) -> int:
    """Add inquiries number ``start`` to ``start + count - 1`` (0 the newest before ``now``)
    with their related rows, in batches of 10,000; returns how many rows were written."""
    written = 0
    with app.app_context():
        for first in range(start, start + count, 10_000):
            maker = _Maker(now, staff_ids, seed + first)
            for number in range(first, min(first + 10_000, start + count)):
                maker.inquiry(number)
            with db.engine().begin() as conn:
                insert(conn, maker.batch)
            written += sum(len(rows) for rows in maker.batch.rows.values())
    return written

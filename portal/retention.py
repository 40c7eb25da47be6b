"""Retention: personal data leaves the portal once the portal no longer needs it.

The portal is a channel; the case system is the record of authority. Every inquiry,
message, participation record and casework step goes there through the outbox as it
happens, so what the portal keeps afterwards is a working copy. ``flask --app wsgi
retention run`` (nightly, from cron or a systemd timer) removes it, in batches, one commit
per batch; a second run finds nothing more to do. The periods, in days, and why:

- RETENTION_CLOSED_DAYS (90): an inquiry closed longer ago is anonymised. Closing sends
  the last records at once, and a failed delivery is retried for a day and then shown to
  staff, so the case system has everything within days. 90 days leave the child or
  family time to read the feedback in their conversation (they come back when they can)
  and to ask about it. An inquiry whose conversation had a message within the period
  waits: someone is still using it.
  Anonymising keeps the row (kind, district, status, dates, clocks) for the figures and
  for the audit log, which refers to it; it empties the answers, the Lundy record's
  content (age band and format stay: the figures count them) and the casework texts,
  deletes the conversation with its messages and push subscriptions, and forgets the
  case number. Its outbox events go by the outbox periods below: pending ones still have
  to be delivered, and their payload is a copy made when they were queued.
- RETENTION_UNCLOSED_DAYS (180): an inquiry never closed is open work, and open work is
  never deleted. The run counts those received longer ago (after 4 months, § 20's
  longest clock, they are forgotten rather than running) so a leader can close them.
- RETENTION_DRAFT_DAYS (1): a draft is reached only through the visitor's session cookie,
  which the portal accepts for SESSION_LIFETIME_SECONDS (2 hours) after its last change;
  an older draft is a half-written report nobody can reach. The cutoff is never shorter
  than the session lifetime.
- RETENTION_OUTBOX_DAYS (30): a delivered event is a copy of what the receiver has; a
  month answers "was it sent, and when" and keeps the idempotency key for late repeats.
- RETENTION_OUTBOX_DEAD_DAYS (90): a failed delivery is kept longer, because staff must
  see it and tell the person another way, or replay it once the fault is fixed.
- RETENTION_STAFF_SESSION_DAYS (30): an ended staff session's times and address help to
  investigate misuse next to the audit log, which keeps the lasting trail of logins. A
  staff draft (a reply or feedback being written) untouched that long is abandoned too;
  an anonymised inquiry's drafts go with it.
- A visitor session goes as soon as it has ended (SESSION_LIFETIME_SECONDS without
  activity): it holds the form token, which drafts are the visit's, and a reply kept
  while a conversation was closed, and nobody can reach it any more. The record of a
  conversation open in that visit (a conversation session) goes with it.
- RETENTION_AUDIT_DAYS (1826, five years): the audit log is the proof of who read a
  child's case, asked for by the family, a complaint or supervision years later. The
  database refuses every UPDATE and DELETE of it (migrations 0003, 0005) except a DELETE
  of entries older than a cutoff that the deleting transaction declares itself, which
  only this run does. Set it to the municipality's logging policy.
- RETENTION_CASE_SYSTEM_FILES_DAYS (unset; production requires it with the folder
  adapter): the folder adapter's files hold whole records, CPR numbers included. One the
  bridge acknowledged goes at the next run, one older than the period goes whether
  acknowledged or not (portal/casesystem/folder.py). Unset, only acknowledged files go.

Anonymising uses Core statements on a connection, not the ORM session: the case-system
feed (portal/casesystem/feed.py) listens to session flushes and would send the emptied
participation record as a new version. The case system keeps what it was sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Table,
    and_,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)

from portal.casesystem import folder
from portal.casework.models import (
    Assessment,
    ChildFeedback,
    ParticipationNote,
    StaffDraft,
    Triage,
)
from portal.config import RETENTION_SETTINGS
from portal.core import database
from portal.core.uow import connection_transaction
from portal.inquiries.lundy import Lundy
from portal.inquiries.models import (
    Conversation,
    ConversationSession,
    Draft,
    Inquiry,
    Message,
    ParticipationRecord,
    RetiredPassphrase,
)
from portal.invitations.models import Invitation
from portal.outbox.models import DEAD, DONE, OutboxEvent
from portal.push.models import PushSubscription
from portal.staff.models import AuditEntry, AuditPurge, StaffSession
from portal.visits.models import VisitorSession

if TYPE_CHECKING:
    from portal.security.crypto import FieldCipher

# Casework texts emptied on anonymising: (model, sealed columns).
CASEWORK_TEXTS = (
    (Assessment, ("reasoning",)),
    (Triage, ("reasoning",)),
    (
        ChildFeedback,
        ("decision", "views_weighed", "message", "not_possible", "not_heard_note"),
    ),
    (ParticipationNote, ("place", "present", "views", "weighing")),
    (Invitation, ("reason",)),  # the adviser's reason the child read ("Ask the child")
)


@dataclass(frozen=True)
class Policy:
    """How long each kind of data stays, from the RETENTION_* settings."""

    closed: timedelta
    unclosed: timedelta
    drafts: timedelta
    outbox_done: timedelta
    outbox_dead: timedelta
    staff_sessions: timedelta
    audit: timedelta
    # None: the folder's files are kept until acknowledged (development only).
    case_system_files: timedelta | None = None
    # Where the folder adapter writes its files (CASE_SYSTEM_FOLDER); None: no folder.
    case_system_folder: Path | None = None

    @classmethod
    def of(cls, settings: Mapping[str, Any]) -> Policy:
        """The app's policy, from its settings (config.load has checked every period is a
        day or more)."""
        days = {name: timedelta(days=settings[name]) for name in RETENTION_SETTINGS}
        files = settings["RETENTION_CASE_SYSTEM_FILES_DAYS"]
        lifetime = settings["PERMANENT_SESSION_LIFETIME"]
        if not isinstance(lifetime, timedelta):
            lifetime = timedelta(seconds=lifetime)
        return cls(
            closed=days["RETENTION_CLOSED_DAYS"],
            unclosed=days["RETENTION_UNCLOSED_DAYS"],
            # Never while the visitor's session could still reach the draft.
            drafts=max(days["RETENTION_DRAFT_DAYS"], lifetime),
            outbox_done=days["RETENTION_OUTBOX_DAYS"],
            outbox_dead=days["RETENTION_OUTBOX_DEAD_DAYS"],
            staff_sessions=days["RETENTION_STAFF_SESSION_DAYS"],
            audit=days["RETENTION_AUDIT_DAYS"],
            case_system_files=timedelta(days=files) if files else None,
            case_system_folder=Path(settings["CASE_SYSTEM_FOLDER"]),
        )


@dataclass
class Tally:
    """What a run did (or in a dry run would do), as counts: never what people wrote."""

    anonymised: int = 0
    conversations: int = 0
    messages: int = 0
    push_subscriptions: int = 0
    participation_records: int = 0
    casework_texts: int = 0
    kept_conversation_active: int = 0
    open_past_period: int = 0
    drafts: int = 0
    visitor_sessions: int = 0
    conversation_sessions: int = 0
    staff_drafts: int = 0
    outbox_done: int = 0
    outbox_dead: int = 0
    staff_sessions: int = 0
    audit_entries: int = 0
    case_system_files: int = 0

    def lines(self, policy: Policy) -> list[str]:
        """One line per category, for the operator."""
        d = {name: getattr(policy, name).days for name in ("closed", "unclosed", "audit")}
        return [
            f"Closed inquiries anonymised (closed more than {d['closed']} days ago): "
            f"{self.anonymised}",
            f"  conversations deleted: {self.conversations}",
            f"  messages deleted: {self.messages}",
            f"  push subscriptions deleted: {self.push_subscriptions}",
            f"  participation records emptied (age band and format stay): "
            f"{self.participation_records}",
            f"  casework texts emptied (assessment, triage, decisions, notes, invitation reasons): "
            f"{self.casework_texts}",
            f"Closed inquiries kept, a message in their conversation within {d['closed']} "
            f"days: {self.kept_conversation_active}",
            f"Open inquiries received more than {d['unclosed']} days ago, kept (close them "
            f"in the staff workspace): {self.open_past_period}",
            f"Drafts deleted (untouched for {_span(policy.drafts)}): {self.drafts}",
            f"Visitor sessions deleted (ended): {self.visitor_sessions}",
            f"Conversations open on a device deleted (their visit ended): "
            f"{self.conversation_sessions}",
            f"Staff drafts deleted (untouched for {policy.staff_sessions.days} days, or of an "
            f"anonymised inquiry): {self.staff_drafts}",
            f"Outbox events deleted, delivered more than {policy.outbox_done.days} days ago: "
            f"{self.outbox_done}",
            f"Outbox events deleted, failed more than {policy.outbox_dead.days} days ago: "
            f"{self.outbox_dead}",
            f"Staff sessions deleted, ended more than {policy.staff_sessions.days} days ago: "
            f"{self.staff_sessions}",
            f"Audit entries deleted, older than {d['audit']} days: {self.audit_entries}",
            "Case-system folder files deleted, acknowledged by the bridge"
            + (
                f" or older than {policy.case_system_files.days} days"
                if policy.case_system_files
                else " (set RETENTION_CASE_SYSTEM_FILES_DAYS to delete old ones too)"
            )
            + f": {self.case_system_files}",
        ]


def _span(period: timedelta) -> str:
    if period.days and not period.seconds:
        return f"{period.days} days" if period.days != 1 else "1 day"
    return f"{period.total_seconds() / 3600:g} hours"


def run(
    engine: Engine,
    cipher: FieldCipher,
    policy: Policy,
    now: datetime,
    *,
    dry_run: bool = False,
    batch_size: int = 500,
) -> Tally:
    """Apply the policy at ``now`` to the database of ``engine`` (each batch its own
    transaction; ``cipher`` seals the emptied values); with ``dry_run`` only count."""
    tally = Tally()
    purge = _Purge(engine, dry_run, batch_size)
    # First: a conversation being anonymised takes the rest of its sessions with it.
    tally.conversation_sessions = purge(
        _table(ConversationSession),
        ~exists().where(
            VisitorSession.id == ConversationSession.visit_id, VisitorSession.expires_at > now
        ),
    )
    _anonymise_closed(engine, cipher, policy, tally, now, dry_run, batch_size)
    # Staff drafts of anonymised inquiries went with them (the recent ones: the older ones
    # are counted here, so a dry run counts each once).
    with engine.connect() as conn:
        tally.open_past_period = _count(
            conn,
            _table(Inquiry),
            and_(Inquiry.closed_at.is_(None), Inquiry.received_at < now - policy.unclosed),
        )
    tally.drafts = purge(_table(Draft), Draft.updated_at < now - policy.drafts)
    tally.visitor_sessions = purge(_table(VisitorSession), VisitorSession.expires_at <= now)
    tally.staff_drafts += purge(
        _table(StaffDraft), StaffDraft.updated_at < now - policy.staff_sessions
    )
    outbox = _table(OutboxEvent)
    tally.outbox_done = purge(
        outbox,
        and_(OutboxEvent.state == DONE, OutboxEvent.finished_at < now - policy.outbox_done),
    )
    tally.outbox_dead = purge(
        outbox,
        and_(OutboxEvent.state == DEAD, OutboxEvent.finished_at < now - policy.outbox_dead),
    )
    ended = now - policy.staff_sessions
    tally.staff_sessions = purge(
        _table(StaffSession),
        or_(
            StaffSession.expires_at < ended,
            StaffSession.revoked_at < ended,
            StaffSession.last_seen_at < ended,
        ),
    )
    cutoff = now - policy.audit
    tally.audit_entries = purge(
        _table(AuditEntry), AuditEntry.at < cutoff, allow=lambda c: _audit_purge(c, cutoff)
    )
    if policy.case_system_folder is not None:
        tally.case_system_files = folder.purge(
            policy.case_system_folder, now, policy.case_system_files, dry_run=dry_run
        )
    return tally


def _count(conn: Connection, table: Table, condition: ColumnElement[bool]) -> int:
    return conn.scalar(select(func.count()).select_from(table).where(condition)) or 0


# Opens, in the deleting transaction, whatever lets the DELETE through.
Allow = Callable[[Connection], AbstractContextManager[None]]


class _Purge:
    """Deletes the rows of a table that match a condition, a batch per transaction."""

    def __init__(self, engine: Engine, dry_run: bool, batch_size: int) -> None:
        self.engine, self.dry_run, self.batch_size = engine, dry_run, batch_size

    def __call__(
        self, table: Table, condition: ColumnElement[bool], *, allow: Allow | None = None
    ) -> int:
        if self.dry_run:
            with self.engine.connect() as conn:
                return _count(conn, table, condition)
        ident = next(iter(table.primary_key.columns))
        total = 0
        while True:
            with (
                connection_transaction(self.engine) as conn,
                allow(conn) if allow else nullcontext(),
            ):
                batch = select(ident).where(condition).limit(self.batch_size)
                deleted = conn.execute(delete(table).where(ident.in_(batch))).rowcount
            total += deleted
            if deleted < self.batch_size:
                return total


@contextmanager
def _audit_purge(conn: Connection, cutoff: datetime) -> Iterator[None]:
    """Declare, for this transaction only, that audit entries older than ``cutoff`` may be
    deleted; the database's trigger refuses any other DELETE (migration 0005)."""
    if conn.dialect.name == "postgresql":
        # set_config(..., true) is SET LOCAL: it ends with the transaction, whatever happens.
        setting = func.set_config("indgang.audit_purge_before", cutoff.isoformat(), True)
        conn.execute(select(setting))
        yield
    else:
        conn.execute(insert(AuditPurge).values(id=1, cutoff=cutoff))
        yield
        conn.execute(delete(AuditPurge))


def _closed_before(cutoff: datetime) -> ColumnElement[bool]:
    return and_(
        Inquiry.anonymised_at.is_(None), Inquiry.closed_at.is_not(None), Inquiry.closed_at < cutoff
    )


def _message_since(cutoff: datetime) -> ColumnElement[bool]:
    """The inquiry's conversation had a message at or after ``cutoff``."""
    return exists().where(
        Conversation.inquiry_id == Inquiry.id,
        Message.conversation_id == Conversation.id,
        Message.created_at >= cutoff,
    )


def _anonymise_closed(
    engine: Engine,
    cipher: FieldCipher,
    policy: Policy,
    tally: Tally,
    now: datetime,
    dry_run: bool,
    size: int,
) -> None:
    """Anonymise the inquiries closed before the policy's cutoff, a batch per transaction."""
    cutoff = now - policy.closed
    due = and_(_closed_before(cutoff), ~_message_since(cutoff))
    with engine.connect() as conn:
        tally.kept_conversation_active = _count(
            conn, _table(Inquiry), and_(_closed_before(cutoff), _message_since(cutoff))
        )
    last: str | None = None
    while True:
        with connection_transaction(engine) as conn:
            stmt = select(Inquiry.id).where(due).order_by(Inquiry.id).limit(size)
            if last is not None:
                stmt = stmt.where(Inquiry.id > last)
            ids = list(conn.scalars(stmt))
            if not ids:
                return
            last = ids[-1]
            for inquiry_id in ids:
                _anonymise(conn, cipher, policy, inquiry_id, due, now, tally, dry_run)


def _anonymise(
    conn: Connection,
    cipher: FieldCipher,
    policy: Policy,
    inquiry_id: str,
    due: ColumnElement[bool],
    now: datetime,
    tally: Tally,
    dry_run: bool,
) -> None:
    """Empty one inquiry of what people wrote; the row and its structure stay."""
    if not dry_run:
        # First, and only if still due: on PostgreSQL the row lock makes a second run
        # at the same time wait, then find nothing to do.
        marked = conn.execute(
            update(Inquiry)
            .where(Inquiry.id == inquiry_id, due)
            .values(
                answers=cipher.seal_json({}, table="inquiry", column="answers", row_id=inquiry_id),
                case_code=None,
                anonymised_at=now,
            )
        ).rowcount
        if not marked:
            return
    tally.anonymised += 1
    conversations = select(Conversation.id).where(Conversation.inquiry_id == inquiry_id)
    act = _Act(conn, dry_run)
    tally.push_subscriptions += act.delete(
        _table(PushSubscription), PushSubscription.conversation_id.in_(conversations)
    )
    if not dry_run:
        # A decision told in the conversation forgets which message it was (the message goes).
        told = select(Message.id).where(Message.conversation_id.in_(conversations))
        conn.execute(
            update(_table(ChildFeedback))
            .where(ChildFeedback.message_id.in_(told))
            .values(message_id=None)
        )
    tally.messages += act.delete(_table(Message), Message.conversation_id.in_(conversations))
    # Where it was open, and the words it had before: they go with it, uncounted.
    for part in (ConversationSession, RetiredPassphrase):
        act.delete(_table(part), part.conversation_id.in_(conversations))
    tally.conversations += act.delete(_table(Conversation), Conversation.inquiry_id == inquiry_id)
    tally.staff_drafts += act.delete(
        _table(StaffDraft),
        and_(
            StaffDraft.inquiry_id == inquiry_id,
            StaffDraft.updated_at >= now - policy.staff_sessions,
        ),
    )
    for record_id in conn.scalars(
        select(ParticipationRecord.id).where(ParticipationRecord.inquiry_id == inquiry_id)
    ):
        tally.participation_records += 1
        if not dry_run:
            # Every part goes; the row keeps its age band, format and date (for the figures).
            lundy = cipher.seal_json(
                Lundy().to_json(), table="participation_record", column="lundy", row_id=record_id
            )
            conn.execute(
                update(ParticipationRecord)
                .where(ParticipationRecord.id == record_id)
                .values(lundy=lundy)
            )
    for model, columns in CASEWORK_TEXTS:
        table = _table(model)
        for row_id in conn.scalars(select(table.c.id).where(table.c.inquiry_id == inquiry_id)):
            tally.casework_texts += 1
            if not dry_run:
                emptied = {
                    c: cipher.encrypt("", table=table.name, column=c, row_id=row_id)
                    for c in columns
                }
                conn.execute(update(table).where(table.c.id == row_id).values(emptied))


class _Act:
    """Deletes, or in a dry run counts, within the caller's transaction."""

    def __init__(self, conn: Connection, dry_run: bool) -> None:
        self.conn, self.dry_run = conn, dry_run

    def delete(self, table: Table, condition: ColumnElement[bool]) -> int:
        if self.dry_run:
            return _count(self.conn, table, condition)
        return self.conn.execute(delete(table).where(condition)).rowcount


def _table(model: type[database.Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table

"""The pull API's clients: who they are, what they may see, and what they acknowledged.

Each client has a scope, districts and kinds of inquiry, and sees only the records of
inquiries in it (as the inquiry is now: a case moved to another district or made a report
of concern follows its district and kind). A record in the scope of two clients is
delivered to each and acknowledged by each for itself; the outbox event is done once every
usable client in its scope has acknowledged it. Every listing, acknowledgement and refused
token is in the audit log, the client named as the actor.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import ColumnElement, Row, and_, exists, false, or_, select, true, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from portal.casesystem.models import ALL, NO_DISTRICT, CaseSystemAck, CaseSystemClient
from portal.core.context import Context
from portal.districts import District
from portal.inquiries import kinds
from portal.inquiries.models import Inquiry
from portal.outbox.models import DONE, PENDING, OutboxEvent
from portal.staff import audit

PULL = "pull"
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
BATCH = 500


class ClientError(ValueError):
    """An operator's request about a client cannot be done; the message says why and what
    to do instead."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find(s: Session, name: str) -> CaseSystemClient | None:
    return s.scalar(select(CaseSystemClient).where(CaseSystemClient.name == name))


def _districts(s: Session, wanted: Iterable[str]) -> str:
    names = [w.strip().lower() for w in wanted if w.strip()]
    if names == [ALL]:
        return ALL
    known = {d.slug: d for d in s.scalars(select(District).where(District.active.is_(True)))}
    by_name = {d.name.lower(): slug for slug, d in known.items()}
    found = set()
    for name in names:
        slug = name if name in known or name == NO_DISTRICT else by_name.get(name)
        if slug is None:
            listed = ", ".join(sorted(known)) or "none yet (run 'profile load')"
            raise ClientError(
                f"No district called {name!r}. Give district slugs ({listed}), "
                f"{NO_DISTRICT!r} for inquiries without a district, or {ALL!r} alone."
            )
        found.add(slug)
    if not found:
        raise ClientError(f"Give at least one district, or {ALL!r}.")
    return ",".join(sorted(found))


def _kinds(wanted: Iterable[str]) -> str:
    names = [w.strip() for w in wanted if w.strip()]
    if names == [ALL]:
        return ALL
    unknown = [n for n in names if n not in kinds.IDS]
    if unknown or not names:
        raise ClientError(
            f"Kinds are {', '.join(kinds.IDS)}, or {ALL!r} alone; got {', '.join(names) or 'none'}."
        )
    return ",".join(sorted(set(names)))


def add(
    s: Session,
    *,
    name: str,
    districts: Iterable[str],
    kinds: Iterable[str],
    expires_at: datetime,
    now: datetime,
) -> tuple[CaseSystemClient, str]:
    """A new client and its token (returned once; only its hash is kept)."""
    if not NAME.match(name):
        raise ClientError(
            "NAME is one word of small letters, digits, - and _ (at most 64), e.g. dubu-nord."
        )
    if find(s, name) is not None:
        raise ClientError(
            f"A client called {name!r} exists (names stay in the audit log): choose another "
            "name, e.g. with the year, and revoke the old one once the new token works."
        )
    if expires_at <= now:
        raise ClientError("The expiry date has passed: give a date in the future.")
    token = secrets.token_urlsafe(32)
    client = CaseSystemClient(
        name=name,
        token_hash=token_hash(token),
        districts=_districts(s, districts),
        kinds=_kinds(kinds),
        created_at=now,
        expires_at=expires_at,
    )
    s.add(client)
    s.flush()
    return client, token


def revoke(s: Session, name: str, now: datetime) -> CaseSystemClient:
    """End a client's token at once. Records only it was still to acknowledge are done."""
    client = find(s, name)
    if client is None:
        raise ClientError(f"No client called {name!r}; `casesystem client list` shows them.")
    if client.revoked_at is None:
        client.revoked_at = now
        s.flush()
        settle(s, now)
    return client


def state(client: CaseSystemClient, now: datetime) -> str:
    if client.revoked_at is not None:
        return "revoked"
    if client.expires_at is not None and client.expires_at <= now:
        return "expired"
    return "active"


@dataclass(frozen=True)
class Refusal:
    """Why a token was refused; ``client`` if the token was one (revoked or expired)."""

    reason: str
    client: CaseSystemClient | None = None


def authenticate(s: Session, token: str | None, now: datetime) -> CaseSystemClient | Refusal:
    """The client whose token this is, if it may use the API now."""
    if not token:
        return Refusal("no bearer token")
    # A lookup by the hash of a 256-bit random token: the hash reveals nothing to time.
    client = s.scalar(
        select(CaseSystemClient).where(CaseSystemClient.token_hash == token_hash(token))
    )
    if client is None:
        return Refusal("unknown token")
    if not client.usable_at(now):
        return Refusal(state(client, now), client)
    return client


def refused(ctx: Context, refusal: Refusal) -> None:
    """Audit a refused token, naming the client if the token was one (from ``ctx.address``)."""
    by = replace(ctx, user=None, client=refusal.client.name if refusal.client else None)
    audit.log(by, "api_refused", api_caller=True, detail=refusal.reason)


def scope(client: CaseSystemClient) -> ColumnElement[bool]:
    """The inquiries whose records the client may see."""
    conditions = []
    if client.districts != ALL:
        slugs = [d for d in client.district_scope if d != NO_DISTRICT]
        in_districts: ColumnElement[bool] = Inquiry.district_slug.in_(slugs) if slugs else false()
        if NO_DISTRICT in client.district_scope:
            in_districts = or_(in_districts, Inquiry.district_slug.is_(None))
        conditions.append(in_districts)
    if client.kinds != ALL:
        conditions.append(Inquiry.kind.in_(client.kind_scope))
    return and_(true(), *conditions)


def covers(client: CaseSystemClient, district: str | None, kind: str) -> bool:
    """Whether an inquiry of ``district`` and ``kind`` is in the client's scope."""
    districts, kinds = client.district_scope, client.kind_scope
    in_district = client.districts == ALL or (district or NO_DISTRICT) in districts
    return in_district and (client.kinds == ALL or kind in kinds)


def waiting(client: CaseSystemClient) -> ColumnElement[bool]:
    """Pull events in the client's scope it has not acknowledged (join Inquiry)."""
    acked = exists().where(
        CaseSystemAck.event_id == OutboxEvent.id, CaseSystemAck.client_id == client.id
    )
    return and_(
        OutboxEvent.channel == PULL,
        OutboxEvent.state == PENDING,
        scope(client),
        ~acked,
    )


def page(
    ctx: Context,
    client: CaseSystemClient,
    *,
    after: tuple[datetime, str] | None,
    limit: int,
) -> tuple[list[OutboxEvent], bool]:
    """Up to ``limit`` waiting events after the cursor, oldest first, and whether there are
    more; the listing is audited (``client`` acting), once per inquiry it shows (or once if
    it shows none)."""
    s = ctx.session
    query = (
        select(OutboxEvent)
        .join(Inquiry, Inquiry.id == OutboxEvent.inquiry_id)
        .where(waiting(client))
        .order_by(OutboxEvent.created_at, OutboxEvent.id)
        .limit(limit + 1)
    )
    if after is not None:
        moment, event_id = after
        query = query.where(
            or_(
                OutboxEvent.created_at > moment,
                and_(OutboxEvent.created_at == moment, OutboxEvent.id > event_id),
            )
        )
    events = list(s.scalars(query))
    shown = events[:limit]
    _audit_per_inquiry(ctx, client, "api_listed", shown, "listed")
    return shown, len(events) > limit


def acknowledge(ctx: Context, client: CaseSystemClient, keys: Sequence[str]) -> list[OutboxEvent]:
    """Acknowledge, for this client only, the waiting records with these keys (others are
    ignored: acknowledging twice is harmless); audited (``client`` acting)."""
    s, now = ctx.session, ctx.now
    events = list(
        s.scalars(
            select(OutboxEvent)
            .join(Inquiry, Inquiry.id == OutboxEvent.inquiry_id)
            .where(waiting(client), OutboxEvent.key.in_(keys))
            .order_by(OutboxEvent.created_at, OutboxEvent.id)
        )
    )
    if events:
        insert = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
        s.execute(
            insert(CaseSystemAck)
            .values([{"event_id": e.id, "client_id": client.id, "at": now} for e in events])
            .on_conflict_do_nothing()
        )
        settle(s, now, [e.id for e in events])
    _audit_per_inquiry(ctx, client, "api_acknowledged", events, "acknowledged")
    if len(events) < len(set(keys)):
        audit.log(
            _as(ctx, client),
            "api_acknowledged",
            detail=f"{len(set(keys)) - len(events)} of {len(set(keys))} keys not waiting "
            "for this client",
        )
    return events


def _as(ctx: Context, client: CaseSystemClient) -> Context:
    return replace(ctx, user=None, client=client.name)


def _audit_per_inquiry(
    ctx: Context, client: CaseSystemClient, action: str, events: list[OutboxEvent], verb: str
) -> None:
    s, by = ctx.session, _as(ctx, client)
    counts: dict[str, int] = {}
    for event in events:
        assert event.inquiry_id is not None  # the join above
        counts[event.inquiry_id] = counts.get(event.inquiry_id, 0) + 1
    inquiries = {i.id: i for i in s.scalars(select(Inquiry).where(Inquiry.id.in_(counts)))}
    for inquiry_id, count in counts.items():
        audit.log(
            by,
            action,
            inquiry=inquiries[inquiry_id],
            detail=f"{verb} {count} record{'s' if count != 1 else ''}",
        )
    if not counts and action == "api_listed":
        audit.log(by, action, detail=f"{verb} 0 records")


def settle(s: Session, now: datetime, event_ids: Sequence[str] | None = None) -> int:
    """Mark done the pull events (these, or every pending one) that some client acknowledged
    and every usable client in their scope has; how many."""
    usable = [c for c in s.scalars(select(CaseSystemClient)) if c.usable_at(now)]
    base = (
        select(OutboxEvent.id, Inquiry.district_slug, Inquiry.kind)
        .join(Inquiry, Inquiry.id == OutboxEvent.inquiry_id)
        .where(OutboxEvent.channel == PULL, OutboxEvent.state == PENDING)
        .order_by(OutboxEvent.id)
    )
    if event_ids is not None:
        ids = list(event_ids)
        return sum(
            _settle(s, now, usable, s.execute(base.where(OutboxEvent.id.in_(ids[i : i + BATCH]))))
            for i in range(0, len(ids), BATCH)
        )
    total, last = 0, ""
    while True:
        rows = list(s.execute(base.where(OutboxEvent.id > last).limit(BATCH)))
        total += _settle(s, now, usable, rows)
        if len(rows) < BATCH:
            return total
        last = rows[-1][0]


def _settle(
    s: Session,
    now: datetime,
    usable: list[CaseSystemClient],
    rows: Iterable[Row[str, str | None, str]],
) -> int:
    rows = list(rows)
    acked: dict[str, set[str]] = {}
    for event_id, client_id in s.execute(
        select(CaseSystemAck.event_id, CaseSystemAck.client_id).where(
            CaseSystemAck.event_id.in_([r[0] for r in rows])
        )
    ):
        acked.setdefault(event_id, set()).add(client_id)
    finished = [
        event_id
        for event_id, district, kind in rows
        if acked.get(event_id)
        and all(c.id in acked[event_id] for c in usable if covers(c, district, kind))
    ]
    if finished:
        s.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id.in_(finished), OutboxEvent.state == PENDING)
            .values(state=DONE, finished_at=now, attempts=OutboxEvent.attempts + 1)
            .execution_options(synchronize_session=False)
        )
    return len(finished)

"""The inbox: what a member of staff may see, filtered, most urgent (or newest) first."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from portal.casework.models import KINDS, STATUSES
from portal.inquiries.models import OPEN_ONLY, Inquiry
from portal.safety.models import SafetyFlag
from portal.staff.models import StaffUser
from portal.staff.policy import visible_to

PAGE_SIZE = 50
# Counting more than this many would cost a scan that grows with the database.
COUNT_CAP = 1000
CLOCK_FILTERS = ("overdue", "today", "any")
SORTS = ("urgent", "newest")


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    district: str = ""
    status: str = "open"  # open = anything not closed
    clock: str = "any"
    sort: str = "urgent"
    page: int = 1

    @classmethod
    def from_args(cls, args: Any, districts: set[str]) -> Filters:
        """From the query string; unknown values fall back to the defaults."""

        def pick(name: str, allowed: tuple[str, ...] | set[str], default: str) -> str:
            value = args.get(name, default)
            return value if value in allowed else default

        try:
            page = max(1, min(int(args.get("page", 1)), 10_000))
        except ValueError:
            page = 1
        return cls(
            kind=pick("kind", KINDS, ""),
            district=pick("district", {*districts, "none"}, ""),
            status=pick("status", (*STATUSES, "open", "all"), "open"),
            clock=pick("clock", CLOCK_FILTERS, "any"),
            sort=pick("sort", SORTS, "urgent"),
            page=page,
        )

    def args(self, **changes: Any) -> dict[str, Any]:
        """Query-string values for a link (defaults left out)."""
        values = replace(self, **changes).__dict__
        defaults = Filters().__dict__
        return {k: v for k, v in values.items() if v != defaults[k]}


@dataclass
class Page:
    inquiries: list[Inquiry]
    # Counted up to COUNT_CAP + 1 only: a count is a scan of everything that matches.
    total: int
    filters: Filters
    has_next: bool

    @property
    def capped(self) -> bool:
        """More match than were counted: the page says "more than COUNT_CAP"."""
        return self.total > COUNT_CAP

    @property
    def shown(self) -> int:
        """The number the page shows: the count, or COUNT_CAP when there are more."""
        return min(self.total, COUNT_CAP)

    @property
    def pages(self) -> int | None:
        """How many pages, when every match was counted."""
        return None if self.capped else max(1, -(-self.total // PAGE_SIZE))


def _filtered(user: StaffUser, f: Filters, now: datetime) -> Select[Any]:
    stmt = select(Inquiry).where(visible_to(user))
    if f.kind:
        stmt = stmt.where(Inquiry.kind == f.kind)
    if f.district == "none":
        stmt = stmt.where(Inquiry.district_slug.is_(None))
    elif f.district:
        stmt = stmt.where(Inquiry.district_slug == f.district)
    if f.status == "open":
        stmt = stmt.where(OPEN_ONLY)
    elif f.status == "closed":
        stmt = stmt.where(Inquiry.status == "closed")
    elif f.status != "all":
        # Open too, said as the partial indexes say it, so that they are used.
        stmt = stmt.where(OPEN_ONLY, Inquiry.status == f.status)
    if f.clock == "overdue":
        stmt = stmt.where(Inquiry.next_due_at <= now)
    elif f.clock == "today":
        stmt = stmt.where(Inquiry.next_due_at <= now + timedelta(hours=24))
    return stmt


def _order(f: Filters) -> tuple[Any, ...]:
    newest = (Inquiry.received_at.desc(), Inquiry.id)
    if f.sort == "newest" or f.status == "closed":
        # A closed case has no open deadline, so "most urgent" is the newest among them.
        return newest
    # Possible safety cases first, the longest-waiting on top; then open deadlines, the one
    # that runs out first on top; then the newest. PostgreSQL sorts NULLs last in ascending
    # order anyway: this is the order of the indexes.
    return (
        Inquiry.safety_flagged_at.asc().nulls_last(),
        Inquiry.next_due_at.asc().nulls_last(),
        *newest,
    )


def page(s: Session, user: StaffUser, f: Filters, now: datetime) -> Page:
    """One page of the inbox: what it shows costs the same however many inquiries there are
    (the order is an index's order; the count stops at COUNT_CAP)."""
    stmt = _filtered(user, f, now)
    counted = stmt.with_only_columns(Inquiry.id).limit(COUNT_CAP + 1).subquery()
    total = s.scalar(select(func.count()).select_from(counted)) or 0
    rows = list(
        s.scalars(
            stmt.order_by(*_order(f))
            .options(joinedload(Inquiry.assigned_to))  # in the same query, always
            .limit(PAGE_SIZE + 1)  # one more tells whether there is a next page
            .offset((f.page - 1) * PAGE_SIZE)
        )
    )
    return Page(rows[:PAGE_SIZE], total, f, has_next=len(rows) > PAGE_SIZE)


def safety_cases(
    s: Session, user: StaffUser, limit: int = PAGE_SIZE
) -> list[tuple[Inquiry, SafetyFlag]]:
    """Open possible safety cases the user may see, with their open flag, longest-waiting
    first: shown above the inbox whatever its filters and order."""
    rows = s.execute(
        select(Inquiry, SafetyFlag)
        .join(
            SafetyFlag,
            (SafetyFlag.inquiry_id == Inquiry.id) & SafetyFlag.assessed_at.is_(None),
        )
        .where(Inquiry.safety_flagged_at.is_not(None), OPEN_ONLY, visible_to(user))
        .order_by(Inquiry.safety_flagged_at, Inquiry.id)
        .limit(limit)
    ).all()
    return [(inquiry, flag) for inquiry, flag in rows]


def overdue_count(s: Session, user: StaffUser, now: datetime) -> int:
    """How many open items the user can see are past a deadline (for the menu)."""
    stmt = _filtered(user, Filters(clock="overdue"), now)
    return s.scalar(select(func.count()).select_from(stmt.subquery())) or 0

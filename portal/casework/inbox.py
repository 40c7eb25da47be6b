"""The inbox: what a member of staff may see, filtered, most urgent (or newest) first."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from portal.casework.services import KINDS, STATUSES
from portal.inquiries.models import Inquiry
from portal.staff.access import visible_to
from portal.staff.models import StaffUser

PAGE_SIZE = 50
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
    total: int
    filters: Filters

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def _filtered(user: StaffUser, f: Filters, now: datetime) -> Select[Any]:
    stmt = select(Inquiry).where(visible_to(user))
    if f.kind:
        stmt = stmt.where(Inquiry.kind == f.kind)
    if f.district == "none":
        stmt = stmt.where(Inquiry.district_slug.is_(None))
    elif f.district:
        stmt = stmt.where(Inquiry.district_slug == f.district)
    if f.status == "open":
        stmt = stmt.where(Inquiry.status != "closed")
    elif f.status != "all":
        stmt = stmt.where(Inquiry.status == f.status)
    if f.clock == "overdue":
        stmt = stmt.where(Inquiry.next_due_at <= now)
    elif f.clock == "today":
        stmt = stmt.where(Inquiry.next_due_at <= now + timedelta(hours=24))
    return stmt


def page(s: Session, user: StaffUser, f: Filters, now: datetime) -> Page:
    """One page of the inbox."""
    stmt = _filtered(user, f, now)
    total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    order: tuple[Any, ...] = (Inquiry.received_at.desc(),)
    if f.sort == "urgent":
        # Open deadlines first, the one that runs out first on top; then the newest.
        order = (Inquiry.next_due_at.is_(None), Inquiry.next_due_at, *order)
    rows = s.scalars(
        stmt.order_by(*order, Inquiry.id)
        .options(selectinload(Inquiry.assigned_to))
        .limit(PAGE_SIZE)
        .offset((f.page - 1) * PAGE_SIZE)
    )
    return Page(list(rows), total, f)


def overdue_count(s: Session, user: StaffUser, now: datetime) -> int:
    """How many open items the user can see are past a deadline (for the menu)."""
    stmt = _filtered(user, Filters(clock="overdue"), now)
    return s.scalar(select(func.count()).select_from(stmt.subquery())) or 0

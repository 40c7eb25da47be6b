"""Who sees which case: ``POLICY``, read two ways from one declaration (for one case in
hand, and as a WHERE clause over many). The views' guard (``staff_required``) is
portal.staff.access."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_, true

from portal.inquiries.models import Inquiry
from portal.staff.models import StaffUser

# People who work on cases, and who may read what children and reporters wrote.
CASEWORKERS = ("reception", "adviser", "leader")
EVERYONE = ("reception", "adviser", "leader", "admin")


@dataclass(frozen=True)
class Cases:
    """Which cases a user sees, written once in both readings, side by side: for one case
    in hand (``holds``) and as a WHERE clause over many (``where``)."""

    holds: Callable[[StaffUser, Inquiry], bool]
    where: Callable[[StaffUser], ColumnElement[bool]]


EVERY_CASE = Cases(lambda _user, _case: True, lambda _user: true())
ASSIGNED_TO_THEM = Cases(
    lambda user, case: case.assigned_to_id == user.id,
    lambda user: Inquiry.assigned_to_id == user.id,
)
IN_THEIR_DISTRICTS = Cases(
    lambda user, case: case.district_slug in user.district_slugs,
    lambda user: (
        Inquiry.district_slug.in_(sorted(user.district_slugs)) if user.district_slugs else false()
    ),
)
WITHOUT_DISTRICT = Cases(
    lambda _user, case: case.district_slug is None,
    lambda _user: Inquiry.district_slug.is_(None),
)


@dataclass(frozen=True)
class Grant:
    """The roles that see the cases described."""

    roles: tuple[str, ...]
    cases: Cases


# Who may open a case: leaders see all; reception and advisers their districts' cases and
# the ones assigned to them; cases without a district wait for reception to triage them.
# Administrators see none. ``may_open`` and ``visible_to`` both read this, and nothing else.
POLICY = (
    Grant(("leader",), EVERY_CASE),
    Grant(("reception", "adviser"), ASSIGNED_TO_THEM),
    Grant(("reception", "adviser"), IN_THEIR_DISTRICTS),
    Grant(("reception",), WITHOUT_DISTRICT),
)


def may_open(user: StaffUser, inquiry: Inquiry) -> bool:
    """Whether ``user`` may open ``inquiry`` (``POLICY`` for one case in hand)."""
    return any(user.role in g.roles and g.cases.holds(user, inquiry) for g in POLICY)


def visible_to(user: StaffUser) -> ColumnElement[bool]:
    """The inquiries ``user`` may open (``POLICY`` as a WHERE clause, for the inbox and
    counts)."""
    clauses = [g.cases.where(user) for g in POLICY if user.role in g.roles]
    return or_(*clauses) if clauses else false()

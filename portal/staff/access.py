"""Who may do what: every staff view declares its roles; who sees which case is ``POLICY``.

``staff_required(*roles)`` marks a view and enforces login (TOTP passed) and role. The
architecture test walks the URL map and fails on any /staff/ route that has neither this
mark nor ``login_step`` (the few pages of logging in itself).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, NoReturn, TypeVar

from flask import abort, redirect, request, url_for
from sqlalchemy import ColumnElement, false, or_, true

from portal import clock, db
from portal.casework import drafts
from portal.inquiries.models import Inquiry
from portal.staff import audit, sessions
from portal.staff.models import StaffUser

F = TypeVar("F", bound=Callable[..., Any])

# People who work on cases, and who may read what children and reporters wrote.
CASEWORKERS = ("reception", "adviser", "leader")
EVERYONE = ("reception", "adviser", "leader", "admin")


def staff_required(*roles: str) -> Callable[[F], F]:
    """Require a logged-in member of staff with one of ``roles``."""
    if not roles:
        raise ValueError("name the roles that may use the view")

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            row = sessions.current_session()
            if row is None or row.stage != "full":
                if request.method == "GET":
                    return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))
                if _kept_after_login(getattr(view, "staff_draft", None)):
                    # Back to the same form after logging in, with the text in it.
                    return redirect(url_for("staff.login", next=request.path, kept=1))
                return redirect(url_for("staff.login"))
            if row.user.role not in roles:
                refuse(row.user, f"role {row.user.role}, needs {' or '.join(roles)}")
            if row.user.must_change_password and request.endpoint != "staff.change_password":
                return redirect(url_for("staff.change_password"))
            if getattr(view, "staff_touch", True):
                sessions.touch(row, clock.now())
                db.session().commit()
            return view(*args, **kwargs)

        wrapped.staff_roles = roles  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


def refuse(
    user: StaffUser, why: str, *, inquiry: Inquiry | None = None, status: int = 403
) -> NoReturn:
    """Refuse the request (``status``), audited as ``note_refusal`` says."""
    note_refusal(user, why, inquiry=inquiry)
    abort(status)


def note_refusal(user: StaffUser, why: str, *, inquiry: Inquiry | None = None) -> None:
    """Say in the audit log that the request is refused (committed at once): who (the
    entry's user and address), what (the method and path, and the case: ``inquiry`` or the
    one the URL names) and ``why``."""
    s = db.session()
    what = f"{request.method} {request.path[:120]}"
    case = inquiry or _case_in_url()
    audit.record(s, user, "denied", inquiry=case, detail=f"{why} ({what})")
    s.commit()


def _case_in_url() -> Inquiry | None:
    """The case the request's URL names, if any (for the audit entry of a refusal)."""
    inquiry_id = str((request.view_args or {}).get("inquiry_id") or "")
    if not (0 < len(inquiry_id) <= 32 and inquiry_id.isascii() and inquiry_id.isalnum()):
        return None  # no case, or none of ours (ids are 32 hex digits)
    return db.session().get(Inquiry, inquiry_id)


def keeps_draft(form: str) -> Callable[[F], F]:
    """Mark a case form whose text is kept (portal.casework.drafts) when it is sent after the
    login ended: the person logs in again and finds it."""

    def mark(view: F) -> F:
        view.staff_draft = form  # type: ignore[attr-defined]
        return view

    return mark


def _kept_after_login(form: str | None) -> bool:
    """Keep the posted text of ``form`` for the person whose login has just ended; whether it
    was kept. (The form token was checked before: the post came from their own page.)"""
    ended = sessions.ended_session() if form is not None else None
    inquiry_id = str((request.view_args or {}).get("inquiry_id", ""))
    s = db.session()
    inquiry = s.get(Inquiry, inquiry_id) if ended is not None else None
    if form is None or ended is None or inquiry is None or not may_open(ended.user, inquiry):
        return False
    drafts.save(
        s, ended.user_id, inquiry.id, form, drafts.fields_of(form, request.form), clock.now()
    )
    s.commit()
    return True


def login_step(view: F) -> F:
    """Mark a view that is part of logging in (no role can be required yet)."""
    view.staff_login_step = True  # type: ignore[attr-defined]
    return view


def no_touch(view: F) -> F:
    """A view that must not count as activity (the idle warning's status check)."""
    view.staff_touch = False  # type: ignore[attr-defined]
    return view


def current() -> StaffUser:
    """The logged-in user inside a ``staff_required`` view."""
    user = sessions.current_user()
    if user is None:  # pragma: no cover - staff_required ran first
        abort(401)
    return user


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

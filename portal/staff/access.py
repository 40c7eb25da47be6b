"""Who may do what: every staff view declares its roles; who sees which case is ``POLICY``
(portal.staff.policy, in the core).

``staff_required(*roles)`` marks a view and enforces login (TOTP passed) and role. The
architecture test walks the URL map and fails on any /staff/ route that has neither this
mark nor ``login_step`` (the few pages of logging in itself).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn, TypeVar

from flask import abort, redirect, request, url_for

from portal import clock, db
from portal import current as web
from portal.casework import drafts
from portal.core.uow import unit_of_work
from portal.inquiries.models import Inquiry
from portal.staff import audit, sessions
from portal.staff.models import StaffUser
from portal.staff.policy import CASEWORKERS, EVERYONE, may_open, visible_to

F = TypeVar("F", bound=Callable[..., Any])

# Who sees which case is portal.staff.policy (core); named here too for the views.
__all__ = [
    "CASEWORKERS",
    "EVERYONE",
    "current",
    "keeps_draft",
    "login_step",
    "may_open",
    "no_touch",
    "note_refusal",
    "refuse",
    "staff_required",
    "visible_to",
]


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
                with unit_of_work(db.session()):
                    sessions.touch(row, clock.now())
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
    what = f"{request.method} {request.path[:120]}"
    case = inquiry or _case_in_url()
    ctx = web.context().acting(user)
    with unit_of_work(ctx.session):
        audit.log(ctx, "denied", inquiry=case, detail=f"{why} ({what})")


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
    ctx = web.context()
    with unit_of_work(s):
        drafts.save(ctx, ended.user_id, inquiry.id, form, drafts.fields_of(form, request.form))
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

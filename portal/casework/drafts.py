"""Staff drafts: what an adviser is writing on a case, sealed, per case, author and form.

Saved as they type (with JavaScript), on every press of send, and when a send arrives
after the login ended (portal.staff.access); read back when the form is opened again, and
deleted when what was written is sent.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.casework.models import StaffDraft
from portal.core.context import Context
from portal.inquiries.models import new_id

# The forms that keep drafts, and their text fields.
FORMS: dict[str, tuple[str, ...]] = {
    "reply": ("message",),
    # The participation note (portal.casework.decision_views): its written fields.
    "note": ("place", "present", "views", "weighing"),
    # "Ask the child" (portal.casework.invite_views): the reason the child reads.
    "invite": ("reason",),
    # The decision with its feedback to the child (portal.casework.decision_views).
    "feedback": ("decision", "decided", "views_weighed", "not_possible", "not_heard_note"),
}
MAX_CHARS = 20_000  # per field: more than any form takes, less than a request may carry


def _row(s: Session, user_id: str, inquiry_id: str, form: str) -> StaffDraft | None:
    return s.scalar(
        select(StaffDraft).where(
            StaffDraft.user_id == user_id,
            StaffDraft.inquiry_id == inquiry_id,
            StaffDraft.form == form,
        )
    )


def fields_of(form: str, posted: Any) -> dict[str, str]:
    """The draft's fields out of what was posted (anything else is left out)."""
    return {
        name: str(posted.get(name) or "")[:MAX_CHARS]
        for name in FORMS[form]
        if isinstance(posted.get(name), str)
    }


def save(ctx: Context, user_id: str, inquiry_id: str, form: str, fields: dict[str, str]) -> None:
    """Keep the fields (an empty draft is forgotten), in the caller's unit of work."""
    s = ctx.session
    row = _row(s, user_id, inquiry_id, form)
    if not any(v.strip() for v in fields.values()):
        if row is not None:
            s.delete(row)
        return
    if row is None:
        row = StaffDraft(id=new_id(), user_id=user_id, inquiry_id=inquiry_id, form=form)
        s.add(row)
    row.data = ctx.cipher.seal_json(fields, table="staff_draft", column="data", row_id=row.id)
    row.updated_at = ctx.now


def load(
    ctx: Context, user_id: str, inquiry_id: str, form: str
) -> tuple[dict[str, str], datetime] | None:
    """The kept fields and when they were kept, or None."""
    row = _row(ctx.session, user_id, inquiry_id, form)
    if row is None:
        return None
    fields: dict[str, str] = ctx.cipher.open_json(
        row.data, table="staff_draft", column="data", row_id=row.id
    )
    return fields, row.updated_at


def discard(s: Session, user_id: str, inquiry_id: str, form: str) -> None:
    """Forget the draft (what it held was sent), in the caller's unit of work."""
    row = _row(s, user_id, inquiry_id, form)
    if row is not None:
        s.delete(row)

"""Use cases of casework; each runs in the caller's transaction and leaves an audit entry.

The caller (a view) commits, so the change and its audit entry are written together.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal.casework.models import Assessment, ChildFeedback, ReporterFeedback, Triage
from portal.inquiries import records, services
from portal.inquiries.models import Inquiry, ParticipationRecord, new_id
from portal.mail import notices
from portal.push import notify
from portal.security.crypto import cipher, seal_json
from portal.staff import audit
from portal.staff.models import StaffUser

KINDS = ("ask_for_help", "application", "report_of_concern", "consultation")
STATUSES = ("new", "assessed", "triaged", "closed")
# Kinds where a child speaks for themself and gets the Lundy feedback before closing.
CHILD_KINDS = ("ask_for_help", "consultation")


class CaseworkError(ValueError):
    """The step cannot be taken now; the message (translated when shown) says what first."""

    def __init__(self, message: LazyString) -> None:
        super().__init__(message)
        self.message = message


def _seal(text: str, table: str, column: str, row_id: str) -> str:
    return cipher().encrypt(text, table=table, column=column, row_id=row_id)


def read(s: Session, user: StaffUser, inquiry: Inquiry, now: datetime) -> None:
    """Record that ``user`` read the case; the child's record gains its Audience."""
    audit.record(s, user, "read_case", inquiry=inquiry)
    record = inquiry.participation
    # An anonymised record gains no reader: the change would go to the case system.
    if record is not None and inquiry.anonymised_at is None:
        _add_audience(record, user, now)


def _add_audience(record: ParticipationRecord, user: StaffUser, now: datetime) -> None:
    lundy = records.lundy_of(record)
    audience = lundy.setdefault("audience", {})
    readers: list[dict[str, Any]] = audience.setdefault("heard_by", [])
    if any(r.get("staff_id") == user.id for r in readers):
        return
    readers.append(
        {"staff_id": user.id, "name": user.name, "role": user.role, "at": now.isoformat()}
    )
    _store_lundy(record, lundy)


def _store_lundy(record: ParticipationRecord, lundy: dict[str, Any]) -> None:
    record.lundy = seal_json(lundy, table="participation_record", column="lundy", row_id=record.id)


def assess(
    s: Session, user: StaffUser, inquiry: Inquiry, *, acute: bool, reasoning: str, now: datetime
) -> Assessment:
    """The § 136 assessment of a report of concern; stops the 24-hour clock."""
    if inquiry.kind != "report_of_concern":
        raise CaseworkError(_l("Only reports of concern are assessed."))
    if inquiry.assessed_at is not None:
        raise CaseworkError(_l("This report has already been assessed."))
    row = Assessment(id=new_id(), inquiry_id=inquiry.id, user_id=user.id, at=now, acute=acute)
    row.reasoning = _seal(reasoning, "assessment", "reasoning", row.id)
    s.add(row)
    inquiry.assessed_at = now
    if inquiry.status == "new":
        inquiry.status = "assessed"
    audit.record(s, user, "assessed", inquiry=inquiry, detail="acute" if acute else "not acute")
    return row


def triage(
    s: Session,
    user: StaffUser,
    inquiry: Inquiry,
    *,
    route: str,
    measure: str | None,
    district_slug: str,
    assigned_to: StaffUser | None,
    reasoning: str,
    case_code: str | None,
    now: datetime,
) -> Triage:
    """A triage decision: route, reasoning, district and adviser. May be taken again."""
    if inquiry.closed_at is not None:
        raise CaseworkError(_l("The case is closed."))
    if inquiry.kind == "report_of_concern" and inquiry.assessed_at is None:
        raise CaseworkError(_l("Assess the report first: is acute action needed?"))
    row = Triage(
        id=new_id(),
        inquiry_id=inquiry.id,
        user_id=user.id,
        at=now,
        route=route,
        measure=measure if route == "special_counselling" else None,
        district_slug=district_slug,
        assigned_to_id=assigned_to.id if assigned_to else None,
    )
    row.reasoning = _seal(reasoning, "triage", "reasoning", row.id)
    s.add(row)
    inquiry.triaged_at = inquiry.triaged_at or now
    inquiry.district_slug = district_slug
    inquiry.assigned_to_id = assigned_to.id if assigned_to else None
    inquiry.case_code = case_code or inquiry.case_code
    inquiry.status = "triaged"
    audit.record(s, user, "triaged", inquiry=inquiry, detail=f"{route} {row.measure or ''}".strip())
    return row


def reply(s: Session, user: StaffUser, inquiry: Inquiry, *, text: str, now: datetime) -> None:
    """A message into the conversation; the child or family reads it at their next visit."""
    if inquiry.conversation is None:
        raise CaseworkError(_l("This inquiry has no conversation to answer in."))
    message = services.add_message(s, inquiry.conversation, author="staff", text=text, now=now)
    notify.new_message(s, inquiry.conversation, message, now)
    inquiry.first_reply_at = inquiry.first_reply_at or now
    audit.record(s, user, "replied", inquiry=inquiry)


def give_feedback(
    s: Session,
    user: StaffUser,
    inquiry: Inquiry,
    *,
    decision: str,
    views_weighed: str,
    message: str,
    now: datetime,
) -> ChildFeedback:
    """Influence: record the decision and how the child's views counted, send the child the
    plain-language message, and close the case."""
    if inquiry.kind not in CHILD_KINDS:
        raise CaseworkError(_l("Feedback to the child is for a child's own inquiries."))
    if inquiry.closed_at is not None:
        raise CaseworkError(_l("The case is already closed."))
    row = ChildFeedback(id=new_id(), inquiry_id=inquiry.id, user_id=user.id, at=now)
    row.decision = _seal(decision, "child_feedback", "decision", row.id)
    row.views_weighed = _seal(views_weighed, "child_feedback", "views_weighed", row.id)
    row.message = _seal(message, "child_feedback", "message", row.id)
    s.add(row)
    if inquiry.conversation is not None:
        sent = services.add_message(s, inquiry.conversation, author="staff", text=message, now=now)
        notify.new_message(s, inquiry.conversation, sent, now)
        inquiry.first_reply_at = inquiry.first_reply_at or now
    if inquiry.participation is not None:
        lundy = records.lundy_of(inquiry.participation)
        influence = lundy.setdefault("influence", {})
        influence.update(
            {
                "considered_by": {"staff_id": user.id, "name": user.name, "role": user.role},
                "decision": decision,
                "how_views_counted": views_weighed,
                "feedback_to_child": message,
                "feedback_given_at": now.isoformat(),
            }
        )
        _store_lundy(inquiry.participation, lundy)
    inquiry.feedback_given_at = now
    _close(inquiry, now)
    audit.record(s, user, "feedback_given", inquiry=inquiry)
    return row


def close(s: Session, user: StaffUser, inquiry: Inquiry, *, now: datetime) -> None:
    """Close a report or application in the portal (the case goes on in the case system)."""
    if inquiry.kind in CHILD_KINDS:
        raise CaseworkError(_l("A child's inquiry is closed by giving the child feedback."))
    if inquiry.triaged_at is None:
        raise CaseworkError(_l("Triage the inquiry before closing it."))
    if inquiry.receipt_due is not None and inquiry.receipt_sent_at is None:
        raise CaseworkError(_l("Record the receipt to the reporter before closing."))
    _close(inquiry, now)
    audit.record(s, user, "closed", inquiry=inquiry)


def _close(inquiry: Inquiry, now: datetime) -> None:
    inquiry.closed_at = now
    inquiry.status = "closed"


def record_receipt(s: Session, user: StaffUser, inquiry: Inquiry, *, now: datetime) -> None:
    """The receipt to a professional reporter was sent (stops the 6-working-day clock)."""
    if inquiry.receipt_due is None:
        raise CaseworkError(_l("No receipt is due on this inquiry."))
    if inquiry.receipt_sent_at is None:
        inquiry.receipt_sent_at = now
        audit.record(s, user, "receipt_sent", inquiry=inquiry)


def reporter_email(inquiry: Inquiry) -> str | None:
    """The professional reporter's work email, if the report has one."""
    address = records.answers_of(inquiry).get("email")
    return str(address) if address else None


def record_reporter_feedback(
    s: Session, user: StaffUser, inquiry: Inquiry, *, outcome: str, how: str, now: datetime
) -> ReporterFeedback:
    """§ 137: the professional reporter was told whether an investigation or support began."""
    if inquiry.reporter_feedback_due is None:
        raise CaseworkError(_l("No § 137 feedback is due on this inquiry."))
    if inquiry.reporter_feedback_at is not None:
        raise CaseworkError(_l("The reporter has already had the § 137 feedback."))
    if inquiry.triaged_at is None:
        raise CaseworkError(_l("Triage the report first: the feedback tells what was decided."))
    address = reporter_email(inquiry) if how == "email" else None
    if how == "email" and address is None:
        raise CaseworkError(_l("The reporter gave no email. Choose another way."))
    row = ReporterFeedback(
        id=new_id(), inquiry_id=inquiry.id, user_id=user.id, at=now, outcome=outcome, how=how
    )
    s.add(row)
    if address is not None:
        notices.reporter_feedback(s, inquiry, to=address, outcome=outcome, now=now)
    inquiry.reporter_feedback_at = now
    audit.record(s, user, "reporter_feedback", inquiry=inquiry, detail=outcome)
    return row

"""Use cases of casework; each runs in the caller's transaction and leaves an audit entry.

The caller (a view) commits, so the change and its audit entry are written together.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal.casework import rules
from portal.casework.clocks import ASSESSMENT
from portal.casework.models import (
    Assessment,
    ChildFeedback,
    Conversion,
    ReporterFeedback,
    Triage,
)
from portal.casework.rules import REPORT
from portal.casework.rules import CaseworkError as CaseworkError  # what the views catch
from portal.core.context import Context
from portal.inquiries import conversation_sessions, conversations, promises, records, services
from portal.inquiries.lundy import Feedback, Reader, Staff
from portal.inquiries.models import Inquiry, ParticipationRecord, new_id
from portal.mail import notices
from portal.push import notify, subscriptions
from portal.safety import services as safety
from portal.security.crypto import cipher
from portal.staff import audit
from portal.staff.models import StaffUser

KINDS = ("ask_for_help", "application", "report_of_concern", "consultation")
STATUSES = ("new", "assessed", "triaged", "closed")


def _seal(text: str, table: str, column: str, row_id: str) -> str:
    return cipher().encrypt(text, table=table, column=column, row_id=row_id)


def read(s: Session, user: StaffUser, inquiry: Inquiry, now: datetime) -> None:
    """Record that ``user`` read the case; the child's record gains its Audience. The first
    opening of a possible safety case stops its escalation."""
    first = safety.note_opening(s, user, inquiry, now)
    audit.record(
        s,
        user,
        "read_case",
        inquiry=inquiry,
        detail="first opening after a safety alert" if first else "",
    )
    record = inquiry.participation
    # An anonymised record gains no reader: the change would go to the case system.
    if record is not None and inquiry.anonymised_at is None:
        _add_audience(record, user, now)


def _add_audience(record: ParticipationRecord, user: StaffUser, now: datetime) -> None:
    reader = Reader(staff_id=user.id, name=user.name, role=user.role, at=now.isoformat())
    changed = records.lundy_of(record).read_by(reader)
    if changed is not None:
        services.store_lundy(record, changed)


def assess(
    s: Session, user: StaffUser, inquiry: Inquiry, *, outcome: str, reasoning: str, now: datetime
) -> Assessment:
    """The 24-hour assessment (§ 136) of a report of concern or a possible safety case;
    stops the clock and ends the safety flag. A safety case assessed as a report of concern
    becomes one."""
    rules.require(rules.ASSESS, inquiry, user)
    if outcome not in rules.assessment_outcomes(inquiry):
        raise CaseworkError(_l("Choose one of the outcomes on the page."))
    acute = outcome in ("acute", "acted")
    row = Assessment(
        id=new_id(), inquiry_id=inquiry.id, user_id=user.id, at=now, acute=acute, outcome=outcome
    )
    row.reasoning = _seal(reasoning, "assessment", "reasoning", row.id)
    s.add(row)
    inquiry.assessed_at = now
    flag = safety.end_flag(s, inquiry, now)
    if inquiry.status == "new":
        inquiry.status = "assessed"
    if outcome == REPORT:
        _convert(s, user, inquiry, now)
    audit.record(
        s, user, "safety_assessed" if flag else "assessed", inquiry=inquiry, detail=outcome
    )
    return row


def convert_to_report(s: Session, user: StaffUser, inquiry: Inquiry, *, now: datetime) -> None:
    """Treat any inquiry as a report of concern, in one step: what was written stays, and
    the 24-hour assessment runs from when the municipality received it (§ 136), or from
    the message that raised an open safety flag."""
    rules.require(rules.CONVERT, inquiry, user)
    flag = safety.open_flag(s, inquiry)
    if flag is None:
        inquiry.assess_by = inquiry.received_at + ASSESSMENT
        inquiry.assessed_at = None
    _convert(s, user, inquiry, now)
    if inquiry.status == "assessed" and inquiry.assessed_at is None:
        inquiry.status = "new"


def _convert(s: Session, user: StaffUser, inquiry: Inquiry, now: datetime) -> None:
    s.add(
        Conversion(
            id=new_id(),
            inquiry_id=inquiry.id,
            user_id=user.id,
            at=now,
            from_kind=inquiry.kind,
            to_kind=REPORT,
        )
    )
    inquiry.converted_from = inquiry.converted_from or inquiry.kind
    inquiry.converted_at = now
    inquiry.kind = REPORT
    audit.record(s, user, "converted", inquiry=inquiry, detail=f"from {inquiry.converted_from}")


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
    rules.require(rules.TRIAGE, inquiry, user)
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


def assign(
    s: Session, user: StaffUser, inquiry: Inquiry, adviser: StaffUser, *, now: datetime
) -> None:
    """Give the case to the adviser the child named (one click on the case page)."""
    rules.require(rules.ASSIGN, inquiry, user)
    if adviser.role != "adviser" or not adviser.active:
        raise CaseworkError(_l("Choose an active adviser."))
    inquiry.assigned_to_id = adviser.id
    audit.record(s, user, "assigned", inquiry=inquiry, detail=adviser.email)


def reply(s: Session, user: StaffUser, inquiry: Inquiry, *, text: str, now: datetime) -> None:
    """A message into the conversation; the child or family reads it at their next visit."""
    rules.require(rules.REPLY, inquiry, user)
    assert inquiry.conversation is not None  # the rule asks for one
    message = services.add_message(s, inquiry.conversation, author="staff", text=text, now=now)
    notify.new_message(_outbox_ctx(s, now), inquiry.conversation, message)
    inquiry.first_reply_at = inquiry.first_reply_at or now
    promises.answered(s, inquiry, now)
    audit.record(s, user, "replied", inquiry=inquiry)


def change_words(s: Session, user: StaffUser, inquiry: Inquiry, *, now: datetime) -> str:
    """End the conversation on every device that has it open and make new secret words (the
    old ones only say they were changed); turn off the notices of every phone, which may
    not be the child's. Returns the new words, to show once to ``user``, who gives them to
    the child in person or on the phone."""
    rules.require(rules.NEW_WORDS, inquiry, user)
    conversation = inquiry.conversation
    assert conversation is not None  # the rule asks for one
    ended = conversation_sessions.end_all(s, conversation.id, now)
    words = conversations.new_words(s, conversation, now=now)
    phones = subscriptions.remove_all(s, conversation)
    audit.record(
        s,
        user,
        "words_changed",
        inquiry=inquiry,
        detail=f"sessions ended: {ended}; push subscriptions removed: {phones}",
    )
    return words


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
    rules.require(rules.FEEDBACK, inquiry, user)
    row = ChildFeedback(id=new_id(), inquiry_id=inquiry.id, user_id=user.id, at=now)
    row.decision = _seal(decision, "child_feedback", "decision", row.id)
    row.views_weighed = _seal(views_weighed, "child_feedback", "views_weighed", row.id)
    row.message = _seal(message, "child_feedback", "message", row.id)
    s.add(row)
    if inquiry.conversation is not None:
        sent = services.add_message(s, inquiry.conversation, author="staff", text=message, now=now)
        notify.new_message(_outbox_ctx(s, now), inquiry.conversation, sent)
        inquiry.first_reply_at = inquiry.first_reply_at or now
        promises.answered(s, inquiry, now)
    if inquiry.participation is not None:
        feedback = Feedback(
            considered_by=Staff(staff_id=user.id, name=user.name, role=user.role),
            decision=decision,
            how_views_counted=views_weighed,
            feedback_to_child=message,
            feedback_given_at=now.isoformat(),
        )
        lundy = records.lundy_of(inquiry.participation).with_feedback(feedback)
        services.store_lundy(inquiry.participation, lundy)
    inquiry.feedback_given_at = now
    _close(inquiry, now)
    audit.record(s, user, "feedback_given", inquiry=inquiry)
    return row


def close(s: Session, user: StaffUser, inquiry: Inquiry, *, now: datetime) -> None:
    """Close a report or application in the portal (the case goes on in the case system);
    or a child's own case opened again by a message after its feedback."""
    rules.require(rules.CLOSE, inquiry, user)
    _close(inquiry, now)
    audit.record(s, user, "closed", inquiry=inquiry)


def _close(inquiry: Inquiry, now: datetime) -> None:
    inquiry.closed_at = now
    inquiry.status = "closed"


def record_receipt(s: Session, user: StaffUser, inquiry: Inquiry, *, now: datetime) -> None:
    """The receipt to a professional reporter was sent (stops the 6-working-day clock); once
    recorded, recording it again changes nothing."""
    rules.require(rules.RECEIPT, inquiry, user)
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
    rules.require(rules.REPORTER_FEEDBACK, inquiry, user)
    address = reporter_email(inquiry) if how == "email" else None
    if how == "email" and address is None:
        raise CaseworkError(_l("The reporter gave no email. Choose another way."))
    row = ReporterFeedback(
        id=new_id(), inquiry_id=inquiry.id, user_id=user.id, at=now, outcome=outcome, how=how
    )
    s.add(row)
    if address is not None:
        notices.reporter_feedback(_outbox_ctx(s, now), inquiry, to=address, outcome=outcome)
    inquiry.reporter_feedback_at = now
    audit.record(s, user, "reporter_feedback", inquiry=inquiry, detail=outcome)
    return row


def _outbox_ctx(s: Session, now: datetime) -> Context:
    """A Context for queueing in ``s`` at ``now`` (until this module's use cases take one)."""
    from portal import current

    return replace(current.context(), session=s, now=now)

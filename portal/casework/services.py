"""Use cases of casework; each runs in the caller's unit of work and leaves an audit entry.

The caller (a view, through ``portal.current.run``; the demo) commits, so the change and
its audit entry are written together. ``ctx.user`` takes the step.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from portal.casework import drafts, rules, sensitive
from portal.casework.clocks import ASSESSMENT
from portal.casework.models import (
    Assessment,
    Conversion,
    ReporterFeedback,
    Triage,
)
from portal.casework.rules import REPORT
from portal.casework.rules import CaseworkError as CaseworkError  # what the views catch
from portal.core.context import Context
from portal.core.text import N_
from portal.inquiries import conversation_sessions, conversations, promises, records, services
from portal.inquiries.lundy import Reader
from portal.inquiries.models import Inquiry, ParticipationRecord, new_id
from portal.mail import notices
from portal.push import notify, subscriptions
from portal.safety import services as safety
from portal.staff import audit
from portal.staff.models import StaffUser


def _seal(ctx: Context, text: str, table: str, column: str, row_id: str) -> str:
    return ctx.cipher.encrypt(text, table=table, column=column, row_id=row_id)


def staff_of(ctx: Context) -> StaffUser:
    """The member of staff taking the step."""
    if ctx.user is None:
        raise ValueError("a casework step is taken by a member of staff")
    return ctx.user


def read(ctx: Context, inquiry: Inquiry) -> None:
    """Record that ``user`` read the case (the audit log). The first opening of a possible
    safety case stops its escalation.

    The child's record gains its Audience only from the case's own adviser: the Audience is
    who with influence heard the child (the adviser; the note's author and the
    decision-maker join it when they record), not everyone who opened the page."""
    s, user, now = ctx.session, staff_of(ctx), ctx.now
    first = safety.note_opening(s, user, inquiry, now)
    audit.log(
        ctx,
        "read_case",
        inquiry=inquiry,
        detail="first opening after a safety alert" if first else "",
    )
    record = inquiry.participation
    # An anonymised record gains no reader: the change would go to the case system.
    if record is not None and inquiry.anonymised_at is None and inquiry.assigned_to_id == user.id:
        add_audience(ctx, record, user)


def read_record(ctx: Context, inquiry: Inquiry, *, reveal: bool) -> None:
    """Record that ``ctx.user`` read the inquiry as the case system gets it; with ``reveal``,
    that the masked answers were shown in full too."""
    audit.log(ctx, "read_record", inquiry=inquiry)
    if reveal:
        sensitive.shown(ctx, inquiry, "record")


def read_participation(ctx: Context, inquiries: list[Inquiry]) -> None:
    """Record that ``ctx.user`` read the participation records of ``inquiries``."""
    for inquiry in inquiries:
        audit.log(ctx, "read_participation", inquiry=inquiry)


def add_audience(ctx: Context, record: ParticipationRecord, user: StaffUser) -> None:
    """``user`` heard the child: they join the record's Audience (once)."""
    reader = Reader(staff_id=user.id, name=user.name, role=user.role, at=ctx.now.isoformat())
    changed = records.lundy_of(ctx.cipher, record).read_by(reader)
    if changed is not None:
        services.store_lundy(record, changed, ctx.cipher)


def assess(ctx: Context, inquiry: Inquiry, *, outcome: str, reasoning: str) -> Assessment:
    """The 24-hour assessment (§ 136) of a report of concern or a possible safety case;
    stops the clock and ends the safety flag. A safety case assessed as a report of concern
    becomes one."""
    s, user, now = ctx.session, staff_of(ctx), ctx.now
    rules.require(rules.ASSESS, inquiry, user)
    if outcome not in rules.assessment_outcomes(inquiry):
        raise CaseworkError(N_("Choose one of the outcomes on the page."))
    acute = outcome in ("acute", "acted")
    row = Assessment(
        id=new_id(), inquiry_id=inquiry.id, user_id=user.id, at=now, acute=acute, outcome=outcome
    )
    row.reasoning = _seal(ctx, reasoning, "assessment", "reasoning", row.id)
    s.add(row)
    inquiry.assessed_at = now
    flag = safety.end_flag(s, inquiry, now)
    if inquiry.status == "new":
        inquiry.status = "assessed"
    if outcome == REPORT:
        _convert(ctx, inquiry)
    audit.log(ctx, "safety_assessed" if flag else "assessed", inquiry=inquiry, detail=outcome)
    return row


def convert_to_report(ctx: Context, inquiry: Inquiry) -> None:
    """Treat any inquiry as a report of concern, in one step: what was written stays, and
    the 24-hour assessment runs from when the municipality received it (§ 136), or from
    the message that raised an open safety flag."""
    s, user = ctx.session, staff_of(ctx)
    rules.require(rules.CONVERT, inquiry, user)
    flag = safety.open_flag(s, inquiry)
    if flag is None:
        inquiry.assess_by = inquiry.received_at + ASSESSMENT
        inquiry.assessed_at = None
    _convert(ctx, inquiry)
    if inquiry.status == "assessed" and inquiry.assessed_at is None:
        inquiry.status = "new"


def _convert(ctx: Context, inquiry: Inquiry) -> None:
    user, now = staff_of(ctx), ctx.now
    ctx.session.add(
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
    audit.log(ctx, "converted", inquiry=inquiry, detail=f"from {inquiry.converted_from}")


def triage(
    ctx: Context,
    inquiry: Inquiry,
    *,
    route: str,
    measure: str | None,
    district_slug: str,
    assigned_to: StaffUser | None,
    reasoning: str,
    case_code: str | None,
) -> Triage:
    """A triage decision: route, reasoning, district and adviser. May be taken again."""
    s, user, now = ctx.session, staff_of(ctx), ctx.now
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
    row.reasoning = _seal(ctx, reasoning, "triage", "reasoning", row.id)
    s.add(row)
    inquiry.triaged_at = inquiry.triaged_at or now
    inquiry.district_slug = district_slug
    # The child's views given for this case go where the case goes: who may read the case
    # (the district's staff) may read them, and nobody else.
    for view in s.scalars(select(Inquiry).where(Inquiry.case_id == inquiry.id)):
        view.district_slug = district_slug
    inquiry.assigned_to_id = assigned_to.id if assigned_to else None
    inquiry.case_code = case_code or inquiry.case_code
    inquiry.status = "triaged"
    audit.log(ctx, "triaged", inquiry=inquiry, detail=f"{route} {row.measure or ''}".strip())
    return row


def assign(ctx: Context, inquiry: Inquiry, adviser: StaffUser) -> None:
    """Give the case to the adviser the child named (one click on the case page)."""
    user = staff_of(ctx)
    rules.require(rules.ASSIGN, inquiry, user)
    if adviser.role != "adviser" or not adviser.active:
        raise CaseworkError(N_("Choose an active adviser."))
    inquiry.assigned_to_id = adviser.id
    audit.log(ctx, "assigned", inquiry=inquiry, detail=adviser.email)


def reply(ctx: Context, inquiry: Inquiry, *, text: str) -> None:
    """A message into the conversation; the child or family reads it at their next visit."""
    s, user, now = ctx.session, staff_of(ctx), ctx.now
    rules.require(rules.REPLY, inquiry, user)
    assert inquiry.conversation is not None  # the rule asks for one
    message = services.add_message(ctx, inquiry.conversation, author="staff", text=text)
    notify.new_message(ctx, inquiry.conversation, message)
    inquiry.first_reply_at = inquiry.first_reply_at or now
    promises.answered(s, inquiry, now)
    drafts.discard(s, user.id, inquiry.id, "reply")  # what it held is sent
    audit.log(ctx, "replied", inquiry=inquiry)


def change_words(ctx: Context, inquiry: Inquiry) -> str:
    """End the conversation on every device that has it open and make new secret words (the
    old ones only say they were changed); turn off the notices of every phone, which may
    not be the child's. Returns the new words, to show once to ``user``, who gives them to
    the child in person or on the phone."""
    s, user, now = ctx.session, staff_of(ctx), ctx.now
    rules.require(rules.NEW_WORDS, inquiry, user)
    conversation = inquiry.conversation
    assert conversation is not None  # the rule asks for one
    ended = conversation_sessions.end_all(s, conversation.id, now)
    words = conversations.new_words(ctx, conversation)
    phones = subscriptions.remove_all(s, conversation)
    audit.log(
        ctx,
        "words_changed",
        inquiry=inquiry,
        detail=f"sessions ended: {ended}; push subscriptions removed: {phones}",
    )
    return words


def close(ctx: Context, inquiry: Inquiry) -> None:
    """Close a case in the portal (the case goes on in the case system); a child's own case
    once the child has been told a decision (portal.casework.decisions)."""
    rules.require(rules.CLOSE, inquiry, staff_of(ctx))
    _close(inquiry, ctx.now)
    audit.log(ctx, "closed", inquiry=inquiry)


def _close(inquiry: Inquiry, now: datetime) -> None:
    inquiry.closed_at = now
    inquiry.status = "closed"


def record_receipt(ctx: Context, inquiry: Inquiry) -> None:
    """The receipt to a professional reporter was sent (stops the 6-working-day clock); once
    recorded, recording it again changes nothing."""
    rules.require(rules.RECEIPT, inquiry, staff_of(ctx))
    if inquiry.receipt_sent_at is None:
        inquiry.receipt_sent_at = ctx.now
        audit.log(ctx, "receipt_sent", inquiry=inquiry)


def reporter_email(ctx: Context, inquiry: Inquiry) -> str | None:
    """The professional reporter's work email, if the report has one."""
    address = records.answers_of(ctx.cipher, inquiry).get("email")
    return str(address) if address else None


def record_reporter_feedback(
    ctx: Context, inquiry: Inquiry, *, outcome: str, how: str
) -> ReporterFeedback:
    """§ 138: the professional reporter was told whether an investigation or support began."""
    s, user, now = ctx.session, staff_of(ctx), ctx.now
    rules.require(rules.REPORTER_FEEDBACK, inquiry, user)
    address = reporter_email(ctx, inquiry) if how == "email" else None
    if how == "email" and address is None:
        raise CaseworkError(N_("The reporter gave no email. Choose another way."))
    row = ReporterFeedback(
        id=new_id(), inquiry_id=inquiry.id, user_id=user.id, at=now, outcome=outcome, how=how
    )
    s.add(row)
    if address is not None:
        notices.reporter_feedback(ctx, inquiry, to=address, outcome=outcome)
    inquiry.reporter_feedback_at = now
    audit.log(ctx, "reporter_feedback", inquiry=inquiry, detail=outcome)
    return row

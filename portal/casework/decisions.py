"""A decision on a case, or the outcome of a meeting, with the feedback to the child (Lundy:
Influence), in as many rounds as the case has; none closes it.

Before a decision is sent on, the child is told three things in plain words: what was
decided, how their views counted, and what was not possible and why. Where the child has a
conversation for the case (portal.casework.hearing.conversation_of) they read it there
as the outcome, in their own language, with a push that says nothing of it; otherwise the
adviser records how and when the child was told. A final decision rests on the child's
views documented since the decision before it, or on a recorded reason why the child was
not heard (Barnets lov § 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.casework import drafts, hearing, rules, services
from portal.casework.hearing import View
from portal.casework.models import DECISION_KINDS, NOT_HEARD_REASONS, TOLD_HOW, ChildFeedback
from portal.casework.rules import CaseworkError
from portal.core.context import Context
from portal.core.text import N_, words
from portal.inquiries import promises, records
from portal.inquiries import services as inquiries
from portal.inquiries.lundy import Feedback, Reader, Staff
from portal.inquiries.models import OUTCOME, Conversation, Inquiry, new_id
from portal.push import notify
from portal.staff import audit

CHOOSE_KIND = N_("Choose whether it is a decision or the outcome of a meeting.")
TELL_THREE = N_(
    "Write all three things the child is told: what was decided, how their views counted, "
    "and what was not possible and why."
)
VIEW_OR_REASON = N_(
    "A final decision needs the child's view first. Record a participation note or ask the "
    "child, or give the reason the child was not heard (age or maturity, the child's wish, "
    "or urgency) and a note about it."
)
TOLD_ANOTHER_WAY = N_(
    "The child has no conversation in the portal. Choose how the child was told, and when."
)
# The headings of the outcome message, in the child's language.
DECIDED = N_("What was decided")
VIEWS_COUNTED = N_("How your views counted")
NOT_POSSIBLE = N_("What was not possible, and why")
# The ways the adviser tells the child when the portal cannot (TOLD_HOW but the portal).
OTHER_WAYS = tuple(how for how in TOLD_HOW if how != "conversation")


@dataclass(frozen=True)
class DecisionInput:
    """What the adviser records: the decision for the case file, the three things the child
    is told, how they were told when not in the portal, and why the child was not heard if
    they were not."""

    kind: str  # DECISION_KINDS
    final: bool
    decision: str  # for the case file
    decided: str  # to the child: what was decided
    views_counted: str  # to the child: how your views counted
    not_possible: str  # to the child: what was not possible, and why
    told_how: str | None = None  # OTHER_WAYS, when the child has no conversation
    told_at: datetime | None = None
    not_heard_reason: str | None = None  # NOT_HEARD_REASONS
    not_heard_note: str | None = None


@dataclass(frozen=True)
class Decided:
    """The decision recorded, and the views it rested on."""

    row: ChildFeedback
    views: list[View]


def outcome_text(ctx: Context, locale: str, given: DecisionInput) -> str:
    """The message the child reads: the three parts under short headings, in ``locale``."""
    reader = words(ctx.settings, locale)
    parts = (
        (DECIDED, given.decided),
        (VIEWS_COUNTED, given.views_counted),
        (NOT_POSSIBLE, given.not_possible),
    )
    return "\n\n".join(f"{reader.gettext(heading)}\n{text.strip()}" for heading, text in parts)


def _basis(given: DecisionInput, views: list[View]) -> str | None:
    """``view`` or ``not_heard`` (VIEW_BASES); refuses a final decision with neither."""
    if views:
        return "view"
    reason_given = given.not_heard_reason in NOT_HEARD_REASONS and bool(
        (given.not_heard_note or "").strip()
    )
    if reason_given:
        return "not_heard"
    if given.final:
        raise CaseworkError(VIEW_OR_REASON)
    return None


def _check(given: DecisionInput) -> None:
    if given.kind not in DECISION_KINDS:
        raise CaseworkError(CHOOSE_KIND)
    if not all(t.strip() for t in (given.decided, given.views_counted, given.not_possible)):
        raise CaseworkError(TELL_THREE)


def _tell(
    ctx: Context,
    row: ChildFeedback,
    case: Inquiry,
    conversation: Conversation | None,
    given: DecisionInput,
) -> str:
    """Tell the child: in their conversation (the outcome message and a push with no
    content), or record how the adviser told them. The text the child was told (in the
    case's language when told another way)."""
    s, now = ctx.session, ctx.now
    if conversation is None:
        if given.told_how not in OTHER_WAYS or given.told_at is None:
            raise CaseworkError(TOLD_ANOTHER_WAY)
        row.told_how, row.told_at = given.told_how, given.told_at
        return outcome_text(ctx, case.locale, given)
    child = conversation.inquiry
    text = outcome_text(ctx, child.locale, given)
    sent = inquiries.add_message(ctx, conversation, author="staff", text=text, kind=OUTCOME)
    notify.new_message(ctx, conversation, sent)
    child.first_reply_at = child.first_reply_at or now
    promises.answered(s, child, now)
    row.told_how, row.told_at, row.message_id = "conversation", now, sent.id
    return text


def decide(ctx: Context, case: Inquiry, given: DecisionInput) -> Decided:
    """Record a decision with its feedback to the child. The views it rests on get the
    feedback in their participation records (with the decision-maker in their Audience when
    the decision rests on them: they read the views before deciding), and their "Feedback to
    the child" clocks stop."""
    s, user, now = ctx.session, services.staff_of(ctx), ctx.now
    rules.require(rules.DECISION, case, user)
    _check(given)
    views = hearing.since_last_decision(s, case)
    basis = _basis(given, views)
    row = ChildFeedback(
        id=new_id(),
        inquiry_id=case.id,
        user_id=user.id,
        at=now,
        kind=given.kind,
        final=given.final,
        view_basis=basis,
        not_heard_reason=given.not_heard_reason if basis == "not_heard" else None,
    )

    def seal(text: str, column: str) -> str:
        return ctx.cipher.encrypt(text, table="child_feedback", column=column, row_id=row.id)

    row.decision = seal(given.decision, "decision")
    row.message = seal(given.decided, "message")
    row.views_weighed = seal(given.views_counted, "views_weighed")
    row.not_possible = seal(given.not_possible, "not_possible")
    if basis == "not_heard":
        row.not_heard_note = seal(given.not_heard_note or "", "not_heard_note")
    told = _tell(ctx, row, case, hearing.conversation_of(s, case), given)
    s.add(row)
    feedback = Feedback(
        considered_by=Staff(staff_id=user.id, name=user.name, role=user.role),
        decision=given.decision,
        how_views_counted=given.views_counted,
        feedback_to_child=told,
        feedback_given_at=now.isoformat(),
    )
    reader = Reader(staff_id=user.id, name=user.name, role=user.role, at=now.isoformat())
    heard = [case] + [v.inquiry for v in views if v.inquiry is not None and v.inquiry != case]
    for inquiry in heard:
        inquiry.feedback_given_at = inquiry.feedback_given_at or now
        record = inquiry.participation
        if record is not None and inquiry.anonymised_at is None:
            lundy = records.lundy_of(ctx.cipher, record).with_feedback(feedback)
            if basis == "view":  # they read the views before deciding: the child's Audience
                lundy = lundy.read_by(reader) or lundy
            inquiries.store_lundy(record, lundy, ctx.cipher)
    drafts.discard(s, user.id, case.id, "feedback")  # what it held is sent
    audit.log(
        ctx, "decision_recorded", inquiry=case, detail=f"{given.kind} final={given.final} {basis}"
    )
    return Decided(row, views)

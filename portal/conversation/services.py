"""The child's or family's side of a conversation: coming in with the six words, staying,
and a message (the use case the conversation page and the demo share)."""

from __future__ import annotations

from dataclasses import dataclass

from portal.core.context import Context
from portal.inquiries import conversation_sessions, conversations, promises, services
from portal.inquiries.conversations import Changed, Opened
from portal.inquiries.models import Conversation, ConversationSession, Message
from portal.safety import rules
from portal.safety import services as safety
from portal.safety.screening import ScreeningList


def receive(
    ctx: Context, conversation: Conversation, text: str, *, screening: ScreeningList
) -> Message:
    """Keep the message (sealed); open the case again if it was closed; promise an answer;
    and screen it for the safety line."""
    s, now = ctx.session, ctx.now
    inquiry = conversation.inquiry
    message = services.add_message(ctx, conversation, author="visitor", text=text)
    after_closing = inquiry.closed_at is not None
    if after_closing:
        promises.reopen(inquiry, now)
    promises.wait_for_answer(s, inquiry, now, ctx.profile, after_closing=after_closing)
    reasons = rules.reasons_for(screening, texts=[text], later_message=True)
    safety.raise_flag(ctx, inquiry, reasons)
    return message


@dataclass(frozen=True)
class Entered:
    """What the six words opened (``found``), and the session opened on this device."""

    found: Opened | Changed | None
    session_id: str | None = None


def enter(ctx: Context, typed: str, *, visit_id: str, replacing: str | None) -> Entered:
    """Find the conversation these words open and open it on this device (the visit), in a
    session of its own; the one the visit had (``replacing``) closes. A conversation from
    before migration 0009 gets its key."""
    found = conversations.find(ctx, typed)
    if not isinstance(found, Opened):
        return Entered(found)
    if replacing is not None:
        conversation_sessions.close(ctx, replacing, visit_id)
    return Entered(found, conversation_sessions.start(ctx, found.conversation_id, visit_id))


def keep_open(ctx: Context, row: ConversationSession) -> None:
    """The conversation was used now: it stays open on this device for another idle period."""
    conversation_sessions.touch(row, ctx.now)

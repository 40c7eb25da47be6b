"""A message from the child or family: the use case the conversation page and the demo share."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from portal.inquiries import promises, services
from portal.inquiries.models import Conversation, Message
from portal.municipality import Profile
from portal.safety import rules
from portal.safety import services as safety
from portal.safety.screening import ScreeningList


def receive(
    s: Session,
    conversation: Conversation,
    text: str,
    *,
    now: datetime,
    profile: Profile,
    screening: ScreeningList,
) -> Message:
    """Keep the message (sealed); open the case again if it was closed; promise an answer;
    and screen it for the safety line. The caller commits."""
    inquiry = conversation.inquiry
    message = services.add_message(s, conversation, author="visitor", text=text, now=now)
    after_closing = inquiry.closed_at is not None
    if after_closing:
        promises.reopen(inquiry, now)
    promises.wait_for_answer(s, inquiry, now, profile, after_closing=after_closing)
    reasons = rules.reasons_for(screening, texts=[text], later_message=True)
    safety.raise_flag(s, inquiry, reasons, now=now)
    return message

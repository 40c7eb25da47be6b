"""Ask for help, sent: the inquiry, the child's participation record and, if they want an
answer, a conversation; screened for the safety line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.core.context import Context
from portal.inquiries import heard, kinds, lundy, promises, services
from portal.journeys.receipts import WithWords
from portal.safety import rules
from portal.safety import services as safety

Answers = dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class AskReceipt(WithWords):
    # Who was told at once (portal.safety.alerts), if the message may be a safety case.
    safety: str | None = None
    answer_by: str | None = None  # ISO date-time, when an answer was wanted


def lundy_record(answers: Answers) -> lundy.Lundy:
    """How the child was heard, from their answers."""
    return heard.asked_for_help(
        anonymous=answers.get("identity") != "named",
        safe_now=answers["safe"],
        message=answers["message"],
        topics=answers["topics"],
        wants_answer=answers.get("wants_answer") == "yes",
    )


def submit(ctx: Context, answers: Answers) -> AskReceipt:
    """Write the inquiry, the child's participation record and, if wanted, a conversation."""
    s, now = ctx.session, ctx.now
    anonymous = answers.get("identity") != "named"
    wants_answer = answers.get("wants_answer") == "yes"
    age_band = answers["age_band"] if answers.get("age_band") != "unsaid" else None
    inquiry = services.create_inquiry(
        ctx,
        kind=kinds.ASK_FOR_HELP.id,
        answers=answers,
        anonymous=anonymous,
        wants_answer=wants_answer,
    )
    services.add_participation(
        ctx,
        inquiry,
        age_band=age_band,
        format="web form: ask for help",
        lundy=lundy_record(answers),
    )
    passphrase, answer_by = None, None
    if wants_answer:
        passphrase = services.open_conversation(ctx, inquiry, first_message=answers["message"])
        answer_by = promises.wait_for_answer(s, inquiry, now, ctx.profile)
    reasons = rules.reasons_for(
        ctx.screening_list(),
        safe=answers["safe"],
        topics=answers["topics"],
        texts=[answers["message"]],
    )
    flag = safety.raise_flag(ctx, inquiry, reasons)
    return AskReceipt(
        reference=inquiry.reference,
        passphrase=passphrase,
        safety=flag.alerted if flag else None,
        answer_by=answer_by.isoformat() if answer_by else None,
    )

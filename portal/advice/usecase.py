"""Anonymous advice for a family (Barnets lov § 29), sent: the question without a name, a
conversation with six secret words if an answer was wanted, screened for the safety line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.core.context import Context
from portal.inquiries import kinds, promises, services
from portal.journeys.receipts import WithWords
from portal.safety import rules
from portal.safety import services as safety

Answers = dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class AdviceReceipt(WithWords):
    answer_by: str | None = None  # ISO date-time, when an answer was wanted
    # Who was told at once (portal.safety.alerts), if the question may be a safety case.
    safety: str | None = None


def submit(ctx: Context, answers: Answers) -> AdviceReceipt:
    """Write the question, anonymous, and if an answer is wanted open its conversation with
    the question as its first message and the parents' answer promise."""
    wants_answer = answers.get("wants_answer") == "yes"
    inquiry = services.create_inquiry(
        ctx,
        kind=kinds.FAMILY_ADVICE.id,
        answers=answers,
        anonymous=True,
        wants_answer=wants_answer,
    )
    passphrase, answer_by = None, None
    if wants_answer:
        passphrase = services.open_conversation(ctx, inquiry, first_message=answers["question"])
        answer_by = promises.wait_for_answer(
            ctx.session, inquiry, ctx.now, ctx.profile, child=False
        )
    reasons = rules.reasons_for(
        ctx.screening_list(), topics=answers.get("topics") or (), texts=[answers["question"]]
    )
    flag = safety.raise_flag(ctx, inquiry, reasons)
    return AdviceReceipt(
        reference=inquiry.reference,
        passphrase=passphrase,
        answer_by=answer_by.isoformat() if answer_by else None,
        safety=flag.alerted if flag else None,
    )

"""Have your say, sent: the consultation with its feedback date, the Lundy record, a
conversation, the adviser the child named; screened for the safety line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.casework.clocks import start_feedback_clock
from portal.casework.named import candidates
from portal.core.context import Context
from portal.inquiries import heard, kinds, lundy, services
from portal.journeys.receipts import WithWords
from portal.safety import rules
from portal.safety import services as safety
from portal.staff import audit

Answers = dict[str, Any]

# What the child wrote in their own words: screened for the safety line.
OWN_WORDS = ("with_whom", "feel_safe", "good", "hard", "wish")


@dataclass(frozen=True, kw_only=True)
class SayReceipt(WithWords):
    feedback_due: str | None = None  # ISO date-time
    # Who was told at once (portal.safety.alerts), if what they wrote may be a safety case.
    safety: str | None = None


def young_child(answers: Answers) -> bool:
    return answers.get("age_band") == "6-9"


def lundy_record(answers: Answers, feedback_due: str) -> lundy.Lundy:
    """The answers as the four Lundy elements (what the staff workspace shows)."""
    return heard.had_their_say(
        young=young_child(answers),
        how=answers.get("how") or [],
        with_whom=answers.get("with_whom") or "",
        feel_safe=answers.get("feel_safe") or "",
        feelings={k: answers.get(k) for k in ("home", "school", "friends", "free_time")},
        own_words={k: answers.get(k) or "" for k in ("good", "hard", "wish")},
        rather_to_a_person="yes" in (answers.get("to_a_person") or []),
        adviser_or_case=answers.get("adviser") or "",
        parents_may_see=answers.get("parents_may_see"),
        hear_back=answers.get("hear_back") or [],
        feedback_due=feedback_due,
    )


def submit(ctx: Context, answers: Answers) -> SayReceipt:
    """Write the consultation with its feedback date, the Lundy record and a conversation."""
    s = ctx.session
    inquiry = services.create_inquiry(
        ctx,
        kind=kinds.CONSULTATION.id,
        answers=answers,
        anonymous=not answers.get("adviser"),
        wants_answer=True,
    )
    feedback_due = start_feedback_clock(inquiry, settings=ctx.settings)
    services.add_participation(
        ctx,
        inquiry,
        age_band=answers.get("age_band"),
        format="web form: have your say",
        lundy=lundy_record(answers, feedback_due.isoformat()),
    )
    passphrase = services.open_conversation(ctx, inquiry, first_message=None)
    named = candidates(s, answers.get("adviser"))
    if len(named) == 1:  # the adviser the child named, and only one: theirs at once
        inquiry.assigned_to = named[0]
        audit.log(ctx.acting(None), "assigned", inquiry=inquiry, detail="named by the child")
    reasons = rules.reasons_for(ctx.screening_list(), texts=[answers.get(f) for f in OWN_WORDS])
    flag = safety.raise_flag(ctx, inquiry, reasons)
    return SayReceipt(
        reference=inquiry.reference,
        passphrase=passphrase,
        feedback_due=feedback_due.isoformat(),
        safety=flag.alerted if flag else None,
    )

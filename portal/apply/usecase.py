"""An application for support, sent: how the child sees it, the receipt by email, and a
conversation to follow it up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.core.context import Context
from portal.inquiries import kinds, lundy, promises, services
from portal.inquiries.services import district_of
from portal.journeys.receipts import WithWords
from portal.mail import notices

Answers = dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class ApplyReceipt(WithWords):
    answer_by: str | None = None  # ISO date-time


def parent(answers: Answers) -> bool:
    return answers.get("applicant") == "parent"


def lundy_record(answers: Answers) -> lundy.Lundy:
    """The child's view, as the parent told it."""
    return lundy.told_by_parent(
        child_view=answers.get("child_view", ""), child_knows=answers.get("child_knows")
    )


def submit(ctx: Context, answers: Answers) -> ApplyReceipt:
    """Write the application, how the child sees it, and a conversation to follow it up."""
    s, now = ctx.session, ctx.now
    inquiry = services.create_inquiry(
        ctx,
        kind=kinds.APPLICATION.id,
        answers=answers,
        anonymous=False,
        wants_answer=True,
        district_slug=district_of(s, answers),
    )
    if parent(answers):  # a young person applying is heard in their own application
        services.add_participation(
            ctx,
            inquiry,
            age_band=None,
            format="web form: application, the child's view as told by the parent",
            lundy=lundy_record(answers),
        )
    if answers.get("email"):
        notices.application_receipt(ctx, inquiry, to=str(answers["email"]))
    passphrase = services.open_conversation(ctx, inquiry, first_message=None)
    answer_by = promises.wait_for_answer(s, inquiry, now, ctx.profile, child=not parent(answers))
    return ApplyReceipt(
        reference=inquiry.reference, passphrase=passphrase, answer_by=answer_by.isoformat()
    )

"""A report of concern, sent: its clocks started and, for a professional, the receipt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.casework.clocks import start_report_clocks
from portal.core.context import Context
from portal.inquiries import kinds, services
from portal.inquiries.services import district_of
from portal.journeys.receipts import Receipt
from portal.mail import notices

Answers = dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class ReportReceipt(Receipt):
    professional: bool = False


def professional(answers: Answers) -> bool:
    return answers.get("reporter") == "professional"


def citizen(answers: Answers) -> bool:
    return answers.get("reporter") == "citizen"


def submit(ctx: Context, answers: Answers) -> ReportReceipt:
    """Write the report with its clocks started: assessment within 24 hours, receipt due."""
    s = ctx.session
    by_professional = professional(answers)
    inquiry = services.create_inquiry(
        ctx,
        kind=kinds.REPORT_OF_CONCERN.id,
        answers=answers,
        anonymous=citizen(answers) and answers.get("identity") != "named",
        wants_answer=False,
        district_slug=district_of(s, answers),
    )
    start_report_clocks(inquiry, professional=by_professional, settings=ctx.settings)
    if by_professional and answers.get("email"):
        notices.report_receipt(ctx, inquiry, to=str(answers["email"]))
    return ReportReceipt(reference=inquiry.reference, professional=by_professional)

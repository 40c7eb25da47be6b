"""The child's view, asked for, sent: an inquiry of its own on the adviser's case, in that
adviser's inbox with a clock to the date asked for, its participation record, a conversation
if the child wants one; screened for the safety line; the invitation used, all in one unit of
work. If the code stopped working while the child typed, nothing is sent and the draft stays
(``InvitationError``: the page says what to do)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal.core.context import Context
from portal.inquiries import heard, kinds, services
from portal.invitations import usecase as invitations
from portal.invitations.usecase import InvitationError as InvitationError
from portal.journeys.receipts import WithWords
from portal.safety import rules
from portal.safety import services as safety
from portal.staff import audit

Answers = dict[str, Any]

# The questions of each question set (portal.invitations.models.QUESTION_SETS), in order.
QUESTIONS: dict[str, tuple[str, ...]] = {
    "before_meeting": ("meeting_talk", "meeting_know", "meeting_good"),
    "before_decision": ("decision_think", "decision_matters", "decision_worry"),
    "after_change": ("change_how", "change_good", "change_hard"),
    "free": ("free_tell",),
}
# What the journey keeps besides the answers: which invitation, and its question set.
KEPT = ("invitation", "question_set")


@dataclass(frozen=True, kw_only=True)
class InvitedReceipt(WithWords):
    feedback_due: str | None = None  # ISO date-time: the date the adviser asked for
    adviser: str = ""  # the adviser's first name
    # Who was told at once (portal.safety.alerts), if what they wrote may be a safety case.
    safety: str | None = None


def in_set(set_id: str) -> Any:
    """A step's condition: the invitation asks this question set."""

    def applies(answers: Answers) -> bool:
        return answers.get("question_set") == set_id

    return applies


def own_words(answers: Answers) -> dict[str, str]:
    """The child's answers to their question set, by question."""
    return {
        name: answers.get(name) or ""
        for name in QUESTIONS.get(answers.get("question_set") or "", ())
    }


def submit(ctx: Context, answers: Answers) -> InvitedReceipt:
    """Write the child's view on the case and use the invitation up."""
    invitation = invitations.of_id(ctx.session, answers.get("invitation") or "")
    if invitation is None or not invitations.usable(invitation, ctx.now):
        raise InvitationError(invitations.GONE)
    case, adviser = invitation.inquiry, invitation.adviser
    words = own_words({**answers, "question_set": invitation.question_set})
    if not any(v.strip() for v in words.values()):
        raise ValueError("a child's view has at least one answer")
    wants_answer = answers.get("write_back") == "yes"
    stored = {k: v for k, v in answers.items() if k != "invitation"}
    stored["question_set"] = invitation.question_set
    inquiry = services.create_inquiry(
        ctx,
        kind=kinds.CHILDS_VIEW.id,
        answers=stored,
        anonymous=False,
        wants_answer=wants_answer,
        district_slug=case.district_slug,
    )
    inquiry.case = case
    inquiry.case_code = case.case_code
    inquiry.assigned_to = adviser
    inquiry.feedback_due = invitation.needed_by
    ctx.session.flush()  # the view's row first: the audit log and the invitation point at it
    services.add_participation(
        ctx,
        inquiry,
        age_band=None,
        format="web form: asked by the adviser",
        lundy=heard.asked_by_adviser(
            own_words=words,
            adviser=adviser.name,
            wants_answer=wants_answer,
            feedback_due=invitation.needed_by.isoformat(),
        ),
    )
    passphrase = None
    if wants_answer:
        passphrase = services.open_conversation(ctx, inquiry, first_message=None)
    audit.log(ctx.acting(None), "assigned", inquiry=inquiry, detail="the adviser who asked")
    invitations.use(ctx, invitation.id, inquiry)
    reasons = rules.reasons_for(ctx.screening_list(), texts=list(words.values()))
    flag = safety.raise_flag(ctx, inquiry, reasons)
    return InvitedReceipt(
        reference=inquiry.reference,
        passphrase=passphrase,
        feedback_due=invitation.needed_by.isoformat(),
        adviser=invitations.first_name(adviser.name),
        safety=flag.alerted if flag else None,
    )

"""The demo's engine: what came in, through each journey's ``submit`` use case as its
check-answers page runs it, and the casework after it, through ``portal.casework.services``
as the staff pages do it, each step at its own moment in the past (``ctx.at``).

A shortcut a later step removes (issue 18): casework does not take a context yet, so the
app's ``CLOCK`` setting is changed while a past casework step is replayed (``clock_at``),
inside the fake request ``dev.demo.seed`` opens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from dev.demo.answers import Answers
from portal.advice import usecase as advice
from portal.apply import usecase as apply
from portal.ask import usecase as ask
from portal.casework import decisions
from portal.casework import services as casework
from portal.conversation import services as received
from portal.core.context import Context
from portal.inquiries.models import Inquiry
from portal.invitations import usecase as invitations
from portal.invited import usecase as invited
from portal.journeys.receipts import Receipt
from portal.outbox.models import OutboxEvent
from portal.report import usecase as report
from portal.safety.web import screening_list
from portal.say import usecase as say
from portal.staff.models import StaffUser


@contextmanager
def clock_at(moment: datetime) -> Iterator[None]:
    """Set the app's clock while a past step is replayed, so its audit entry has its time."""
    config = current_app.config
    had, before = "CLOCK" in config, config.get("CLOCK")
    config["CLOCK"] = lambda: moment
    try:
        yield
    finally:
        if had:
            config["CLOCK"] = before
        else:
            config.pop("CLOCK", None)


class Replay:
    """Adds the invented inquiries and what staff have done on them so far."""

    def __init__(self, ctx: Context, users: dict[str, StaffUser]) -> None:
        self.ctx, self.s, self.now = ctx, ctx.session, ctx.now
        self.leader = users["leader"]
        self.reception = users["reception"]
        self.nord = users["raadgiver.nord"]
        self.syd = users["raadgiver.syd"]
        self.count = 0

    # -- time ------------------------------------------------------------------------

    def ago(self, *, days: float = 0, hours: float = 0) -> datetime:
        return self.now - timedelta(days=days, hours=hours)

    def later(self, inquiry: Inquiry, hours: float) -> datetime:
        """A moment ``hours`` after the inquiry came in (never in the future)."""
        return min(inquiry.received_at + timedelta(hours=hours), self.now - timedelta(minutes=5))

    def _do(self, inquiry: Inquiry, hours: float, step: Callable[[datetime], object]) -> None:
        moment = self.later(inquiry, hours)
        with clock_at(moment):
            step(moment)
            # Triage and audit rows name the inquiry by id only: write in order.
            self.s.flush()

    def _step(
        self,
        inquiry: Inquiry,
        user: StaffUser,
        hours: float,
        step: Callable[[Context], object],
    ) -> None:
        """A staff step by ``user``, at its moment, as its page runs it."""
        moment = self.later(inquiry, hours)
        with clock_at(moment):
            step(self.ctx.at(moment).acting(user))
            # Triage and audit rows name the inquiry by id only: write in order.
            self.s.flush()

    # -- what came in (as each journey's submit writes it) ------------------------------

    def _sent(self, receipt: Receipt) -> Inquiry:
        inquiry = self.s.scalar(select(Inquiry).where(Inquiry.reference == receipt.reference))
        assert inquiry is not None
        # The reporters and applicants are invented: no receipt goes to their made-up
        # addresses, and the receipt clocks stay as the cases tell them.
        self.s.execute(
            delete(OutboxEvent).where(
                OutboxEvent.inquiry_id == inquiry.id,
                OutboxEvent.key.in_(
                    [f"email:receipt:{inquiry.id}", f"email:application-receipt:{inquiry.id}"]
                ),
            )
        )
        return self._added(inquiry)

    def ask(self, received: datetime, answers: Answers, locale: str = "da") -> Inquiry:
        """portal.ask.usecase.submit, in the child's language."""
        return self._sent(ask.submit(replace(self.ctx, locale=locale).at(received), answers))

    def apply(self, received: datetime, answers: Answers) -> Inquiry:
        """portal.apply.usecase.submit."""
        return self._sent(apply.submit(self.ctx.at(received), answers))

    def report(self, received: datetime, answers: Answers) -> Inquiry:
        """portal.report.usecase.submit: the 24-hour clock, and for professionals the
        receipt and the § 137 feedback due."""
        return self._sent(report.submit(self.ctx.at(received), answers))

    def say(self, received: datetime, answers: Answers) -> Inquiry:
        """portal.say.usecase.submit: feedback promised within 14 days, the Lundy record."""
        return self._sent(say.submit(self.ctx.at(received), answers))

    def advice(self, received: datetime, answers: Answers, locale: str = "da") -> Inquiry:
        """portal.advice.usecase.submit: anonymous, the parents' answer promise."""
        return self._sent(advice.submit(replace(self.ctx, locale=locale).at(received), answers))

    def childs_view(
        self,
        case: Inquiry,
        adviser: StaffUser,
        asked: datetime,
        answered: datetime | None,
        answers: Answers,
        *,
        reason: str,
        needed_by: date,
    ) -> Inquiry | None:
        """An adviser's invitation on ``case`` (portal.invitations.usecase.invite) and, if
        ``answered``, the child's view sent with it (portal.invited.usecase.submit)."""
        with clock_at(asked):
            issued = invitations.invite(
                self.ctx.at(asked).acting(adviser),
                case,
                question_set=answers["question_set"],
                reason=reason,
                needed_by=needed_by,
            )
            self.s.flush()
        if answered is None:
            return None
        sent = invited.submit(
            self.ctx.at(answered), {**answers, "invitation": issued.invitation.id}
        )
        return self._sent(sent)

    def _added(self, inquiry: Inquiry) -> Inquiry:
        self.s.flush()  # before any casework row refers to it
        self.count += 1
        return inquiry

    # -- casework (as the staff pages do it) -----------------------------------------

    def read(self, inquiry: Inquiry, user: StaffUser, hours: float) -> None:
        self._step(inquiry, user, hours, lambda ctx: casework.read(ctx, inquiry))

    def assess(
        self, inquiry: Inquiry, user: StaffUser, hours: float, *, acute: bool, reasoning: str
    ) -> None:
        self.assess_as(
            inquiry, user, hours, outcome="acute" if acute else "not_acute", reasoning=reasoning
        )

    def assess_as(
        self, inquiry: Inquiry, user: StaffUser, hours: float, *, outcome: str, reasoning: str
    ) -> None:
        """The 24-hour assessment, of a report or of a possible danger (the safety line)."""
        self.read(inquiry, user, hours - 0.25)
        self._step(
            inquiry,
            user,
            hours,
            lambda ctx: casework.assess(ctx, inquiry, outcome=outcome, reasoning=reasoning),
        )

    def triage(
        self,
        inquiry: Inquiry,
        hours: float,
        *,
        route: str,
        district: str,
        reasoning: str,
        adviser: StaffUser | None = None,
        measure: str | None = None,
        case_code: str | None = None,
        user: StaffUser | None = None,
    ) -> None:
        who = user or self.reception
        self.read(inquiry, who, hours - 0.25)
        self._step(
            inquiry,
            who,
            hours,
            lambda ctx: casework.triage(
                ctx,
                inquiry,
                route=route,
                measure=measure,
                district_slug=district,
                assigned_to=adviser,
                reasoning=reasoning,
                case_code=case_code,
            ),
        )

    def reply(self, inquiry: Inquiry, user: StaffUser, hours: float, text: str) -> None:
        self.read(inquiry, user, hours - 0.1)
        self._step(inquiry, user, hours, lambda ctx: casework.reply(ctx, inquiry, text=text))

    def visitor_writes(self, inquiry: Inquiry, hours: float, text: str) -> None:
        """portal.conversation.services.receive, as the conversation page does it."""
        conversation = inquiry.conversation
        assert conversation is not None
        ctx = self.ctx.at(self.later(inquiry, hours))
        received.receive(ctx, conversation, text, screening=screening_list())

    def feedback(
        self,
        inquiry: Inquiry,
        user: StaffUser,
        hours: float,
        *,
        decision: str,
        decided: str,
        views_counted: str,
        not_possible: str,
    ) -> None:
        """A final decision told to the child in their conversation (it rests on the child's
        own inquiry), then the case closed in the portal, as the adviser does."""
        given = decisions.DecisionInput(
            kind="decision",
            final=True,
            decision=decision,
            decided=decided,
            views_counted=views_counted,
            not_possible=not_possible,
        )
        self._step(inquiry, user, hours, lambda ctx: decisions.decide(ctx, inquiry, given))
        self._step(inquiry, user, hours + 0.1, lambda ctx: casework.close(ctx, inquiry))

    def receipt(self, inquiry: Inquiry, user: StaffUser, hours: float) -> None:
        self._step(inquiry, user, hours, lambda ctx: casework.record_receipt(ctx, inquiry))

    def reporter_feedback(
        self, inquiry: Inquiry, user: StaffUser, hours: float, *, outcome: str, how: str
    ) -> None:
        self._step(
            inquiry,
            user,
            hours,
            lambda ctx: casework.record_reporter_feedback(ctx, inquiry, outcome=outcome, how=how),
        )

    def close(self, inquiry: Inquiry, user: StaffUser, hours: float) -> None:
        self._step(inquiry, user, hours, lambda ctx: casework.close(ctx, inquiry))

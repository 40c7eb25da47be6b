"""The demo's engine: what came in, written as each journey's ``submit`` writes it, and the
casework after it, through ``portal.casework.services`` as the staff pages do it, each step
at its own moment in the past.

Two shortcuts a later step removes (issue 18): the journeys' writes are copied here rather
than called (``ask``, ``apply``, ``report``, ``say``, and ``portal.say.views`` is reached
into for the Lundy record), and the app's ``CLOCK`` setting is changed while a past step is
replayed (``clock_at``), inside the fake request ``dev.demo.seed`` opens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy.orm import Session

from dev.demo.answers import Answers
from portal import current
from portal.apply.views import lundy_record as apply_lundy
from portal.ask.views import lundy_record as ask_lundy
from portal.casework import services as casework
from portal.casework.clocks import start_feedback_clock, start_report_clocks
from portal.conversation import services as received
from portal.core.context import Context
from portal.inquiries import promises, services
from portal.inquiries.models import Inquiry
from portal.inquiries.services import district_of
from portal.municipality import profile
from portal.safety import rules, screening_list
from portal.safety import services as safety
from portal.say.views import OWN_WORDS, lundy_record
from portal.staff.models import StaffUser

# What the apply journey writes into participation_record.format for a parent's application.
_PARENT_APPLICATION_FORMAT = "web form: application, the child's view as told by the parent"


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

    def __init__(self, s: Session, now: datetime, users: dict[str, StaffUser]) -> None:
        self.s, self.now = s, now
        # The staff steps' context: this session, and the made-up request's address.
        self.ctx = replace(current.context(), session=s, now=now)
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
            # Triage and audit rows name the inquiry by id only: write in order.
            self.s.flush()

    # -- what came in (as each journey's submit writes it) ------------------------------

    def ask(self, received: datetime, answers: Answers, locale: str = "da") -> Inquiry:
        """portal.ask.views.submit."""
        anonymous = answers.get("identity") != "named"
        wants_answer = answers.get("wants_answer") == "yes"
        age_band = answers["age_band"] if answers.get("age_band") != "unsaid" else None
        inquiry = services.create_inquiry(
            self.s,
            kind="ask_for_help",
            answers=answers,
            locale=locale,
            anonymous=anonymous,
            wants_answer=wants_answer,
            now=received,
        )
        services.add_participation(
            self.s,
            inquiry,
            age_band=age_band,
            format="web form: ask for help",
            lundy=ask_lundy(answers),
            now=received,
        )
        if wants_answer:
            services.open_conversation(
                self.s, inquiry, first_message=answers["message"], now=received
            )
            promises.wait_for_answer(self.s, inquiry, received, profile())
        reasons = rules.reasons_for(
            screening_list(),
            safe=answers["safe"],
            topics=answers["topics"],
            texts=[answers["message"]],
        )
        safety.raise_flag(self.s, inquiry, reasons, now=received)
        return self._added(inquiry)

    def apply(self, received: datetime, answers: Answers) -> Inquiry:
        """portal.apply.views.submit."""
        inquiry = services.create_inquiry(
            self.s,
            kind="application",
            answers=answers,
            locale="da",
            anonymous=False,
            wants_answer=True,
            now=received,
            district_slug=district_of(self.s, answers),
        )
        if answers.get("applicant") == "parent":
            services.add_participation(
                self.s,
                inquiry,
                age_band=None,
                format=_PARENT_APPLICATION_FORMAT,
                lundy=apply_lundy(answers),
                now=received,
            )
        services.open_conversation(self.s, inquiry, first_message=None, now=received)
        promises.wait_for_answer(
            self.s, inquiry, received, profile(), child=answers.get("applicant") != "parent"
        )
        return self._added(inquiry)

    def report(self, received: datetime, answers: Answers) -> Inquiry:
        """portal.report.views.submit: the 24-hour clock, and for professionals the receipt
        and the § 137 feedback."""
        professional = answers.get("reporter") == "professional"
        inquiry = services.create_inquiry(
            self.s,
            kind="report_of_concern",
            answers=answers,
            locale="da",
            anonymous=answers.get("reporter") == "citizen" and answers.get("identity") != "named",
            wants_answer=False,
            now=received,
            district_slug=district_of(self.s, answers),
        )
        start_report_clocks(inquiry, professional=professional, settings=current_app.config)
        return self._added(inquiry)

    def say(self, received: datetime, answers: Answers) -> Inquiry:
        """portal.say.views.submit: feedback promised within 14 days, the Lundy record."""
        inquiry = services.create_inquiry(
            self.s,
            kind="consultation",
            answers=answers,
            locale="da",
            anonymous=not answers.get("adviser"),
            wants_answer=True,
            now=received,
        )
        feedback_due = start_feedback_clock(inquiry, settings=current_app.config)
        services.add_participation(
            self.s,
            inquiry,
            age_band=answers.get("age_band"),
            format="web form: have your say",
            lundy=lundy_record(answers, feedback_due.isoformat()),
            now=received,
        )
        services.open_conversation(self.s, inquiry, first_message=None, now=received)
        reasons = rules.reasons_for(screening_list(), texts=[answers.get(f) for f in OWN_WORDS])
        safety.raise_flag(self.s, inquiry, reasons, now=received)
        return self._added(inquiry)

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
        received.receive(
            self.s,
            conversation,
            text,
            now=self.later(inquiry, hours),
            profile=profile(),
            screening=screening_list(),
        )

    def feedback(
        self,
        inquiry: Inquiry,
        user: StaffUser,
        hours: float,
        *,
        decision: str,
        views_weighed: str,
        message: str,
    ) -> None:
        self._step(
            inquiry,
            user,
            hours,
            lambda ctx: casework.give_feedback(
                ctx, inquiry, decision=decision, views_weighed=views_weighed, message=message
            ),
        )

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

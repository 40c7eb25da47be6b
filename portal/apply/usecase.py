"""An application for support, sent: how the child sees it, the consent asked on its own
page (given or not), the receipt by email, and a conversation to follow it up; and the
consent withdrawn later, by the person with its one-time code or recorded by staff."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Self

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.apply.models import WITHDRAWN_HOW, Consent
from portal.core.context import Context
from portal.core.text import N_, Message
from portal.inquiries import heard, kinds, lundy, promises, services
from portal.inquiries.models import Inquiry
from portal.inquiries.services import district_of
from portal.journeys.receipts import WithWords
from portal.mail import notices
from portal.security import codes, passphrases
from portal.staff import audit

Answers = dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class ApplyReceipt(WithWords):
    answer_by: str | None = None  # ISO date-time
    # Whether the person gave consent to get information from others.
    consent_given: bool = False
    # The one-time code that withdraws it, shown once like the secret words.
    withdraw_code: str | None = None

    def shown(self) -> Self:
        return replace(super().shown(), withdraw_code=None)


def parent(answers: Answers) -> bool:
    return answers.get("applicant") == "parent"


def consents(answers: Answers) -> bool:
    """Whether the person said yes on the consent page."""
    return answers.get("may_ask") == "yes"


def lundy_record(answers: Answers) -> lundy.Lundy:
    """The child's view, as the parent told it."""
    return heard.told_by_parent(
        child_view=answers.get("child_view", ""), child_knows=answers.get("child_knows")
    )


def submit(ctx: Context, answers: Answers) -> ApplyReceipt:
    """Write the application, how the child sees it, its consent (given or not) and a
    conversation to follow it up."""
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
    code = record_consent(ctx, inquiry, answers)
    if answers.get("email"):
        notices.application_receipt(ctx, inquiry, to=str(answers["email"]))
    passphrase = services.open_conversation(ctx, inquiry, first_message=None)
    answer_by = promises.wait_for_answer(s, inquiry, now, ctx.profile, child=not parent(answers))
    return ApplyReceipt(
        reference=inquiry.reference,
        passphrase=passphrase,
        answer_by=answer_by.isoformat(),
        consent_given=code is not None,
        withdraw_code=code,
    )


def record_consent(ctx: Context, inquiry: Inquiry, answers: Answers) -> str | None:
    """The application's consent, given or not, with its scope; if given, the one-time code
    that withdraws it (only its keyed hash is kept)."""
    given = consents(answers)
    code = codes.generate() if given else None
    ctx.session.add(
        Consent(
            inquiry=inquiry,
            given=given,
            sources=",".join(answers.get("sources") or []) if given else "",
            other_named=given and bool(answers.get("other_source")),
            given_at=ctx.now if given else None,
            withdraw_key=codes.code_key(code, passphrases.pepper(ctx.settings)) if code else None,
        )
    )
    return code


# -- withdrawing ------------------------------------------------------------------------


class ConsentError(Exception):
    """A withdrawal that cannot be made; ``message`` (English, marked) says why."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


WRONG_CODE = N_(
    "We could not find a consent with this reference and code. Check both, and try again."
)
NOT_GIVEN = N_("There is no consent to withdraw on this case.")


@dataclass(frozen=True)
class Withdrawal:
    reference: str
    withdrawn_at: datetime
    # It had been withdrawn before: nothing changed now.
    already: bool = False


def withdraw(ctx: Context, reference: str, code: str) -> Withdrawal:
    """The person withdraws their consent with its one-time code: recorded now, audited,
    and a new consent record for the case system (the feed sends it). A wrong reference or
    code is refused with one answer, whichever was wrong; a second try with the right ones
    changes nothing and says when it was withdrawn."""
    typed = codes.normalize(code)
    if typed is None:
        raise ConsentError(WRONG_CODE)
    consent = ctx.session.scalars(
        select(Consent).where(
            Consent.withdraw_key == codes.code_key(typed, passphrases.pepper(ctx.settings))
        )
    ).one_or_none()
    if consent is None or _tidy(consent.inquiry.reference) != _tidy(reference):
        raise ConsentError(WRONG_CODE)
    if consent.withdrawn_at is not None:
        return Withdrawal(consent.inquiry.reference, consent.withdrawn_at, already=True)
    _withdrawn(ctx, consent, "portal")
    return Withdrawal(consent.inquiry.reference, ctx.now)


def _tidy(reference: str) -> str:
    """A reference as typed, without case, spaces or separators (K7QM 4XRT is K7QM-4XRT)."""
    return "".join(c for c in reference.upper() if c.isalnum())


def record_withdrawal(ctx: Context, inquiry: Inquiry, how: str) -> Withdrawal:
    """Staff (``ctx.user``) record a withdrawal the person told them of, by phone, letter,
    in person or in a message; audited, and sent to the case system."""
    if how not in WITHDRAWN_HOW or how == "portal":
        raise ValueError(f"unknown way of withdrawing {how!r}")
    consent = of_inquiry(ctx.session, inquiry)
    if consent is None or not consent.given:
        raise ConsentError(NOT_GIVEN)
    if consent.withdrawn_at is not None:
        return Withdrawal(inquiry.reference, consent.withdrawn_at, already=True)
    _withdrawn(ctx, consent, how)
    consent.withdrawn_recorded_by = ctx.user
    return Withdrawal(inquiry.reference, ctx.now)


# The audit log's detail for each way (fixed words, labelled in portal/staff/audit.py).
AUDIT_DETAILS = {
    "portal": "withdrawn with the code",
    "phone": "told by phone",
    "letter": "told by letter",
    "in_person": "told in person",
    "message": "told in a message",
}


def _withdrawn(ctx: Context, consent: Consent, how: str) -> None:
    consent.withdrawn_at = ctx.now
    consent.withdrawn_how = how
    audit.log(ctx, "consent_withdrawn", inquiry=consent.inquiry, detail=AUDIT_DETAILS[how])


def of_inquiry(s: Session, inquiry: Inquiry) -> Consent | None:
    """The consent of an application (None before consent was asked on its own page)."""
    return s.scalars(select(Consent).where(Consent.inquiry_id == inquiry.id)).one_or_none()

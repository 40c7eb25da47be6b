"""The emails the portal sends, queued in the transaction that causes them, and their delivery.

Each names the inquiry by its reference only: never the child's name, words or situation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from portal.core.context import Context
from portal.core.text import N_, Words, words
from portal.inquiries.models import Inquiry
from portal.json_types import JSONObject, required
from portal.mail import transport
from portal.mail.compose import Block, Letter, compose, message_of
from portal.outbox.models import OutboxEvent
from portal.outbox.queue import Delivered, Failed, Outcome, Retry, enqueue

CHANNEL = "email"

# Writes a letter about an inquiry with the words of the reader's language.
Writer = Callable[[Context, Words, Inquiry], tuple[str, list[Block]]]

# § 138: what the reporter is told, in the reporter's language.
OUTCOME_SENTENCES = {
    "investigation": N_("We have started a child-professional investigation."),
    "support": N_("We have started support for the child or the family."),
    "neither": N_("We have not started an investigation or support."),
}


@dataclass(frozen=True)
class Email:
    """An email in the outbox: why it is sent (a receipt stops a clock once sent) and the
    letter, stored side by side as ``{"purpose": ..., "to": ..., ...}``."""

    purpose: str
    letter: Letter

    def to_json(self) -> JSONObject:
        return {"purpose": self.purpose, **self.letter.to_json()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Email:
        purpose = required(data, "purpose", str, "email")
        return cls(purpose=purpose, letter=Letter.from_json(data))


def _queue(
    ctx: Context,
    inquiry: Inquiry,
    purpose: str,
    to: str,
    write: Writer,
    *,
    locale: str | None = None,
    key: str | None = None,
) -> None:
    """Write the letter in ``locale`` (the inquiry's, unless told) and queue it once per
    ``key`` (by default one letter of each purpose per inquiry), in the caller's unit of
    work."""
    locale = locale or inquiry.locale
    subject, blocks = write(ctx, words(ctx.settings, locale), inquiry)
    letter = compose(ctx, to=to, locale=locale, subject=subject, blocks=blocks)
    enqueue(
        ctx,
        channel=CHANNEL,
        key=f"email:{purpose}:{key or inquiry.id}",
        payload=Email(purpose, letter),
        inquiry_id=inquiry.id,
    )


def _received(w: Words, inquiry: Inquiry) -> str:
    return str(
        w.gettext(
            "We received it on %(date)s. Its reference is %(reference)s.",
            date=w.format_datetime(inquiry.received_at, "long"),
            reference=inquiry.reference,
        )
    )


def _contact(ctx: Context, w: Words) -> str:
    return str(
        w.gettext(
            "Do not answer this email with details about the child. If you need to tell us more, "
            "call %(phone)s and give the reference.",
            phone=ctx.profile.phone_main,
        )
    )


def _report_receipt(ctx: Context, w: Words, inquiry: Inquiry) -> tuple[str, list[Block]]:
    return w.gettext(
        "Receipt for your report of concern %(reference)s", reference=inquiry.reference
    ), [
        ("p", w.gettext("Thank you for your report of concern.")),
        ("p", _received(w, inquiry)),
        ("h", w.gettext("What happens now")),
        (
            "ul",
            [
                w.gettext("Within 24 hours we assess whether the child needs help at once."),
                w.gettext(
                    "Later we tell you whether we have started an investigation or support "
                    "for the child (Barnets lov § 138)."
                ),
            ],
        ),
        ("p", _contact(ctx, w)),
    ]


def _application_receipt(ctx: Context, w: Words, inquiry: Inquiry) -> tuple[str, list[Block]]:
    return w.gettext("Receipt for your application %(reference)s", reference=inquiry.reference), [
        ("p", w.gettext("Thank you for your application.")),
        ("p", _received(w, inquiry)),
        ("h", w.gettext("What happens now")),
        (
            "ul",
            [
                w.gettext("An adviser reads your application and contacts you."),
                w.gettext("We talk with you and with the child before we decide."),
                w.gettext("You get a written decision. If you disagree, you can complain."),
            ],
        ),
        (
            "p",
            w.gettext(
                "You can read our answers and write to us with the six words you got when "
                "you sent the application."
            ),
        ),
    ]


def _reporter_feedback(outcome: str) -> Writer:
    def write(ctx: Context, w: Words, inquiry: Inquiry) -> tuple[str, list[Block]]:
        return w.gettext(
            "What came of your report of concern %(reference)s", reference=inquiry.reference
        ), [
            ("p", _received(w, inquiry)),
            ("p", w.gettext(OUTCOME_SENTENCES[outcome])),
            (
                "p",
                w.gettext(
                    "The case is confidential, so we cannot tell you more (Barnets lov § 138)."
                ),
            ),
            ("p", _contact(ctx, w)),
        ]

    return write


# Staff read the workspace in Danish; so do the duty service and the leaders.
STAFF_LOCALE = "da"


def _safety_alert(escalated_after: timedelta | None) -> Writer:
    def write(ctx: Context, w: Words, inquiry: Inquiry) -> tuple[str, list[Block]]:
        link = f"{ctx.settings['PUBLIC_URL']}/staff/cases/{inquiry.id}"
        if escalated_after is None:
            subject = w.gettext(
                "Possible danger: inquiry %(reference)s needs a person now",
                reference=inquiry.reference,
            )
            lead = w.gettext(
                "An inquiry may be about a child in danger. A person must open it now and "
                "record an assessment."
            )
        else:
            subject = w.gettext(
                "Not opened yet: possible danger in inquiry %(reference)s",
                reference=inquiry.reference,
            )
            lead = w.gettext(
                "Nobody has opened this inquiry %(minutes)s minutes after the alert. A person "
                "must open it now and record an assessment.",
                minutes=int(escalated_after.total_seconds() // 60),
            )
        blocks: list[Block] = [("p", lead)]
        if inquiry.assess_by is not None:
            blocks.append(
                (
                    "p",
                    w.gettext(
                        "The assessment must be recorded by %(due)s (Barnets lov § 136).",
                        due=f"{w.format_date(inquiry.assess_by, 'full')}, "
                        f"{w.format_time(inquiry.assess_by, 'short')}",
                    ),
                )
            )
        blocks += [
            ("p", w.gettext("Open it in the staff workspace: %(link)s", link=link)),
            (
                "p",
                w.gettext(
                    "This email says nothing about the child on purpose. Log in to read "
                    "what was written."
                ),
            ),
        ]
        return subject, blocks

    return write


def safety_alert(
    ctx: Context,
    inquiry: Inquiry,
    *,
    to: str,
    key: str,
    escalated_after: timedelta | None = None,
) -> None:
    """A possible safety case: the alert (or, after ``escalated_after`` unopened, the alert
    again), without anything the child wrote. ``key`` tells recipients apart."""
    purpose = "safety-alert" if escalated_after is None else "safety-escalation"
    write = _safety_alert(escalated_after)
    _queue(ctx, inquiry, purpose, to, write, locale=STAFF_LOCALE, key=key)


def report_receipt(ctx: Context, inquiry: Inquiry, *, to: str) -> None:
    """The receipt a professional reporter is owed within 6 working days, queued at once."""
    _queue(ctx, inquiry, "receipt", to, _report_receipt)


def application_receipt(ctx: Context, inquiry: Inquiry, *, to: str) -> None:
    """A receipt for an application, when the applicant gave an email."""
    _queue(ctx, inquiry, "application-receipt", to, _application_receipt)


def reporter_feedback(ctx: Context, inquiry: Inquiry, *, to: str, outcome: str) -> None:
    """§ 138: whether an investigation or support was started."""
    _queue(ctx, inquiry, "reporter-feedback", to, _reporter_feedback(outcome))


def deliver(ctx: Context, event: OutboxEvent, email: Email) -> Outcome:
    """The channel's delivery (registered in portal/outbox/handlers.py)."""
    s, now = ctx.session, ctx.now
    try:
        transport.send(ctx.settings, message_of(ctx, email.letter, now=now))
    except transport.TemporaryMailError as exc:
        return Retry(str(exc))
    except transport.PermanentMailError as exc:
        return Failed(str(exc))
    if email.purpose == "receipt" and event.inquiry_id is not None:
        inquiry = s.get(Inquiry, event.inquiry_id)
        if inquiry is not None and inquiry.receipt_sent_at is None:
            inquiry.receipt_sent_at = now  # the 6-working-day clock stops when it is sent
    return Delivered()

"""The emails the portal sends, queued in the transaction that causes them, and their delivery.

Each names the inquiry by its reference only: never the child's name, words or situation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale, format_date, format_datetime, format_time, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal import clock
from portal.inquiries.models import Inquiry
from portal.json_types import JSONObject, required
from portal.mail import transport
from portal.mail.compose import Block, Letter, compose, message_of
from portal.municipality import profile
from portal.outbox.models import OutboxEvent
from portal.outbox.queue import Delivered, Failed, Outcome, Retry, enqueue, handler

CHANNEL = "email"

Writer = Callable[[Inquiry], tuple[str, list[Block]]]

# § 137: what the reporter is told, in the reporter's language.
OUTCOME_SENTENCES = {
    "investigation": _l("We have started a child-professional investigation."),
    "support": _l("We have started support for the child or the family."),
    "neither": _l("We have not started an investigation or support."),
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
    s: Session,
    inquiry: Inquiry,
    purpose: str,
    to: str,
    now: datetime,
    write: Writer,
    *,
    locale: str | None = None,
    key: str | None = None,
) -> None:
    """Write the letter in ``locale`` (the inquiry's, unless told) and queue it once per
    ``key`` (by default one letter of each purpose per inquiry)."""
    locale = locale or inquiry.locale
    with force_locale(locale):
        subject, blocks = write(inquiry)
        letter = compose(to=to, locale=locale, subject=subject, blocks=blocks)
    enqueue(
        s,
        channel=CHANNEL,
        key=f"email:{purpose}:{key or inquiry.id}",
        payload=Email(purpose, letter),
        now=now,
        inquiry_id=inquiry.id,
    )


def _received(inquiry: Inquiry) -> str:
    return str(
        gettext(
            "We received it on %(date)s. Its reference is %(reference)s.",
            date=format_datetime(inquiry.received_at, "long"),
            reference=inquiry.reference,
        )
    )


def _contact() -> str:
    return str(
        gettext(
            "Do not answer this email with details about the child. If you need to tell us more, "
            "call %(phone)s and give the reference.",
            phone=profile().phone_main,
        )
    )


def _report_receipt(inquiry: Inquiry) -> tuple[str, list[Block]]:
    return gettext(
        "Receipt for your report of concern %(reference)s", reference=inquiry.reference
    ), [
        ("p", gettext("Thank you for your report of concern.")),
        ("p", _received(inquiry)),
        ("h", gettext("What happens now")),
        (
            "ul",
            [
                gettext("Within 24 hours we assess whether the child needs help at once."),
                gettext(
                    "Later we tell you whether we have started an investigation or support "
                    "for the child (Barnets lov § 137)."
                ),
            ],
        ),
        ("p", _contact()),
    ]


def _application_receipt(inquiry: Inquiry) -> tuple[str, list[Block]]:
    return gettext("Receipt for your application %(reference)s", reference=inquiry.reference), [
        ("p", gettext("Thank you for your application.")),
        ("p", _received(inquiry)),
        ("h", gettext("What happens now")),
        (
            "ul",
            [
                gettext("An adviser reads your application and contacts you."),
                gettext("We talk with you and with the child before we decide."),
                gettext("You get a written decision. If you disagree, you can complain."),
            ],
        ),
        (
            "p",
            gettext(
                "You can read our answers and write to us with the six words you got when "
                "you sent the application."
            ),
        ),
    ]


def _reporter_feedback(outcome: str) -> Writer:
    def write(inquiry: Inquiry) -> tuple[str, list[Block]]:
        return gettext(
            "What came of your report of concern %(reference)s", reference=inquiry.reference
        ), [
            ("p", _received(inquiry)),
            ("p", str(OUTCOME_SENTENCES[outcome])),
            (
                "p",
                gettext(
                    "The case is confidential, so we cannot tell you more (Barnets lov § 137)."
                ),
            ),
            ("p", _contact()),
        ]

    return write


# Staff read the workspace in Danish; so do the duty service and the leaders.
STAFF_LOCALE = "da"


def _safety_alert(escalated_after: timedelta | None) -> Writer:
    def write(inquiry: Inquiry) -> tuple[str, list[Block]]:
        link = f"{current_app.config['PUBLIC_URL']}/staff/cases/{inquiry.id}"
        if escalated_after is None:
            subject = gettext(
                "Possible danger: inquiry %(reference)s needs a person now",
                reference=inquiry.reference,
            )
            lead = gettext(
                "An inquiry may be about a child in danger. A person must open it now and "
                "record an assessment."
            )
        else:
            subject = gettext(
                "Not opened yet: possible danger in inquiry %(reference)s",
                reference=inquiry.reference,
            )
            lead = gettext(
                "Nobody has opened this inquiry %(minutes)s minutes after the alert. A person "
                "must open it now and record an assessment.",
                minutes=int(escalated_after.total_seconds() // 60),
            )
        blocks: list[Block] = [("p", lead)]
        if inquiry.assess_by is not None:
            blocks.append(
                (
                    "p",
                    gettext(
                        "The assessment must be recorded by %(due)s (Barnets lov § 136).",
                        due=f"{format_date(inquiry.assess_by, 'full')}, "
                        f"{format_time(inquiry.assess_by, 'short')}",
                    ),
                )
            )
        blocks += [
            ("p", gettext("Open it in the staff workspace: %(link)s", link=link)),
            (
                "p",
                gettext(
                    "This email says nothing about the child on purpose. Log in to read "
                    "what was written."
                ),
            ),
        ]
        return subject, blocks

    return write


def safety_alert(
    s: Session,
    inquiry: Inquiry,
    *,
    to: str,
    key: str,
    now: datetime,
    escalated_after: timedelta | None = None,
) -> None:
    """A possible safety case: the alert (or, after ``escalated_after`` unopened, the alert
    again), without anything the child wrote. ``key`` tells recipients apart."""
    purpose = "safety-alert" if escalated_after is None else "safety-escalation"
    write = _safety_alert(escalated_after)
    _queue(s, inquiry, purpose, to, now, write, locale=STAFF_LOCALE, key=key)


def report_receipt(s: Session, inquiry: Inquiry, *, to: str, now: datetime) -> None:
    """The receipt a professional reporter is owed within 6 working days, queued at once."""
    _queue(s, inquiry, "receipt", to, now, _report_receipt)


def application_receipt(s: Session, inquiry: Inquiry, *, to: str, now: datetime) -> None:
    """A receipt for an application, when the applicant gave an email."""
    _queue(s, inquiry, "application-receipt", to, now, _application_receipt)


def reporter_feedback(
    s: Session, inquiry: Inquiry, *, to: str, outcome: str, now: datetime
) -> None:
    """§ 137: whether an investigation or support was started."""
    _queue(s, inquiry, "reporter-feedback", to, now, _reporter_feedback(outcome))


@handler(CHANNEL, Email.from_json)
def deliver(s: Session, event: OutboxEvent, email: Email) -> Outcome:
    now = clock.now()
    try:
        transport.send(message_of(email.letter, now=now))
    except transport.TemporaryMailError as exc:
        return Retry(str(exc))
    except transport.PermanentMailError as exc:
        return Failed(str(exc))
    if email.purpose == "receipt" and event.inquiry_id is not None:
        inquiry = s.get(Inquiry, event.inquiry_id)
        if inquiry is not None and inquiry.receipt_sent_at is None:
            inquiry.receipt_sent_at = now  # the 6-working-day clock stops when it is sent
    return Delivered()

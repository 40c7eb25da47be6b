"""Writing an email: plain text and simple HTML from templates, in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from portal.core.context import Context
from portal.core.text import RTL, words
from portal.json_types import required


def sender(ctx: Context) -> str:
    address: str = ctx.settings["MAIL_FROM"] or ctx.profile.professional_email
    return address


# A letter is a subject and blocks: ("p", text), ("h", heading) or ("ul", [items]).
Block = tuple[str, Any]


@dataclass(frozen=True)
class Letter:
    """A letter ready to send, as the outbox keeps it: the same on every retry."""

    to: str
    locale: str
    subject: str
    text: str
    html: str
    message_id: str

    def to_json(self) -> dict[str, str]:
        return {
            "to": self.to,
            "locale": self.locale,
            "subject": self.subject,
            "text": self.text,
            "html": self.html,
            "message_id": self.message_id,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Letter:
        def field(key: str) -> str:
            return required(data, key, str, "letter")

        return cls(
            to=field("to"),
            locale=field("locale"),
            subject=field("subject"),
            text=field("text"),
            html=field("html"),
            message_id=field("message_id"),
        )


def compose(ctx: Context, *, to: str, locale: str, subject: str, blocks: list[Block]) -> Letter:
    """Render a letter as plain text and HTML (``mail/letter.txt``, ``mail/letter.html``):
    what the outbox keeps and sends. The Message-ID is made here, once, so every retry
    sends the very same message."""
    context = {
        "municipality": ctx.profile,
        "public_url": ctx.settings["PUBLIC_URL"],
        "locale": locale,
        "rtl": locale in RTL,
        "subject": subject,
        "blocks": blocks,
    }
    reader = words(ctx.settings, locale)
    text = reader.render("mail/letter.txt", **context)
    html = reader.render("mail/letter.html", **context)
    domain = sender(ctx).rpartition("@")[2] or "localhost"
    return Letter(
        to=to,
        locale=locale,
        subject=subject,
        text=text.strip("\n") + "\n",
        html=html,
        message_id=make_msgid(domain=domain),
    )


def message_of(ctx: Context, letter: Letter, *, now: datetime) -> EmailMessage:
    """The MIME message: multipart/alternative, plain text first."""
    message = EmailMessage()
    local, _, domain = sender(ctx).rpartition("@")
    message["From"] = Address(display_name=ctx.profile.name, username=local, domain=domain)
    message["To"] = letter.to
    message["Subject"] = letter.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = letter.message_id
    # RFC 3834: an automatic message; out-of-office replies should not answer it.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(letter.text)
    message.add_alternative(letter.html, subtype="html")
    # After the parts exist: making the alternative moves Content-* headers into a part.
    message["Content-Language"] = letter.locale
    return message

"""Reading what people sent: the sealed answers, Lundy records and messages, as plain data.

The staff workspace and the case-system records read through here, never the columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from portal.inquiries.lundy import Lundy
from portal.inquiries.models import Inquiry, Message, ParticipationRecord

if TYPE_CHECKING:
    from portal.security.crypto import FieldCipher


def answers_of(cipher: FieldCipher, inquiry: Inquiry) -> dict[str, Any]:
    """Everything the person answered, as they answered it."""
    found: dict[str, Any] = cipher.open_json(
        inquiry.answers, table="inquiry", column="answers", row_id=inquiry.id
    )
    return found


def lundy_of(cipher: FieldCipher, record: ParticipationRecord) -> Lundy:
    """Space, Voice, Audience and Influence, with the child's own words."""
    return Lundy.from_json(
        cipher.open_json(
            record.lundy, table="participation_record", column="lundy", row_id=record.id
        )
    )


def text_of(cipher: FieldCipher, message: Message) -> str:
    """The plain text of a message."""
    return cipher.decrypt(message.body, table="message", column="body", row_id=message.id)

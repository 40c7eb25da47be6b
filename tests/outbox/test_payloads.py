"""Each channel's payload is a dataclass that writes the JSON the outbox always stored, and
reads it back: events queued before the payloads were typed still deliver."""

from __future__ import annotations

import json
from typing import Any

import pytest

from portal.casesystem.adapters import QueuedRecord
from portal.mail.compose import Letter
from portal.mail.notices import Email
from portal.outbox.handlers import register_handlers
from portal.outbox.queue import Payload
from portal.push.notify import ConversationPush, StaffPush, push_of
from portal.safety.alerts import Check

LETTER = {
    "to": "jensen@skole.dk",
    "locale": "da",
    "subject": "Kvittering for din underretning K7QM-4XRT",
    "text": "Tak for din underretning.\n",
    "html": "<p>Tak for din underretning.</p>",
    "message_id": "<1.2@indgang.dk>",
}
# What each channel queued before its payload had a type, key order included.
STORED: list[tuple[dict[str, Any], Payload]] = [
    (
        {"purpose": "receipt", **LETTER},
        Email("receipt", Letter(**LETTER)),
    ),
    ({"subscription_id": "a" * 32}, ConversationPush("a" * 32)),
    ({"staff_subscription_id": "b" * 32}, StaffPush("b" * 32)),
    ({"flag_id": "c" * 32, "step": "escalate"}, Check("c" * 32, "escalate")),
    ({"flag_id": "c" * 32, "step": "opening"}, Check("c" * 32, "opening")),
]


@pytest.mark.parametrize(("stored", "typed"), STORED)
def test_a_payload_writes_and_reads_what_was_stored(stored: dict[str, Any], typed: Any) -> None:
    assert json.dumps(typed.to_json()) == json.dumps(stored)
    parse = {
        Email: Email.from_json,
        ConversationPush: push_of,
        StaffPush: push_of,
        Check: Check.from_json,
    }[type(typed)]
    assert parse(stored) == typed


def test_a_case_system_record_is_delivered_as_it_was_queued() -> None:
    record = {"$schema": "urn:indgang:record:message:v1", "record_type": "message", "text": "Hej"}
    queued = QueuedRecord.from_json(record)
    assert queued.record_type == "message"
    assert json.dumps(queued.to_json()) == json.dumps(record)


@pytest.mark.parametrize(
    ("parse", "stored", "why"),
    [
        (Email.from_json, {"purpose": "receipt", **LETTER, "to": None}, "letter.to: expected str"),
        (Email.from_json, {"purpose": 1, **LETTER}, "email.purpose: expected str"),
        (push_of, {"subscription_id": 7}, "push.subscription_id: expected str"),
        (Check.from_json, {"flag_id": "c", "step": "later"}, "safety.step: expected one of"),
        (QueuedRecord.from_json, {"record_type": None}, "record.record_type: expected str"),
    ],
)
def test_a_payload_of_another_shape_is_refused(
    parse: Any, stored: dict[str, Any], why: str
) -> None:
    with pytest.raises(ValueError, match=f"^{why}"):
        parse(stored)


def test_every_event_kind_has_exactly_one_handler() -> None:
    registry = register_handlers({})
    assert set(registry) == {"email", "push", "safety", "casesystem"}
    with pytest.raises(ValueError, match="has a handler already"):
        register_handlers(registry)

"""Records for the case system, as JSON (schemas in portal/casesystem/schemas/v1/).

Built in the transaction of the change they describe, so a record says what was true then.
Questions are given in Danish, the case system's language; answers as the person gave them.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from portal.casesystem import fhir
from portal.inquiries import records
from portal.inquiries.models import Inquiry, Message, ParticipationRecord
from portal.journeys.by_kind import JOURNEYS
from portal.municipality import profile
from portal.staff.models import StaffUser

SCHEMA_VERSION = "1.0"
RECORD_TYPES = ("inquiry", "participation", "message", "status")
STATUSES = ("assessed", "triaged", "feedback_given", "converted")


def schema_id(record_type: str) -> str:
    return f"urn:indgang:record:{record_type}:v1"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _envelope(
    record_type: str, record_id: str, inquiry: Inquiry, occurred_at: datetime
) -> dict[str, Any]:
    return {
        "$schema": schema_id(record_type),
        "record_type": record_type,
        "schema_version": SCHEMA_VERSION,
        "record_id": record_id,
        "municipality": profile().name,
        "district": inquiry.district_slug,
        "reference": inquiry.reference,
        "inquiry_id": inquiry.id,
        "case_code": inquiry.case_code,
        "received_at": _iso(inquiry.received_at),
        "occurred_at": _iso(occurred_at),
    }


def answers(inquiry: Inquiry) -> list[dict[str, Any]]:
    """Every answer of the journey that wrote the inquiry, in page order, with its question
    (in Danish, from the journey's Questionnaire)."""
    given = records.answers_of(inquiry)
    questions = {i["linkId"]: i["text"] for i in fhir.questionnaire(inquiry.form_kind)["item"]}
    return [
        {
            "step": step.slug,
            "field": name,
            "question": questions[f"{step.slug}.{name}"],
            "value": given[name],
        }
        for step in JOURNEYS[inquiry.form_kind].applicable(given)
        for name in step.fields()
        if name in given
    ]


def inquiry_record(inquiry: Inquiry) -> dict[str, Any]:
    record = _envelope("inquiry", inquiry.id, inquiry, inquiry.received_at)
    record.update(
        {
            "kind": inquiry.kind,
            "locale": inquiry.locale,
            "anonymous": inquiry.anonymous,
            "wants_answer": inquiry.wants_answer,
            "deadlines": {
                "assess_by": _iso(inquiry.assess_by),
                "receipt_due": _iso(inquiry.receipt_due),
                "reporter_feedback_due": _iso(inquiry.reporter_feedback_due),
                "feedback_due": _iso(inquiry.feedback_due),
            },
            "answers": answers(inquiry),
        }
    )
    record["fhir"] = fhir.questionnaire_response(record, kind=inquiry.form_kind)
    return record


def participation_record(record: ParticipationRecord, *, at: datetime) -> dict[str, Any]:
    """How the child was heard (Lundy), as it stands at ``at``; sent again when it changes."""
    lundy = records.lundy_of(record)
    # One id per version: the same content is the same record, a change is a new one.
    version = hashlib.sha256(json.dumps(lundy, sort_keys=True).encode()).hexdigest()[:16]
    result = _envelope("participation", f"{record.id}-{version}", record.inquiry, at)
    result.update(
        {
            "participation_id": record.id,
            "age_band": record.age_band,
            "format": record.format,
            "space": lundy.get("space", {}),
            "voice": lundy.get("voice", {}),
            "audience": lundy.get("audience", {}),
            "influence": lundy.get("influence", {}),
        }
    )
    return result


def message_record(message: Message) -> dict[str, Any]:
    inquiry = message.conversation.inquiry
    result = _envelope("message", message.id, inquiry, message.created_at)
    result.update(
        {
            "conversation_id": message.conversation_id,
            "author": "municipality" if message.author == "staff" else "child_or_family",
            "text": records.text_of(message),
        }
    )
    return result


def status_record(
    inquiry: Inquiry,
    status: str,
    *,
    record_id: str,
    by: StaffUser,
    at: datetime,
    details: dict[str, Any],
) -> dict[str, Any]:
    """A step of casework: assessed (acute or not, or a possible danger's outcome), triaged
    (route, adviser), feedback given, or converted into a report of concern."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    result = _envelope("status", record_id, inquiry, at)
    result.update(
        {
            "status": status,
            "decided_by": {"name": by.name, "role": by.role},
            "details": details,
        }
    )
    return result

"""The records the case system gets, typed: one dataclass per JSON Schema in schemas/v1/.

Each record is an ``Envelope`` (envelope.schema.json) and the fields of its type; ``to_json``
writes the record as the schema describes it, envelope first. A field's JSON name is its
own unless its metadata says otherwise (``$schema``). tests/casesystem/test_records.py
checks that the fields and the schemas' properties agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from portal.inquiries.lundy import Audience, Influence, Space, Voice
from portal.json_types import JSONObject

# 1.1 added the consent record type, 1.2 the decision record type and the participation
# note's keys and FHIR Composition in the participation record; every 1.0 and 1.1 record is
# a valid 1.2 record (docs/records.md).
SCHEMA_VERSION = "1.2"
RECORD_TYPES = ("inquiry", "participation", "message", "status", "consent", "decision")

# An answer as the person gave it: a text, a choice, a yes/no, or several choices.
AnswerValue = str | bool | int | list[str] | None


def schema_id(record_type: str) -> str:
    return f"urn:indgang:record:{record_type}:v1"


@dataclass(frozen=True)
class Envelope:
    """What every record carries: which record, about which inquiry, and when."""

    schema: str = field(metadata={"json": "$schema"})
    record_type: str
    schema_version: str
    record_id: str
    municipality: str
    district: str | None
    reference: str
    inquiry_id: str
    case_code: str | None
    received_at: str
    occurred_at: str

    def to_json(self) -> JSONObject:
        return {
            "$schema": self.schema,
            "record_type": self.record_type,
            "schema_version": self.schema_version,
            "record_id": self.record_id,
            "municipality": self.municipality,
            "district": self.district,
            "reference": self.reference,
            "inquiry_id": self.inquiry_id,
            "case_code": self.case_code,
            "received_at": self.received_at,
            "occurred_at": self.occurred_at,
        }


@dataclass(frozen=True)
class Deadlines:
    """The clocks of an inquiry (ISO 8601), null where none runs."""

    assess_by: str | None  # the 24-hour assessment (Barnets lov § 136)
    receipt_due: str | None  # the reporter's receipt, 6 working days (§ 138)
    # Telling a professional reporter whether an investigation or support began (§ 138).
    reporter_feedback_due: str | None
    feedback_due: str | None

    def to_json(self) -> JSONObject:
        return {
            "assess_by": self.assess_by,
            "receipt_due": self.receipt_due,
            "reporter_feedback_due": self.reporter_feedback_due,
            "feedback_due": self.feedback_due,
        }


@dataclass(frozen=True)
class Answer:
    """One answer, with the page it was on and its question in Danish."""

    step: str
    field: str
    question: str
    value: AnswerValue

    def to_json(self) -> JSONObject:
        return {
            "step": self.step,
            "field": self.field,
            "question": self.question,
            "value": self.value,
        }


@dataclass(frozen=True)
class GivenFor:
    """The case a child's view was asked for on (since 1.2)."""

    inquiry_id: str
    reference: str

    def to_json(self) -> JSONObject:
        return {"inquiry_id": self.inquiry_id, "reference": self.reference}


@dataclass(frozen=True)
class InquiryRecord:
    """An inquiry as it came in, with every answer, and the same as FHIR."""

    envelope: Envelope
    kind: str
    locale: str
    anonymous: bool
    wants_answer: bool
    given_for: GivenFor | None
    deadlines: Deadlines
    answers: tuple[Answer, ...]
    # A FHIR QuestionnaireResponse (an outside standard's JSON; checked by fhir.resources).
    fhir: JSONObject

    def to_json(self) -> JSONObject:
        return {
            **self.envelope.to_json(),
            "kind": self.kind,
            "locale": self.locale,
            "anonymous": self.anonymous,
            "wants_answer": self.wants_answer,
            "given_for": self.given_for.to_json() if self.given_for is not None else None,
            "deadlines": self.deadlines.to_json(),
            "answers": [a.to_json() for a in self.answers],
            "fhir": self.fhir,
        }


@dataclass(frozen=True)
class ParticipationRecord:
    """How a child was heard (Lundy), as it stood when the record was made. A participation
    note's record carries the same as a FHIR Composition (since 1.2; absent otherwise)."""

    envelope: Envelope
    participation_id: str
    age_band: str | None
    format: str
    space: Space
    voice: Voice
    audience: Audience
    influence: Influence
    fhir: JSONObject | None = None

    def to_json(self) -> JSONObject:
        out: JSONObject = {
            **self.envelope.to_json(),
            "participation_id": self.participation_id,
            "age_band": self.age_band,
            "format": self.format,
            "space": self.space.to_json(),
            "voice": self.voice.to_json(),
            "audience": self.audience.to_json(),
            "influence": self.influence.to_json(),
        }
        if self.fhir is not None:
            out["fhir"] = self.fhir
        return out


@dataclass(frozen=True)
class MessageRecord:
    """A message in the conversation, in plain text."""

    envelope: Envelope
    conversation_id: str
    author: str
    text: str

    def to_json(self) -> JSONObject:
        return {
            **self.envelope.to_json(),
            "conversation_id": self.conversation_id,
            "author": self.author,
            "text": self.text,
        }


@dataclass(frozen=True)
class DecidedBy:
    """The member of staff who took a casework step: name and role only."""

    name: str
    role: str

    def to_json(self) -> JSONObject:
        return {"name": self.name, "role": self.role}


@dataclass(frozen=True)
class Assessed:
    """The 24-hour assessment: acute or not, and its outcome."""

    STATUS: ClassVar[str] = "assessed"
    acute: bool
    outcome: str

    def to_json(self) -> JSONObject:
        return {"acute": self.acute, "outcome": self.outcome}


@dataclass(frozen=True)
class Triaged:
    """A triage decision: the route, a measure on the special route, the adviser's name."""

    STATUS: ClassVar[str] = "triaged"
    route: str
    measure: str | None
    assigned_to: str | None

    def to_json(self) -> JSONObject:
        return {"route": self.route, "measure": self.measure, "assigned_to": self.assigned_to}


@dataclass(frozen=True)
class FeedbackGiven:
    """The child had the feedback (the participation record says what)."""

    STATUS: ClassVar[str] = "feedback_given"

    def to_json(self) -> JSONObject:
        return {}


@dataclass(frozen=True)
class Converted:
    """Made a report of concern, with the 24-hour assessment's deadline (ISO 8601)."""

    STATUS: ClassVar[str] = "converted"
    from_kind: str
    to_kind: str
    assess_by: str | None

    def to_json(self) -> JSONObject:
        return {"from_kind": self.from_kind, "to_kind": self.to_kind, "assess_by": self.assess_by}


StatusDetails = Assessed | Triaged | FeedbackGiven | Converted
STATUSES = tuple(d.STATUS for d in (Assessed, Triaged, FeedbackGiven, Converted))


@dataclass(frozen=True)
class StatusRecord:
    """A casework step; its status is the kind of its details."""

    envelope: Envelope
    status: str
    decided_by: DecidedBy
    details: StatusDetails

    def to_json(self) -> JSONObject:
        return {
            **self.envelope.to_json(),
            "status": self.status,
            "decided_by": self.decided_by.to_json(),
            "details": self.details.to_json(),
        }


@dataclass(frozen=True)
class ConsentSource:
    """Whom the municipality may ask and which information, as the person ticked it."""

    code: str
    text: str  # in Danish: whom, and about what

    def to_json(self) -> JSONObject:
        return {"code": self.code, "text": self.text}


@dataclass(frozen=True)
class ConsentRecord:
    """A consent to get information from others (retssikkerhedsloven § 11 a stk. 1), given
    or not, with its scope; sent again when it is withdrawn."""

    envelope: Envelope
    consent_id: str
    legal_basis: str
    given: bool
    case: str  # which case, in Danish: the application and what it is for
    sources: tuple[ConsentSource, ...]
    other: str | None  # someone else the person named, and about what
    given_at: str | None
    withdrawn_at: str | None
    withdrawn_how: str | None

    def to_json(self) -> JSONObject:
        return {
            **self.envelope.to_json(),
            "consent_id": self.consent_id,
            "legal_basis": self.legal_basis,
            "given": self.given,
            "case": self.case,
            "sources": [source.to_json() for source in self.sources],
            "other": self.other,
            "given_at": self.given_at,
            "withdrawn_at": self.withdrawn_at,
            "withdrawn_how": self.withdrawn_how,
        }


@dataclass(frozen=True)
class ChildTold:
    """What the child was told, in plain words, and how and when (ISO 8601)."""

    decided: str
    views_counted: str
    not_possible: str
    told_how: str | None  # conversation, in_person, phone or letter
    told_at: str | None
    message_id: str | None  # the outcome message, when told in the conversation

    def to_json(self) -> JSONObject:
        return {
            "decided": self.decided,
            "views_counted": self.views_counted,
            "not_possible": self.not_possible,
            "told_how": self.told_how,
            "told_at": self.told_at,
            "message_id": self.message_id,
        }


@dataclass(frozen=True)
class NotHeard:
    """Why the child was not heard before the decision (Barnets lov § 5), and a note."""

    reason: str  # age_maturity, childs_wish or urgency
    note: str

    def to_json(self) -> JSONObject:
        return {"reason": self.reason, "note": self.note}


@dataclass(frozen=True)
class RestedOn:
    """A documented view of the child the decision rested on: a participation note, the
    child's answer to an invitation (an inquiry), or the child's own inquiry."""

    source: str  # note, childs_view or own_inquiry
    id: str

    def to_json(self) -> JSONObject:
        return {"source": self.source, "id": self.id}


@dataclass(frozen=True)
class DecisionRecord:
    """A decision on a case, or the outcome of a meeting, with the feedback to the child
    (since 1.2)."""

    envelope: Envelope
    decision_id: str
    kind: str  # decision or meeting
    final: bool
    decided_by: DecidedBy
    decision: str  # for the case file
    feedback: ChildTold
    view_basis: str | None  # view or not_heard
    not_heard: NotHeard | None
    rested_on: tuple[RestedOn, ...]
    # The feedback as a FHIR Communication (an outside standard's JSON; checked by
    # fhir.resources).
    fhir: JSONObject

    def to_json(self) -> JSONObject:
        return {
            **self.envelope.to_json(),
            "decision_id": self.decision_id,
            "kind": self.kind,
            "final": self.final,
            "decided_by": self.decided_by.to_json(),
            "decision": self.decision,
            "feedback": self.feedback.to_json(),
            "view_basis": self.view_basis,
            "not_heard": self.not_heard.to_json() if self.not_heard is not None else None,
            "rested_on": [r.to_json() for r in self.rested_on],
            "fhir": self.fhir,
        }


CaseRecord = (
    InquiryRecord
    | ParticipationRecord
    | MessageRecord
    | StatusRecord
    | ConsentRecord
    | DecisionRecord
)

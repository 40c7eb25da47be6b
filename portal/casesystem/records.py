"""Building the records for the case system (their types in record_types.py, their JSON
Schemas in portal/casesystem/schemas/v1/).

Built in the transaction of the change they describe, so a record says what was true then.
Questions are given in Danish, the case system's language; answers as the person gave them.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from portal.apply.models import Consent
from portal.casesystem import fhir
from portal.casesystem.record_types import RECORD_TYPES as RECORD_TYPES
from portal.casesystem.record_types import (
    SCHEMA_VERSION,
    Answer,
    ConsentRecord,
    ConsentSource,
    Deadlines,
    DecidedBy,
    Envelope,
    InquiryRecord,
    MessageRecord,
    ParticipationRecord,
    StatusDetails,
    StatusRecord,
)
from portal.casesystem.record_types import schema_id as schema_id
from portal.inquiries import models, records
from portal.inquiries.lundy import Audience, Influence, Space, Voice
from portal.inquiries.models import Inquiry, Message
from portal.inquiries.questions import Questionnaires
from portal.security.crypto import FieldCipher
from portal.staff.models import StaffUser


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _envelope(
    record_type: str, record_id: str, inquiry: Inquiry, occurred_at: datetime, municipality: str
) -> Envelope:
    return Envelope(
        schema=schema_id(record_type),
        record_type=record_type,
        schema_version=SCHEMA_VERSION,
        record_id=record_id,
        municipality=municipality,
        district=inquiry.district_slug,
        reference=inquiry.reference,
        inquiry_id=inquiry.id,
        case_code=inquiry.case_code,
        received_at=inquiry.received_at.isoformat(),
        occurred_at=occurred_at.isoformat(),
    )


def answers(inquiry: Inquiry, cipher: FieldCipher, asked: Questionnaires) -> tuple[Answer, ...]:
    """Every answer of the journey that wrote the inquiry, in page order, with its question
    (in Danish); ``asked``: each kind's questionnaire (portal/inquiries/questions.py)."""
    given = records.answers_of(cipher, inquiry)
    return tuple(
        Answer(step=q.page, field=q.field, question=q.text, value=given[q.field])
        for q in asked[inquiry.form_kind].asked(given)
        if q.field in given
    )


def inquiry_record(
    inquiry: Inquiry, *, municipality: str, cipher: FieldCipher, asked: Questionnaires
) -> InquiryRecord:
    """An inquiry as received; ``municipality``: the profile's name; ``asked``: each kind's
    questionnaire."""
    envelope = _envelope("inquiry", inquiry.id, inquiry, inquiry.received_at, municipality)
    given = answers(inquiry, cipher, asked)
    return InquiryRecord(
        envelope=envelope,
        kind=inquiry.kind,
        locale=inquiry.locale,
        anonymous=inquiry.anonymous,
        wants_answer=inquiry.wants_answer,
        deadlines=Deadlines(
            assess_by=_iso(inquiry.assess_by),
            receipt_due=_iso(inquiry.receipt_due),
            reporter_feedback_due=_iso(inquiry.reporter_feedback_due),
            feedback_due=_iso(inquiry.feedback_due),
        ),
        answers=given,
        fhir=fhir.questionnaire_response(envelope, given, asked[inquiry.form_kind]),
    )


def participation_record(
    record: models.ParticipationRecord, *, at: datetime, municipality: str, cipher: FieldCipher
) -> ParticipationRecord:
    """How the child was heard (Lundy), as it stands at ``at``; sent again when it changes."""
    lundy = records.lundy_of(cipher, record)
    # One id per version: the same content is the same record, a change is a new one.
    stored = json.dumps(lundy.to_json(), sort_keys=True)
    version = hashlib.sha256(stored.encode()).hexdigest()[:16]
    return ParticipationRecord(
        envelope=_envelope(
            "participation", f"{record.id}-{version}", record.inquiry, at, municipality
        ),
        participation_id=record.id,
        age_band=record.age_band,
        format=record.format,
        space=lundy.space or Space(),
        voice=lundy.voice or Voice(),
        audience=lundy.audience or Audience(),
        influence=lundy.influence or Influence(),
    )


def message_record(message: Message, *, municipality: str, cipher: FieldCipher) -> MessageRecord:
    inquiry = message.conversation.inquiry
    return MessageRecord(
        envelope=_envelope("message", message.id, inquiry, message.created_at, municipality),
        conversation_id=message.conversation_id,
        author="municipality" if message.author == "staff" else "child_or_family",
        text=records.text_of(cipher, message),
    )


def status_record(
    inquiry: Inquiry,
    details: StatusDetails,
    *,
    record_id: str,
    by: StaffUser,
    at: datetime,
    municipality: str,
) -> StatusRecord:
    """A step of casework, its status given by its details: assessed (acute or not, or a
    possible danger's outcome), triaged (route, adviser), feedback given, or converted into
    a report of concern."""
    return StatusRecord(
        envelope=_envelope("status", record_id, inquiry, at, municipality),
        status=details.STATUS,
        decided_by=DecidedBy(name=by.name, role=by.role),
        details=details,
    )


CONSENT_LAW = "retssikkerhedsloven § 11 a, stk. 1"


def consent_record(
    consent: Consent,
    *,
    at: datetime,
    municipality: str,
    cipher: FieldCipher,
    asked: Questionnaires,
) -> ConsentRecord:
    """An application's consent, given or not, as it stands at ``at``: whom the municipality
    may ask and about what (the Danish text of each box ticked), for which case, when it was
    given and when and how it was withdrawn. Sent again when it is withdrawn."""
    inquiry = consent.inquiry
    questionnaire = asked[inquiry.form_kind]
    given = records.answers_of(cipher, inquiry) if inquiry.anonymised_at is None else {}
    support = dict(questionnaire.by_link_id["support.support"].options)
    sources = dict(questionnaire.by_link_id["consent-scope.sources"].options)
    case = f"{questionnaire.title}: {support.get(str(given.get('support')), '')}".rstrip(": ")
    state = f"{consent.given}|{consent.withdrawn_at}|{consent.withdrawn_how}"
    version = hashlib.sha256(state.encode()).hexdigest()[:16]
    other = str(given.get("other_source") or "") if consent.given else ""
    return ConsentRecord(
        envelope=_envelope("consent", f"{consent.id}-{version}", inquiry, at, municipality),
        consent_id=consent.id,
        legal_basis=CONSENT_LAW,
        given=consent.given,
        case=f"{case} ({inquiry.reference})",
        sources=tuple(ConsentSource(code, sources.get(code, code)) for code in consent.source_list),
        other=other or None,
        given_at=_iso(consent.given_at),
        withdrawn_at=_iso(consent.withdrawn_at),
        withdrawn_how=consent.withdrawn_how,
    )

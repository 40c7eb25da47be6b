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
    ChildTold,
    ConsentRecord,
    ConsentSource,
    Deadlines,
    DecidedBy,
    DecisionRecord,
    Envelope,
    GivenFor,
    InquiryRecord,
    MessageRecord,
    NotHeard,
    ParticipationRecord,
    RestedOn,
    StatusDetails,
    StatusRecord,
)
from portal.casesystem.record_types import schema_id as schema_id
from portal.casework.hearing import View
from portal.casework.models import ChildFeedback, ParticipationNote
from portal.inquiries import models, records
from portal.inquiries.lundy import Audience, Influence, Lundy, Reader, Space, Voice
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
        given_for=(
            GivenFor(inquiry_id=inquiry.case.id, reference=inquiry.case.reference)
            if inquiry.case is not None
            else None
        ),
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


# -- issue 21: the participation note and the decision -------------------------------------


def age_band(age: int | None) -> str | None:
    """The age bands of the participation records (none under 6: the records of the
    journeys start there)."""
    if age is None or age < 6 or age > 17:
        return None
    return "6-9" if age < 10 else "10-13" if age < 14 else "14-17"


def _yes(value: bool) -> str:
    return "Ja" if value else "Nej"


def note_lundy(note: ParticipationNote, cipher: FieldCipher) -> Lundy:
    """A participation note as Lundy: where, how and with whom the child took part (Space),
    the child's views in their own words (Voice), the adviser who heard them (Audience), and
    how the views will be weighed, with § 3's party rule (Influence)."""

    def opened(column: str) -> str:
        sealed = getattr(note, column)
        return cipher.decrypt(sealed, table="participation_note", column=column, row_id=note.id)

    user = note.user
    return Lundy(
        space=Space(
            form=note.form,
            met_at=note.met_at.isoformat(),
            place=opened("place"),
            present=opened("present"),
            bisidder_present=note.bisidder_present,
            told_purpose=note.told_purpose,
            offered_bisidder=note.offered_bisidder,
        ),
        voice=Voice(own_words=opened("views")),
        audience=Audience(
            read_by="adviser",
            heard_by=(Reader(user.id, user.name, user.role, note.at.isoformat()),),
        ),
        influence=Influence(
            weighing=opened("weighing"),
            party_case=note.party_case,
            heard_as_party=note.heard_as_party,
        ),
    )


# The forms of participation, in Danish, for the FHIR narrative.
NOTE_FORMS_DA = {
    "child_conversation": "Børnesamtale",
    "observation": "Observation",
    "portal_answer": "Svar i portalen",
    "network_meeting": "Netværksmøde med barnet til stede",
}


def note_record(
    note: ParticipationNote, *, inquiry: Inquiry, municipality: str, cipher: FieldCipher
) -> ParticipationRecord:
    """A participation note as a participation record, with the same as a FHIR Composition."""
    lundy = note_lundy(note, cipher)
    space, voice = lundy.space or Space(), lundy.voice or Voice()
    influence = lundy.influence or Influence()
    envelope = _envelope("participation", note.id, inquiry, note.at, municipality)
    author = f"{note.user.name} ({note.user.role})"
    sections = {
        "space": [
            ("Form:", NOTE_FORMS_DA.get(note.form, note.form)),
            ("Hvor:", space.place or ""),
            ("Andre til stede:", space.present or ""),
            ("Bisidder til stede:", _yes(note.bisidder_present)),
            ("Barnet fik at vide, hvad formålet var:", _yes(note.told_purpose)),
            ("Barnet fik tilbudt en bisidder:", _yes(note.offered_bisidder)),
        ],
        "voice": [("Barnets synspunkter med barnets egne ord:", str(voice.own_words or ""))],
        "audience": [("Hørt af:", author)],
        "influence": [
            ("Sådan indgår synspunkterne:", influence.weighing or ""),
            ("Sag hvor et barn på 10 år eller mere er part (§ 3):", _yes(note.party_case)),
            ("Barnet blev hørt som part:", _yes(note.heard_as_party)),
        ],
    }
    return ParticipationRecord(
        envelope=envelope,
        participation_id=note.id,
        age_band=age_band(note.child_age),
        format=note.form,
        space=space,
        voice=voice,
        audience=lundy.audience or Audience(),
        influence=influence,
        fhir=fhir.note_composition(
            envelope, met_at=note.met_at.isoformat(), author=author, sections=sections
        ),
    )


def decision_record(
    row: ChildFeedback,
    *,
    inquiry: Inquiry,
    views: list[View],
    municipality: str,
    cipher: FieldCipher,
) -> DecisionRecord:
    """A decision with its feedback to the child, the basis it rests on (the ids of the
    views documented before it, or why the child was not heard)."""

    def opened(column: str) -> str:
        sealed = getattr(row, column)
        return cipher.decrypt(sealed, table="child_feedback", column=column, row_id=row.id)

    not_heard = None
    if row.view_basis == "not_heard" and row.not_heard_reason is not None:
        note = opened("not_heard_note") if row.not_heard_note is not None else ""
        not_heard = NotHeard(reason=row.not_heard_reason, note=note)
    envelope = _envelope("decision", row.id, inquiry, row.at, municipality)
    told = ChildTold(
        decided=opened("message"),
        views_counted=opened("views_weighed"),
        not_possible=opened("not_possible") if row.not_possible is not None else "",
        told_how=row.told_how,
        told_at=_iso(row.told_at),
        message_id=row.message_id,
    )
    return DecisionRecord(
        envelope=envelope,
        decision_id=row.id,
        kind=row.kind,
        final=row.final,
        decided_by=DecidedBy(name=row.user.name, role=row.user.role),
        decision=opened("decision"),
        feedback=told,
        view_basis=row.view_basis,
        not_heard=not_heard,
        rested_on=tuple(RestedOn(source=v.source, id=v.id) for v in views),
        fhir=fhir.feedback_communication(
            envelope,
            decided_by=f"{row.user.name} ({row.user.role})",
            told_how=told.told_how,
            told_at=told.told_at,
            parts=(
                ("Det har vi besluttet", told.decided),
                ("Sådan talte din mening med", told.views_counted),
                ("Det kunne vi ikke gøre, og her er grunden", told.not_possible),
            ),
        ),
    )

"""The same content as HL7 FHIR: a Questionnaire per kind of inquiry, a
QuestionnaireResponse per inquiry, a Composition per participation note, a Communication per
decision's feedback to the child. Checked in tests with `fhir.resources` (its R4B models:
FHIR 4.3, whose Questionnaire, QuestionnaireResponse, Composition and Communication are
those of R4 for everything used here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from portal.casesystem.record_types import Answer, Envelope
from portal.inquiries.questions import CHOICE, Question, Questionnaire

SYSTEM = "urn:indgang"


def questionnaire_url(kind: str) -> str:
    return f"{SYSTEM}:questionnaire:{kind}"


def _coding(kind: str, value: str, label: str) -> dict[str, Any]:
    return {"valueCoding": {"system": questionnaire_url(kind), "code": value, "display": label}}


def _item(kind: str, question: Question) -> dict[str, Any]:
    item: dict[str, Any] = {
        "linkId": question.link_id,
        "text": question.text,
        "type": question.type,
    }
    if question.type == CHOICE:
        item["answerOption"] = [_coding(kind, value, label) for value, label in question.options]
        item["repeats"] = question.repeats
    return item


def questionnaire(asked: Questionnaire) -> dict[str, Any]:
    """A kind's questions (in Danish) as a FHIR Questionnaire."""
    kind = asked.kind
    return {
        "resourceType": "Questionnaire",
        "id": kind.replace("_", "-"),
        "url": questionnaire_url(kind),
        "version": "1",
        "name": kind.title().replace("_", ""),
        "title": asked.title,
        "status": "active",
        "language": "da",
        "item": [_item(kind, q) for q in asked.questions],
    }


def _answers(kind: str, value: Any, question: Question) -> list[dict[str, Any]]:
    options = dict(question.options) if question.type == CHOICE else None
    values = value if isinstance(value, list) else [value]
    answers = []
    for v in values:
        if v is None or v == "":
            continue
        if options is not None and str(v) in options:
            answers.append(_coding(kind, str(v), options[str(v)]))
        elif isinstance(v, bool):
            answers.append({"valueBoolean": v})
        else:
            answers.append({"valueString": str(v)})
    return answers


def questionnaire_response(
    envelope: Envelope, answers: Sequence[Answer], asked: Questionnaire
) -> dict[str, Any]:
    """An inquiry's answers (see records.inquiry_record) as a FHIR QuestionnaireResponse to
    the Questionnaire of the journey that wrote them (the inquiry's own kind, unless staff
    made the inquiry a report of concern since)."""
    known = asked.by_link_id
    items = []
    for answer in answers:
        link_id = f"{answer.step}.{answer.field}"
        question = known.get(link_id)
        if question is None:
            continue
        values = _answers(asked.kind, answer.value, question)
        if values:
            items.append({"linkId": link_id, "text": question.text, "answer": values})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": envelope.inquiry_id,
        "identifier": {"system": f"{SYSTEM}:reference", "value": envelope.reference},
        "questionnaire": questionnaire_url(asked.kind),
        "status": "completed",
        "authored": envelope.received_at,
        "item": items,
    }


# -- a participation note as a FHIR Composition ---------------------------------------------

NOTE_CODING = {"code": "participation-note", "display": "Inddragelsesnotat"}
NOTE_TYPE = {
    "coding": [{"system": f"{SYSTEM}:document", **NOTE_CODING}],
    "text": "Inddragelsesnotat",
}
# The Lundy parts, in Danish: the section titles of a note's Composition.
LUNDY_TITLES = {
    "space": "Rum",
    "voice": "Stemme",
    "audience": "Publikum",
    "influence": "Indflydelse",
}


def _narrative(lines: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Lines of label and text as FHIR's XHTML narrative, escaped."""
    body = "".join(f"<p><b>{escape(label)}</b> {escape(text)}</p>" for label, text in lines)
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}


def note_composition(
    envelope: Envelope,
    *,
    met_at: str,
    author: str,
    sections: Mapping[str, Sequence[tuple[str, str]]],
) -> dict[str, Any]:
    """A participation note as a FHIR Composition (status final): the contact's time as its
    event, the adviser as its author, and one section per Lundy part (space, voice,
    audience, influence), each a narrative of Danish labels and what was recorded."""
    return {
        "resourceType": "Composition",
        "id": envelope.record_id,
        "identifier": {"system": f"{SYSTEM}:reference", "value": envelope.reference},
        "status": "final",
        "type": NOTE_TYPE,
        "date": envelope.occurred_at,
        "author": [{"display": author}],
        "title": "Inddragelsesnotat",
        "event": [{"period": {"start": met_at}}],
        "section": [
            {
                "title": LUNDY_TITLES[part],
                "code": {"coding": [{"system": f"{SYSTEM}:lundy", "code": part}]},
                "text": _narrative(lines),
            }
            for part, lines in sections.items()
        ],
    }


# Told in the child's conversation in the portal, or another way (FHIR's "medium").
TOLD_MEDIUM = {
    "conversation": "Samtale i portalen",
    "in_person": "Personligt",
    "phone": "Telefon",
    "letter": "Brev",
}


def feedback_communication(
    envelope: Envelope,
    *,
    decided_by: str,
    told_how: str | None,
    told_at: str | None,
    parts: Sequence[tuple[str, str]],
) -> dict[str, Any]:
    """A decision's feedback to the child as a FHIR Communication (status completed): sent
    when the child was told, by the member of staff who decided, to the child, by the way
    they were told; one payload per part, each its Danish heading and what the child read."""
    resource: dict[str, Any] = {
        "resourceType": "Communication",
        "id": envelope.record_id,
        "identifier": [{"system": f"{SYSTEM}:reference", "value": envelope.reference}],
        "status": "completed",
        "category": [
            {
                "coding": [
                    {
                        "system": f"{SYSTEM}:communication",
                        "code": "feedback-to-child",
                        "display": "Tilbagemelding til barnet",
                    }
                ]
            }
        ],
        "sender": {"display": decided_by},
        "recipient": [{"display": "Barnet"}],
        "payload": [{"contentString": f"{heading}: {text}"} for heading, text in parts],
    }
    if told_how in TOLD_MEDIUM:
        resource["medium"] = [
            {
                "coding": [
                    {
                        "system": f"{SYSTEM}:told-how",
                        "code": told_how,
                        "display": TOLD_MEDIUM[told_how],
                    }
                ]
            }
        ]
    if told_at is not None:
        resource["sent"] = told_at
    return resource

"""The same content as HL7 FHIR: a Questionnaire per kind of inquiry, a
QuestionnaireResponse per inquiry. Checked in tests with `fhir.resources` (its R4B models:
FHIR 4.3, whose Questionnaire and QuestionnaireResponse are those of R4 for everything used
here)."""

from __future__ import annotations

from collections.abc import Sequence
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

"""The same content as HL7 FHIR: a Questionnaire per journey, a QuestionnaireResponse per
inquiry. Checked in tests with `fhir.resources` (its R4B models: FHIR 4.3, whose
Questionnaire and QuestionnaireResponse are those of R4 for everything used here)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from flask import current_app
from flask_babel import force_locale

from portal.casesystem.record_types import Answer, Envelope
from portal.journeys.by_kind import JOURNEYS
from portal.journeys.engine import Journey

SYSTEM = "urn:indgang"
# WTForms field types and the FHIR item type each becomes.
ITEM_TYPES = {
    "StringField": "string",
    "EmailField": "string",
    "CPRField": "string",
    "TextAreaField": "text",
    "ChoiceField": "choice",
    "DistrictField": "choice",
    "MultiCheckboxField": "choice",
    "BooleanField": "boolean",
}


def questionnaire_url(kind: str) -> str:
    return f"{SYSTEM}:questionnaire:{kind}"


def _items(kind: str, journey: Journey) -> list[dict[str, Any]]:
    items = []
    for step in journey.steps:
        form = step.form(meta={"csrf": False})
        for field in form:
            if field.type not in ITEM_TYPES:
                continue
            item: dict[str, Any] = {
                # A page and its field: two pages may ask for the same field (a
                # professional's and a citizen's email in a report).
                "linkId": f"{step.slug}.{field.name}",
                "text": str(field.label.text),
                "type": ITEM_TYPES[field.type],
            }
            if item["type"] == "choice":
                item["answerOption"] = [
                    {"valueCoding": {"system": questionnaire_url(kind), "code": value,
                                     "display": str(label)}}
                    for value, label, *_ in field.iter_choices()
                ]  # fmt: skip
                item["repeats"] = field.type == "MultiCheckboxField"
            items.append(item)
    return items


def questionnaire(kind: str) -> dict[str, Any]:
    """The journey that writes inquiries of ``kind``, as a FHIR Questionnaire (in Danish).

    Made once per app (every inquiry record uses it): it only changes with the code and the
    profile's districts, and those change with a restart."""
    made: dict[str, dict[str, Any]] = current_app.extensions.setdefault("fhir_questionnaires", {})
    if kind not in made:
        made[kind] = _questionnaire(kind)
    return copy.deepcopy(made[kind])


def _questionnaire(kind: str) -> dict[str, Any]:
    journey = JOURNEYS[kind]
    with force_locale("da"):
        return {
            "resourceType": "Questionnaire",
            "id": kind.replace("_", "-"),
            "url": questionnaire_url(kind),
            "version": "1",
            "name": kind.title().replace("_", ""),
            "title": str(journey.title),
            "status": "active",
            "language": "da",
            "item": _items(kind, journey),
        }


def _answers(value: Any, options: dict[str, dict[str, Any]] | None) -> list[dict[str, Any]]:
    values = value if isinstance(value, list) else [value]
    answers = []
    for v in values:
        if v is None or v == "":
            continue
        if options is not None and str(v) in options:
            answers.append({"valueCoding": options[str(v)]["valueCoding"]})
        elif isinstance(v, bool):
            answers.append({"valueBoolean": v})
        else:
            answers.append({"valueString": str(v)})
    return answers


def questionnaire_response(
    envelope: Envelope, answers: Sequence[Answer], *, kind: str
) -> dict[str, Any]:
    """An inquiry's answers (see records.inquiry_record) as a FHIR QuestionnaireResponse to
    the Questionnaire of ``kind``: the journey that wrote the answers (the inquiry's own
    kind, unless staff made the inquiry a report of concern since)."""
    known = {i["linkId"]: i for i in questionnaire(kind)["item"]}
    items = []
    for answer in answers:
        link_id = f"{answer.step}.{answer.field}"
        item = known.get(link_id)
        if item is None:
            continue
        options = (
            {o["valueCoding"]["code"]: o for o in item["answerOption"]}
            if item["type"] == "choice"
            else None
        )
        values = _answers(answer.value, options)
        if values:
            items.append({"linkId": link_id, "text": item["text"], "answer": values})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": envelope.inquiry_id,
        "identifier": {"system": f"{SYSTEM}:reference", "value": envelope.reference},
        "questionnaire": questionnaire_url(kind),
        "status": "completed",
        "authored": envelope.received_at,
        "item": items,
    }

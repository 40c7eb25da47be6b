"""Answers the case pages show masked (a CPR number: 010215-xxxx) until asked for.

The journey that wrote an inquiry says which answers it masks (``Journey.masks``); the case
pages ask here what to mask. Showing one in full is audited (casework/sensitive.py).
"""

from __future__ import annotations

from typing import Any

from portal.casesystem.record_types import InquiryRecord
from portal.inquiries import records
from portal.inquiries.models import Inquiry
from portal.instances import cipher
from portal.journeys.by_kind import JOURNEYS


def has_masked(inquiry: Inquiry) -> bool:
    """Whether the inquiry holds an answer the case pages mask."""
    if inquiry.anonymised_at is not None:
        return False
    masks = JOURNEYS[inquiry.form_kind].masks
    answers = records.answers_of(cipher(), inquiry) if masks else {}
    return any(answers.get(name) for name in masks)


def record_items(record: InquiryRecord, inquiry: Inquiry, *, reveal: bool) -> list[dict[str, Any]]:
    """The FHIR items of an inquiry record (``casesystem.records.inquiry_record``) to show:
    the masked answers masked, unless ``reveal``; such an item says ``masked``."""
    masks = JOURNEYS[inquiry.form_kind].masks
    items = []
    for item in record.fhir["item"]:
        mask = masks.get(item["linkId"].split(".", 1)[-1])
        if mask is not None and not reveal:
            answers = [{"valueString": mask(str(a.get("valueString", "")))} for a in item["answer"]]
            item = {**item, "answer": answers, "masked": True}
        items.append(item)
    return items

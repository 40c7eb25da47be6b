"""Every place that needs a kind of inquiry knows every kind in the registry, and no other
(portal/inquiries/kinds.py)."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask
from flask_babel import force_locale

from portal.inquiries import kinds
from portal.journeys.by_kind import BY_NAME
from portal.staff.templating import KIND_LABELS

ROOT = Path(__file__).resolve().parents[2]


def test_the_registry_declares_each_kind_once() -> None:
    assert len(kinds.IDS) == len(set(kinds.IDS)) == len(kinds.BY_ID)
    assert len({k.journey for k in kinds.KINDS}) == len(kinds.KINDS)


def test_each_kind_has_its_journey_and_every_journey_a_kind(app: Flask) -> None:
    assert {kind.journey for kind in kinds.KINDS} == set(BY_NAME)
    for kind in kinds.KINDS:
        assert f"{kind.journey}.start" in app.view_functions


def test_each_kinds_label_is_translated(app: Flask) -> None:
    """The labels staff read come from the registry; each must have its Danish words."""
    with app.test_request_context(), force_locale("da"):
        danish = {kind.id: str(KIND_LABELS[kind.id]) for kind in kinds.KINDS}
    for kind in kinds.KINDS:
        assert danish[kind.id] != kind.label, kind.id


def test_the_pull_api_document_lists_every_kind() -> None:
    document = json.loads((ROOT / "portal/casesystem/openapi.json").read_text(encoding="utf-8"))
    enums = [
        p["schema"]["enum"]
        for path in document["paths"].values()
        for operation in path.values()
        for p in operation.get("parameters", [])
        if p.get("name") == "kind"
    ]
    assert enums, "the API document has a kind parameter"
    assert all(sorted(e) == sorted(kinds.IDS) for e in enums)


def test_the_inquiry_records_schema_lists_every_kind() -> None:
    schema = ROOT / "portal/casesystem/schemas/v1/inquiry.schema.json"
    document = json.loads(schema.read_text(encoding="utf-8"))
    assert sorted(document["properties"]["kind"]["enum"]) == sorted(kinds.IDS)


def test_each_kind_has_its_questions_for_the_case_system(app: Flask) -> None:
    asked = app.extensions["questionnaires"]
    assert set(asked) == set(kinds.IDS)
    assert all(asked[kind].questions for kind in kinds.IDS)

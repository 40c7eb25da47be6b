"""Every place that needs a kind of inquiry knows every kind in the registry, and no other
(portal/inquiries/kinds.py)."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask

from portal.casework import models, rules
from portal.inquiries import kinds, promises
from portal.journeys.by_kind import JOURNEYS
from portal.staff.templating import KIND_LABELS

ROOT = Path(__file__).resolve().parents[2]


def test_the_registry_declares_each_kind_once() -> None:
    assert len(kinds.IDS) == len(set(kinds.IDS)) == len(kinds.BY_ID)
    assert len({k.journey for k in kinds.KINDS}) == len(kinds.KINDS)


def test_each_kind_has_its_journey_and_it_writes_that_kind(app: Flask) -> None:
    assert set(JOURNEYS) == set(kinds.IDS)
    for kind in kinds.KINDS:
        assert JOURNEYS[kind.id].name == kind.journey
        assert f"{kind.journey}.start" in app.view_functions


def test_casework_promises_and_labels_know_every_kind() -> None:
    assert set(models.KINDS) == set(kinds.IDS)
    assert set(rules.CHILD_KINDS) == set(kinds.CHILDS_OWN)
    assert {rules.REPORT} == set(kinds.REPORTS)
    assert set(promises.CHILDS_OWN) == set(kinds.CHILDS_OWN)
    assert {k: str(v) for k, v in KIND_LABELS.items()} == {k.id: k.label for k in kinds.KINDS}


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

"""Inquiries as HL7 FHIR: each journey a Questionnaire, each inquiry a QuestionnaireResponse,
validated by the `fhir.resources` models (R4B, which matches R4 for these resources)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from flask import Flask

from portal import db
from portal.casesystem import fhir, records
from portal.casesystem.record_types import InquiryRecord
from portal.inquiries.models import Inquiry
from portal.instances import cipher, profile, questionnaires
from portal.journeys.by_kind import JOURNEYS
from tests.apply.test_journey import PARENT
from tests.support import forms
from tests.support.apps import MovableClock
from tests.support.outbox import outbox_app


def inquiry_record(inquiry: Inquiry) -> InquiryRecord:
    """The inquiry's record, as the feed builds it (in an app context)."""
    return records.inquiry_record(
        inquiry, municipality=profile().name, cipher=cipher(), asked=questionnaires()
    )


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    return outbox_app(tmp_path, database_url, CLOCK=MovableClock())


@pytest.mark.parametrize("kind", sorted(JOURNEYS))
def test_every_journey_is_a_valid_questionnaire(app: Flask, kind: str) -> None:
    with app.app_context():
        resource = fhir.questionnaire(questionnaires()[kind])
    parsed = Questionnaire.model_validate(resource)
    assert parsed.url == f"urn:indgang:questionnaire:{kind}"
    assert parsed.item
    link_ids = [item["linkId"] for item in resource["item"]]
    assert len(link_ids) == len(set(link_ids))
    response = app.test_client().get(f"/api/v1/questionnaires/{kind}")
    assert response.status_code == 200
    assert response.mimetype == "application/fhir+json"
    assert response.get_json() == resource


def test_an_application_is_a_valid_questionnaire_response(app: Flask) -> None:
    client = app.test_client()
    client.set_cookie("indgang_lang", "en")
    steps = [(s, {**d, "email": "anne@example.dk"} if s == "contact" else d) for s, d in PARENT]
    forms.walk(client, "/apply-for-support", steps)
    page = forms.send(client, "/apply-for-support")
    with app.test_request_context():
        inquiry_id = forms.sent_inquiry(page).id
        with db.new_session() as s:
            inquiry = s.get(Inquiry, inquiry_id)
            assert inquiry is not None
            record = records.inquiry_record(
                inquiry, municipality=profile().name, cipher=cipher(), asked=questionnaires()
            ).to_json()
            definition = fhir.questionnaire(questionnaires()["application"])
    resource: dict[str, Any] = record["fhir"]
    parsed = QuestionnaireResponse.model_validate(resource)
    assert parsed.status == "completed"
    assert parsed.identifier is not None
    assert parsed.identifier.value == record["reference"]
    assert resource["questionnaire"] == definition["url"]
    items = {item["linkId"]: item for item in resource["item"]}
    # Every answer refers to a question of the Questionnaire, and a choice to one of its options.
    options = {i["linkId"]: i.get("answerOption") for i in definition["item"]}
    for link_id, item in items.items():
        assert link_id in options
        for answer in item["answer"]:
            if "valueCoding" in answer:
                assert {"valueCoding": answer["valueCoding"]} in options[link_id]
    assert items["support.support"]["answer"][0]["valueCoding"]["code"] == "disability"
    assert items["why.reason"]["answer"] == [{"valueString": "Sofie har brug for en særlig cykel."}]
    assert items["consent.may_ask"]["answer"][0]["valueCoding"]["code"] == "yes"
    codes = [a["valueCoding"]["code"] for a in items["consent-scope.sources"]["answer"]]
    assert codes == ["school", "doctor"]


def test_an_unknown_questionnaire_is_a_clear_404(app: Flask) -> None:
    response = app.test_client().get("/api/v1/questionnaires/complaint")
    assert response.status_code == 404
    assert "there are: ask_for_help" in response.get_json()["error"]

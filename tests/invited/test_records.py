"""The child's view, asked for, as the case system gets it: an inquiry record whose FHIR
QuestionnaireResponse (read off the journey's questions) validates against its Questionnaire
and the JSON Schema, and a participation record that validates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from flask import Flask

from portal import clock, db
from portal.casesystem import fhir, records
from portal.inquiries.models import Inquiry
from portal.instances import cipher, profile, questionnaires
from tests.casesystem.test_records import validator
from tests.conftest import migrate
from tests.support import forms
from tests.support.apps import MovableClock, make_app
from tests.support.invitations import invite


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    application = make_app(tmp_path, database_url, CLOCK=MovableClock(), RATELIMIT_ENABLED=False)
    migrate(application)
    return application


def test_a_childs_view_gives_valid_records_with_its_questions_in_danish(app: Flask) -> None:
    invited = invite(app, question_set="before_meeting")
    child = app.test_client()
    child.set_cookie("indgang_lang", "en")
    child.get(f"/i/{invited.code}")
    forms.walk(
        child,
        "/invitation",
        [
            ("meeting-talk", {"meeting_talk": "Om min skole."}),
            ("meeting-know", {"meeting_know": ""}),
            ("meeting-good", {"meeting_good": "At min mor er der."}),
            ("write-back", {"write_back": "yes"}),
        ],
    )
    page = forms.send(child, "/invitation")
    with app.test_request_context():
        view_id = forms.sent_inquiry(page).id
        with db.new_session() as s:
            view = s.get(Inquiry, view_id)
            assert view is not None
            assert view.participation is not None
            record = records.inquiry_record(
                view, municipality=profile().name, cipher=cipher(), asked=questionnaires()
            ).to_json()
            participation = records.participation_record(
                view.participation, at=clock.now(), municipality=profile().name, cipher=cipher()
            ).to_json()
            definition = fhir.questionnaire(questionnaires()["childs_view"])
            case = s.get_one(Inquiry, invited.case_id)
            given_for = {"inquiry_id": case.id, "reference": case.reference}
    validator("inquiry").validate(record)
    validator("participation").validate(participation)
    assert record["kind"] == "childs_view"
    assert record["given_for"] == given_for  # the case system knows which case it is for
    assert record["deadlines"]["feedback_due"] is not None
    Questionnaire.model_validate(definition)
    resource: dict[str, Any] = record["fhir"]
    parsed = QuestionnaireResponse.model_validate(resource)
    assert parsed.status == "completed"
    assert resource["questionnaire"] == definition["url"]
    items = {item["linkId"]: item for item in resource["item"]}
    known = {i["linkId"] for i in definition["item"]}
    assert set(items) <= known
    assert items["meeting-talk.meeting_talk"]["answer"] == [{"valueString": "Om min skole."}]
    assert items["write-back.write_back"]["answer"][0]["valueCoding"]["code"] == "yes"
    # Only the questions of the set asked: none of another set, and never the invitation.
    assert not any(link.startswith(("decision-", "change-", "free-")) for link in items)
    answers = {a["field"]: a for a in record["answers"]}
    assert answers["meeting_talk"]["question"] == "Hvad vil du tale om til mødet?"
    assert "invitation" not in answers
    assert participation["space"]["how"] == ["invitation"]
    assert participation["audience"]["read_by"] == "adviser"

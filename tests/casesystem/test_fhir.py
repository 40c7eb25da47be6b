"""Inquiries as HL7 FHIR: each journey a Questionnaire, each inquiry a QuestionnaireResponse,
validated by the `fhir.resources` models (R4B, which matches R4 for these resources)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from fhir.resources.R4B.communication import Communication
from fhir.resources.R4B.composition import Composition
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from flask import Flask
from sqlalchemy import select

from portal import db
from portal.casesystem import fhir, records
from portal.casesystem.record_types import InquiryRecord
from portal.casework.models import ParticipationNote
from portal.inquiries.models import Inquiry
from portal.instances import cipher, profile, questionnaires
from portal.journeys.by_kind import JOURNEYS
from portal.outbox.models import OutboxEvent
from portal.outbox.queue import payload_of
from tests.apply.test_journey import PARENT
from tests.casework.test_decisions import GIVEN as DECIDED
from tests.casework.test_decisions import NOTE, assessed_report, decide, note
from tests.support import forms
from tests.support.apps import MovableClock
from tests.support.cases import new_inquiry
from tests.support.outbox import ctx_of, outbox_app
from tests.support.staff import make_staff


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


# -- a participation note: a Composition ------------------------------------------------------


def test_a_participation_note_is_a_valid_composition_in_its_record(app: Flask) -> None:
    case_id, _ = new_inquiry(app)
    adviser = make_staff(app, "adviser", name="Anne Rådgiver")
    note(app, adviser.id, case_id, replace(NOTE, views="Mor & <far>"))
    with app.app_context(), db.new_session() as s:
        found = select(ParticipationNote.id).where(ParticipationNote.inquiry_id == case_id)
        note_id = s.scalars(found).one()
        queued = [
            payload_of(ctx_of(s), e)
            for e in s.scalars(select(OutboxEvent).where(OutboxEvent.channel == "casesystem"))
        ]
    record = next(r for r in queued if r.get("participation_id") == note_id)
    resource = record["fhir"]
    parsed = Composition.model_validate(resource)
    assert parsed.status == "final"
    assert parsed.title == "Inddragelsesnotat"
    assert [s.title for s in parsed.section or []] == ["Rum", "Stemme", "Publikum", "Indflydelse"]
    assert resource["author"] == [{"display": "Anne Rådgiver (adviser)"}]
    assert resource["event"][0]["period"]["start"] == NOTE.met_at.isoformat()
    # Each narrative is well-formed XHTML (the portal's own, escaped, output).
    voice = ElementTree.fromstring(resource["section"][1]["text"]["div"])  # noqa: S314
    assert "Mor & <far>" in "".join(voice.itertext())
    influence = ElementTree.fromstring(resource["section"][3]["text"]["div"])  # noqa: S314
    assert "Barnet blev hørt som part: Ja" in "".join(influence.itertext())
    # What it says is the record's Lundy: the same note, twice.
    assert record["voice"]["own_words"] == "Mor & <far>"
    assert record["space"]["form"] == "child_conversation"
    assert record["influence"]["heard_as_party"] is True
    assert record["age_band"] == "10-13"


# -- a decision's feedback to the child: a Communication --------------------------------------


def test_a_decisions_feedback_is_a_valid_communication_in_its_record(app: Flask) -> None:
    case_id = assessed_report(app)
    adviser = make_staff(app, "adviser", name="Anne Rådgiver")
    note(app, adviser.id, case_id)
    told = replace(DECIDED, told_how="letter", told_at=NOTE.met_at)
    decision_id = decide(app, adviser.id, case_id, told)
    with app.app_context(), db.new_session() as s:
        queued = [
            payload_of(ctx_of(s), e)
            for e in s.scalars(select(OutboxEvent).where(OutboxEvent.channel == "casesystem"))
        ]
    record = next(r for r in queued if r.get("decision_id") == decision_id)
    resource = record["fhir"]
    parsed = Communication.model_validate(resource)
    assert parsed.status == "completed"
    assert resource["sender"] == {"display": "Anne Rådgiver (adviser)"}
    assert resource["medium"][0]["coding"][0]["code"] == "letter"
    assert resource["sent"] == NOTE.met_at.isoformat()
    # What the child read, under the headings they read it with, as the record says it.
    assert [p["contentString"] for p in resource["payload"]] == [
        f"Det har vi besluttet: {record['feedback']['decided']}",
        f"Sådan talte din mening med: {record['feedback']['views_counted']}",
        f"Det kunne vi ikke gøre, og her er grunden: {record['feedback']['not_possible']}",
    ]

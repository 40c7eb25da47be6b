"""Records for the case system validate against their versioned JSON Schemas."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from sqlalchemy import select

from portal import clock, db
from portal.casesystem import record_types, records
from portal.casesystem.record_types import Assessed, InquiryRecord
from portal.inquiries import lundy
from portal.inquiries.models import Inquiry, Message
from portal.instances import cipher, profile, questionnaires
from portal.outbox.models import OutboxEvent
from portal.outbox.queue import payload_of
from portal.staff.models import StaffUser
from tests.conftest import checking_client, migrate
from tests.support import forms
from tests.support.apps import MovableClock, make_app
from tests.support.cases import new_inquiry
from tests.support.decisions import decide
from tests.support.forms import Steps, csrf_token, location
from tests.support.outbox import ctx_of, outbox_app
from tests.support.pagecheck import Validator
from tests.support.staff import logged_in, make_staff, post_form

SCHEMAS = Path(records.__file__).parent / "schemas" / "v1"
LUNDY = {
    "space": {"channel": "portal", "heard_through": "parent"},
    "voice": {"own_words": "Jeg vil gerne bo hos mor i weekenden."},
    "audience": {"read_by": "adviser"},
    "influence": {},
}


def inquiry_record(inquiry: Inquiry) -> InquiryRecord:
    """The inquiry's record, as the feed builds it (in an app context)."""
    return records.inquiry_record(
        inquiry, municipality=profile().name, cipher=cipher(), asked=questionnaires()
    )


def validator(record_type: str) -> Draft202012Validator:
    resources = [
        (schema["$id"], Resource.from_contents(schema))
        for schema in (json.loads(p.read_text()) for p in SCHEMAS.glob("*.schema.json"))
    ]
    registry: Registry[Any] = Registry().with_resources(resources)
    schema = registry.contents(records.schema_id(record_type))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry)


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    application = make_app(tmp_path, database_url, CLOCK=MovableClock())
    migrate(application)
    return application


def test_every_record_type_has_a_schema() -> None:
    names = {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")}
    assert names == {*records.RECORD_TYPES, "envelope"}


def test_an_inquiry_record_has_every_answer_with_its_danish_question(app: Flask) -> None:
    inquiry_id, _ = new_inquiry(app)
    with app.test_request_context(), db.new_session() as s:
        inquiry = s.get(Inquiry, inquiry_id)
        assert inquiry is not None
        record = records.inquiry_record(
            inquiry, municipality=profile().name, cipher=cipher(), asked=questionnaires()
        ).to_json()
    validator("inquiry").validate(record)
    answers = {a["field"]: a for a in record["answers"]}
    assert answers["concern"]["value"] == "Alma kommer ofte sulten i skole."
    assert answers["email"]["value"] == "jensen@skole.dk"
    assert answers["concern"]["question"] == "Hvad har du set eller hørt?"
    assert record["deadlines"]["assess_by"] is not None
    assert record["kind"] == "report_of_concern"


def test_participation_message_and_status_records_validate(app: Flask) -> None:
    inquiry_id, _ = new_inquiry(
        app, "consultation", conversation=True, age_band="10-13", lundy=LUNDY
    )
    adviser = make_staff(app, "adviser")
    with app.test_request_context(), db.new_session() as s:
        inquiry = s.get(Inquiry, inquiry_id)
        user = s.get(StaffUser, adviser.id)
        assert inquiry is not None
        assert user is not None
        assert inquiry.participation is not None
        assert inquiry.conversation is not None
        participation = records.participation_record(
            inquiry.participation, at=clock.now(), municipality=profile().name, cipher=cipher()
        ).to_json()
        message: Message = inquiry.conversation.messages[0]
        text = records.message_record(
            message, municipality=profile().name, cipher=cipher()
        ).to_json()
        status = records.status_record(
            inquiry,
            Assessed(acute=False, outcome="not_acute"),
            record_id="s1",
            by=user,
            at=clock.now(),
            municipality=profile().name,
        ).to_json()
    validator("participation").validate(participation)
    validator("message").validate(text)
    validator("status").validate(status)
    assert participation["voice"]["own_words"] == "Jeg vil gerne bo hos mor i weekenden."
    assert participation["age_band"] == "10-13"
    assert text["author"] == "child_or_family"
    assert status["decided_by"]["role"] == "adviser"


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"reference": "not a reference"}, "reference"),
        ({"unexpected": 1}, "unexpected"),
        ({"kind": "complaint"}, "kind"),
        ({"schema_version": "2.0"}, "schema_version"),
    ],
)
def test_the_schema_refuses_a_wrong_record(app: Flask, change: dict[str, Any], why: str) -> None:
    inquiry_id, _ = new_inquiry(app)
    with app.test_request_context(), db.new_session() as s:
        inquiry = s.get(Inquiry, inquiry_id)
        assert inquiry is not None
        record = {
            **records.inquiry_record(
                inquiry, municipality=profile().name, cipher=cipher(), asked=questionnaires()
            ).to_json(),
            **change,
        }
    with pytest.raises(ValidationError) as info:
        validator("inquiry").validate(record)
    assert why in str(info.value)


def test_a_childs_say_through_the_pages_gives_valid_records(app: Flask) -> None:
    from tests.say.test_journey import YOUNG

    client = app.test_client()
    forms.walk(client, "/have-your-say", YOUNG)
    page = forms.send(client, "/have-your-say")
    with app.test_request_context():
        inquiry_id = forms.sent_inquiry(page).id
        with db.new_session() as s:
            inquiry = s.get(Inquiry, inquiry_id)
            assert inquiry is not None
            assert inquiry.participation is not None
            inquiry_rec = records.inquiry_record(
                inquiry, municipality=profile().name, cipher=cipher(), asked=questionnaires()
            ).to_json()
            participation = records.participation_record(
                inquiry.participation, at=clock.now(), municipality=profile().name, cipher=cipher()
            ).to_json()
    validator("inquiry").validate(inquiry_rec)
    validator("participation").validate(participation)
    assert participation["voice"]["own_words"]["good"] == "Min hund."


def test_the_printable_record_shows_the_answers_in_danish_and_is_audited(
    app: Flask, html_validator: Validator
) -> None:
    from portal.staff.models import AuditEntry

    inquiry_id, _ = new_inquiry(app)
    staff = checking_client(app, html_validator)  # the page check runs on it
    staff.set_cookie("indgang_lang", "en")
    account = logged_in(app, staff, "leader")
    page = staff.get(f"/staff/cases/{inquiry_id}/record").get_data(as_text=True)
    assert "For the case file: Report of concern" in page
    assert "Hvad har du set eller hørt?" in page
    assert "Alma kommer ofte sulten i skole." in page
    with app.app_context(), db.new_session() as s:
        actions = s.scalars(
            select(AuditEntry.action).where(
                AuditEntry.user_id == account.id, AuditEntry.inquiry_id == inquiry_id
            )
        ).all()
    assert "read_record" in actions
    other = app.test_client()
    logged_in(app, other, "reception", districts=("syd",))
    assert other.get(f"/staff/cases/{inquiry_id}/record").status_code == 403


# -- the dataclasses and the schemas agree ---------------------------------------------------


def schema_of(name: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    return found


def json_names(cls: type[Any]) -> set[str]:
    """The JSON names of a dataclass's fields; the envelope's are the envelope schema's."""
    return {f.metadata.get("json", f.name) for f in fields(cls) if f.name != "envelope"}


RECORD_CLASSES = {
    "inquiry": record_types.InquiryRecord,
    "participation": record_types.ParticipationRecord,
    "message": record_types.MessageRecord,
    "status": record_types.StatusRecord,
    "consent": record_types.ConsentRecord,
    "decision": record_types.DecisionRecord,
}
# A schema (or the part of one) and the dataclass that is its type.
PARTS = {
    "envelope": (schema_of("envelope"), record_types.Envelope),
    "deadlines": (
        schema_of("inquiry")["properties"]["deadlines"],
        record_types.Deadlines,
    ),
    "answers": (schema_of("inquiry")["properties"]["answers"]["items"], record_types.Answer),
    "decided_by": (schema_of("status")["properties"]["decided_by"], record_types.DecidedBy),
    "consent_sources": (
        schema_of("consent")["properties"]["sources"]["items"],
        record_types.ConsentSource,
    ),
    "decision_decided_by": (
        schema_of("decision")["properties"]["decided_by"],
        record_types.DecidedBy,
    ),
    "decision_feedback": (
        schema_of("decision")["properties"]["feedback"],
        record_types.ChildTold,
    ),
    "decision_not_heard": (
        schema_of("decision")["properties"]["not_heard"],
        record_types.NotHeard,
    ),
    "decision_rested_on": (
        schema_of("decision")["properties"]["rested_on"]["items"],
        record_types.RestedOn,
    ),
}


def test_every_record_type_has_a_dataclass() -> None:
    assert set(RECORD_CLASSES) == set(records.RECORD_TYPES)
    for cls in RECORD_CLASSES.values():
        assert fields(cls)[0].name == "envelope", cls


@pytest.mark.parametrize("record_type", sorted(RECORD_CLASSES))
def test_a_record_types_fields_are_its_schemas_properties(record_type: str) -> None:
    """Every field is a property of the schema and every property a field; the envelope's
    are the envelope schema's (``record_type`` the schema narrows to one value)."""
    schema = schema_of(record_type)
    properties = set(schema["properties"]) - {"record_type"}
    names = json_names(RECORD_CLASSES[record_type])
    assert names == properties
    assert set(schema["required"]) <= names
    assert schema["allOf"] == [{"$ref": records.schema_id("envelope")}]


@pytest.mark.parametrize("part", sorted(PARTS))
def test_the_envelope_and_the_nested_objects_agree_with_their_schemas(part: str) -> None:
    schema, cls = PARTS[part]
    assert json_names(cls) == set(schema["properties"])
    assert set(schema["required"]) <= json_names(cls)


@pytest.mark.parametrize(
    ("part", "cls"),
    [
        ("space", lundy.Space),
        ("voice", lundy.Voice),
        ("audience", lundy.Audience),
        ("influence", lundy.Influence),
    ],
)
def test_the_lundy_parts_have_what_the_participation_schema_names(
    part: str, cls: type[Any]
) -> None:
    """The participation schema leaves the Lundy parts open; what it names, they have."""
    named = set(schema_of("participation")["properties"][part].get("properties", {}))
    assert named <= set(cls.KEYS)


def test_a_readers_and_a_deciders_fields_are_what_the_schema_names() -> None:
    audience = schema_of("participation")["properties"]["audience"]["properties"]
    reader = audience["heard_by"]["items"]
    assert {f.name for f in fields(lundy.Reader)} == set(reader["properties"])
    influence = schema_of("participation")["properties"]["influence"]["properties"]
    assert set(influence["considered_by"]["properties"]) <= {f.name for f in fields(lundy.Staff)}


def test_the_schema_version_is_one_the_envelope_takes_and_older_records_stay_valid() -> None:
    """1.1 added the consent record, 1.2 the decision record; a 1.0 or 1.1 record (queued
    before) is still valid."""
    versions = schema_of("envelope")["properties"]["schema_version"]["enum"]
    assert versions[-1] == record_types.SCHEMA_VERSION == "1.2"
    assert {"1.0", "1.1"} <= set(versions)
    types = schema_of("envelope")["properties"]["record_type"]["enum"]
    assert types == list(records.RECORD_TYPES)


def test_a_consent_sources_codes_are_the_apply_journeys() -> None:
    from portal.apply.forms import SOURCES

    codes = schema_of("consent")["properties"]["sources"]["items"]["properties"]["code"]["enum"]
    assert codes == [code for code, _ in SOURCES]


def test_every_status_has_its_details_type() -> None:
    statuses = schema_of("status")["properties"]["status"]["enum"]
    assert list(record_types.STATUSES) == statuses


# -- records of every type and status, from inquiries sent through the pages ---------------


def sent(app: Flask, journey: str, steps: Steps) -> str:
    client = app.test_client()
    forms.walk(client, journey, steps)
    page = forms.send(client, journey)
    with app.app_context():
        return forms.sent_inquiry(page).id


def test_casework_on_inquiries_sent_through_the_pages_queues_valid_records(
    tmp_path: Path, database_url: str
) -> None:
    from tests.apply.test_journey import PARENT
    from tests.ask.test_journey import STEPS
    from tests.say.test_journey import YOUNG

    app = outbox_app(tmp_path, database_url, CLOCK=MovableClock(), RATELIMIT_ENABLED=False)
    said = sent(app, "/have-your-say", YOUNG)
    asked = sent(app, "/ask-for-help", STEPS)
    applied = sent(app, "/apply-for-support", PARENT)
    staff = app.test_client()
    logged_in(app, staff, "leader", name="Lise Leder")
    for case_id in (said, asked, applied):
        staff.get(f"/staff/cases/{case_id}")  # read: audited, not the Audience
    triage = {"route": "early_support", "district": "nord", "adviser": "", "reasoning": "x"}
    post_form(staff, f"/staff/cases/{said}/triage", triage)
    response = decide(staff, said, decision="Ro.", decided="Du får ro.")
    assert location(response) == f"/staff/cases/{said}?saved=decided"
    page = staff.get(f"/staff/cases/{applied}").get_data(as_text=True)
    response = staff.post(
        f"/staff/cases/{applied}/report-of-concern", data={"csrf_token": csrf_token(page)}
    )
    assert location(response) == f"/staff/cases/{applied}?saved=converted"
    post_form(staff, f"/staff/cases/{applied}/assessment", {"acute": "no", "reasoning": "x"})
    with app.app_context(), db.new_session() as s:
        queued = [
            payload_of(ctx_of(s), e)
            for e in s.scalars(select(OutboxEvent).where(OutboxEvent.channel == "casesystem"))
        ]
    for record in queued:
        validator(record["record_type"]).validate(record)
    assert {r["record_type"] for r in queued} == set(records.RECORD_TYPES)
    statuses = {r["status"] for r in queued if r["record_type"] == "status"}
    # feedback_given (1.0, 1.1) is now a decision record of its own.
    assert statuses == set(record_types.STATUSES) - {"feedback_given"}
    decided = [r for r in queued if r["record_type"] == "decision"]
    assert [(r["decision"], r["feedback"]["decided"]) for r in decided] == [("Ro.", "Du får ro.")]
    assert decided[0]["rested_on"] == [{"source": "own_inquiry", "id": said}]
    participations = [r for r in queued if r["record_type"] == "participation"]
    told = [r for r in participations if "decision" in r["influence"]]
    assert len(told) == 1
    assert "Du får ro." in told[0]["influence"]["feedback_to_child"]
    assert all(r["audience"]["heard_by"][0]["name"] == "Lise Leder" for r in told)
    by_parent = [r for r in participations if r["voice"].get("told_by") == "parent"]
    assert by_parent[-1]["audience"]["child_knows"] == "yes"

"""Records for the case system validate against their versioned JSON Schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from portal import clock, db
from portal.casesystem import records
from portal.inquiries.models import Inquiry, Message
from portal.staff.models import StaffUser
from tests.conftest import checking_client, migrate
from tests.support.apps import MovableClock, make_app
from tests.support.cases import new_inquiry
from tests.support.pagecheck import Validator
from tests.support.staff import make_staff

SCHEMAS = Path(records.__file__).parent / "schemas" / "v1"
LUNDY = {
    "space": {"channel": "portal", "where": "at home"},
    "voice": {"own_words": "Jeg vil gerne bo hos mor i weekenden."},
    "audience": {"read_by": "adviser"},
    "influence": {},
}


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
        record = records.inquiry_record(inquiry)
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
        participation = records.participation_record(inquiry.participation, at=clock.now())
        message: Message = inquiry.conversation.messages[0]
        text = records.message_record(message)
        status = records.status_record(
            inquiry, "assessed", record_id="s1", by=user, at=clock.now(), details={"acute": False}
        )
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
        record = {**records.inquiry_record(inquiry), **change}
    with pytest.raises(ValidationError) as info:
        validator("inquiry").validate(record)
    assert why in str(info.value)


def test_a_childs_say_through_the_pages_gives_valid_records(app: Flask) -> None:
    from tests.say.test_journey import YOUNG
    from tests.support import forms

    client = app.test_client()
    forms.walk(client, "/have-your-say", YOUNG)
    page = forms.send(client, "/have-your-say")
    with app.test_request_context():
        inquiry_id = forms.sent_inquiry(page).id
        with db.new_session() as s:
            inquiry = s.get(Inquiry, inquiry_id)
            assert inquiry is not None
            assert inquiry.participation is not None
            inquiry_rec = records.inquiry_record(inquiry)
            participation = records.participation_record(inquiry.participation, at=clock.now())
    validator("inquiry").validate(inquiry_rec)
    validator("participation").validate(participation)
    assert participation["voice"]["own_words"]["good"] == "Min hund."


def test_the_printable_record_shows_the_answers_in_danish_and_is_audited(
    app: Flask, html_validator: Validator
) -> None:
    from sqlalchemy import select

    from portal.staff.models import AuditEntry
    from tests.support.staff import logged_in

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

"""The participation note (portal.casework.notes) through its page: what it asks, what it
refuses (§ 3: a child of 10 or more in a case where they are a party is heard as one),
sealed, audited, the author in the Audience, on the case's history; and the rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import db
from portal.casework.models import ParticipationNote
from portal.inquiries import records
from portal.inquiries.models import Inquiry
from portal.instances import cipher
from portal.staff.models import AuditEntry
from tests.conftest import checking_client, migrate
from tests.support.apps import MovableClock, make_app
from tests.support.cases import new_inquiry
from tests.support.decisions import DECISION
from tests.support.forms import location
from tests.support.pagecheck import Validator
from tests.support.staff import logged_in, post_form

NOTE = {
    "form": "child_conversation",
    "met_on": "20-11-2026",
    "place": "På skolen",
    "present": "Klasselæreren",
    "bisidder_present": "no",
    "told_purpose": "yes",
    "offered_bisidder": "yes",
    "child_age": "11",
    "party_case": "yes",
    "heard_as_party": "yes",
    "views": "Jeg vil helst blive boende hos mor.",
    "weighing": "Vægter tungt; barnet er 11 og part i sagen.",
}


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    application = make_app(tmp_path, database_url, CLOCK=MovableClock(), RATELIMIT_ENABLED=False)
    migrate(application)
    return application


@pytest.fixture
def client(app: Flask, html_validator: Validator) -> FlaskClient:
    return checking_client(app, html_validator, "en")


def test_a_note_is_recorded_sealed_audited_and_its_author_joins_the_audience(
    app: Flask, client: FlaskClient
) -> None:
    case_id, _ = new_inquiry(
        app, "consultation", conversation=True, age_band="10-13",
        lundy={"voice": {"own_words": {"wish": "Ro"}}},
    )  # fmt: skip
    account = logged_in(app, client, "adviser", districts=("nord",), name="Anne Rådgiver")
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert f"/staff/cases/{case_id}/note" in page
    form = client.get(f"/staff/cases/{case_id}/note").get_data(as_text=True)
    assert "Observation (for babies and children who cannot speak for themselves)" in form
    response = post_form(client, f"/staff/cases/{case_id}/note", NOTE)
    assert location(response) == f"/staff/cases/{case_id}?saved=noted"
    with app.app_context(), db.new_session() as s:
        note = s.scalars(
            select(ParticipationNote).where(ParticipationNote.inquiry_id == case_id)
        ).one()
        assert (note.form, note.child_age, note.heard_as_party) == ("child_conversation", 11, True)
        assert (note.bisidder_present, note.told_purpose, note.offered_bisidder) == (
            False, True, True,
        )  # fmt: skip
        assert note.met_at.date().isoformat() == "2026-11-20"
        assert "mor" not in note.views  # sealed
        views = cipher().decrypt(
            note.views, table="participation_note", column="views", row_id=note.id
        )
        assert views == NOTE["views"]
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.inquiry_id == case_id)).all()
        assert "note_recorded" in actions
        case = s.get_one(Inquiry, case_id)
        assert case.participation is not None
        lundy = records.lundy_of(cipher(), case.participation).to_json()
    assert [r["staff_id"] for r in lundy["audience"]["heard_by"]] == [account.id]
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "Participation note: A conversation with the child (børnesamtale)" in page
    assert NOTE["views"] in page
    assert NOTE["weighing"] in page


def test_a_child_of_10_or_more_in_a_party_case_is_heard_as_a_party(
    app: Flask, client: FlaskClient
) -> None:
    case_id, _ = new_inquiry(app, "ask_for_help", conversation=True, lundy={})
    logged_in(app, client, "leader")
    refused = post_form(client, f"/staff/cases/{case_id}/note", {**NOTE, "heard_as_party": "no"})
    assert refused.status_code == 400
    assert "Hear the child as a party" in refused.get_data(as_text=True)
    # Under 10, or not a party case: the question does not bind.
    for changes in ({"child_age": "9"}, {"party_case": "no"}, {"child_age": ""}):
        response = post_form(
            client, f"/staff/cases/{case_id}/note", {**NOTE, **changes, "heard_as_party": "no"}
        )
        assert location(response) == f"/staff/cases/{case_id}?saved=noted", changes
    with app.app_context(), db.new_session() as s:
        noted = s.scalars(select(ParticipationNote).where(ParticipationNote.inquiry_id == case_id))
        assert len(noted.all()) == 3


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"form": ""}, "Choose how the child took part."),
        ({"met_on": "31-02-2026"}, "Write the date as day-month-year"),
        ({"met_on": "24-11-2026"}, "The date cannot be after today."),  # the clock: 23 Nov
        ({"views": ""}, "Write the child&#39;s views."),
        ({"weighing": ""}, "Write how the views will be weighed."),
        ({"child_age": "1x"}, "Write the child&#39;s age as a number"),
        ({"told_purpose": ""}, "Answer whether the child was told the purpose."),
    ],
)
def test_the_note_says_what_to_fix(
    app: Flask, client: FlaskClient, changes: dict[str, str], said: str
) -> None:
    case_id, _ = new_inquiry(app, "consultation", conversation=True, lundy={})
    logged_in(app, client, "adviser", districts=("nord",))
    response = post_form(client, f"/staff/cases/{case_id}/note", {**NOTE, **changes})
    assert response.status_code == 400
    assert said in response.get_data(as_text=True)


def test_no_note_on_anonymous_family_advice_nor_a_closed_case(
    app: Flask, client: FlaskClient
) -> None:
    advice, _ = new_inquiry(app, "family_advice", answers={})
    logged_in(app, client, "leader")
    assert location(client.get(f"/staff/cases/{advice}/note")) == f"/staff/cases/{advice}?saved="
    page = client.get(f"/staff/cases/{advice}").get_data(as_text=True)
    assert f"/staff/cases/{advice}/note" not in page
    assert f"/staff/cases/{advice}/decision" not in page


def test_the_decision_page_asks_for_the_reason_when_no_view_is_documented(
    app: Flask, client: FlaskClient
) -> None:
    """A report with no view of the child: the page says so, links to the note, and asks
    how the child was told (no conversation); a final decision without a reason is refused
    with what to do, and the text typed is kept."""
    case_id, _ = new_inquiry(app)
    with app.app_context(), db.new_session() as s, s.begin():
        s.get_one(Inquiry, case_id).assessed_at = s.get_one(Inquiry, case_id).received_at
    logged_in(app, client, "adviser", districts=("nord",))
    page = client.get(f"/staff/cases/{case_id}/decision").get_data(as_text=True)
    assert "No view of the child is documented since the last decision." in page
    assert f"/staff/cases/{case_id}/note" in page
    assert 'name="told_how"' in page
    assert 'name="not_heard_reason"' in page
    told = {"told_how": "phone", "told_on": "23-11-2026"}
    refused = post_form(client, f"/staff/cases/{case_id}/decision", {**DECISION, **told})
    assert refused.status_code == 400
    assert "A final decision needs the child&#39;s view first." in refused.get_data(as_text=True)
    again = client.get(f"/staff/cases/{case_id}/decision").get_data(as_text=True)
    assert f">{DECISION['not_possible']}</textarea>" in again  # kept as a draft
    reason = {"not_heard_reason": "childs_wish", "not_heard_note": "Hun ville ikke tale med os."}
    response = post_form(client, f"/staff/cases/{case_id}/decision", {**DECISION, **told, **reason})
    assert location(response) == f"/staff/cases/{case_id}?saved=decided"
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "The child was not heard" in page
    assert "The child did not wish to take part: Hun ville ikke tale med os." in page
    assert "On the phone, 23 Nov 2026" in page

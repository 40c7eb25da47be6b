"""The child's view, asked for, through the pages: the link or the typed code, one question a
page, at least one answer, the receipt; what it writes on the adviser's case; and a code that
stopped working while the child typed, with nothing lost."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import db
from portal.casework import services as casework
from portal.inquiries import records
from portal.inquiries.models import Inquiry
from portal.instances import cipher
from portal.invitations.models import Invitation
from portal.staff.models import AuditEntry, StaffUser
from tests.conftest import checking_client, migrate
from tests.support import forms
from tests.support.apps import MovableClock, make_app
from tests.support.forms import csrf_token, location, submit
from tests.support.invitations import REASON, Invited, invite
from tests.support.pagecheck import Validator
from tests.support.staff import acting

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HURT = "Min far slår mig når han drikker."


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(NOW)


@pytest.fixture
def app(tmp_path: Path, database_url: str, clock: MovableClock) -> Flask:
    application = make_app(tmp_path, database_url, CLOCK=clock, RATELIMIT_ENABLED=False)
    migrate(application)
    return application


@pytest.fixture
def client(app: Flask, html_validator: Validator) -> FlaskClient:
    return checking_client(app, html_validator, language="en")


def with_code(client: FlaskClient, invited: Invited) -> str:
    """Open the link; the start page (the code has left the address bar)."""
    response = client.get(f"/i/{invited.code}")
    assert location(response) == "/invitation"
    page = client.get("/invitation")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_the_link_shows_the_first_name_the_reason_and_the_date_then_asks_one_at_a_time(
    app: Flask, client: FlaskClient
) -> None:
    invited = invite(app, needed_by=date(2026, 12, 4))
    page = with_code(client, invited)
    assert "Lise wants to hear what you think" in page
    assert "Hansen" not in page
    assert "Marie" not in page
    assert REASON in page
    assert "Friday 4 December" in " ".join(page.split())
    start = re.search(r'class="button button--start" href="([^"]+)"', page)
    assert start
    assert start.group(1) == "/invitation/decision-think"
    forms.walk(
        client,
        "/invitation",
        [
            ("decision-think", {"decision_think": "Jeg vil helst bo hos mor."}),
            ("decision-matters", {"decision_matters": ""}),  # skipped
            ("decision-worry", {"decision_worry": "At jeg skal skifte skole."}),
        ],
    )
    asked = client.get("/invitation/write-back").get_data(as_text=True)
    assert "Do you want to write with Lise?" in asked
    forms.walk(client, "/invitation", [("write-back", {"write_back": "yes"})])
    check = client.get("/invitation/check-answers").get_data(as_text=True)
    assert "Jeg vil helst bo hos mor." in check
    assert "What do you want to talk about at the meeting?" not in check  # another set
    receipt = forms.send(client, "/invitation")
    assert 'class="passphrase"' in receipt
    assert "Lise reads what you wrote." in receipt
    with app.app_context():
        view = forms.sent_inquiry(receipt)
        assert view.kind == "childs_view"
        assert view.case_id == invited.case_id
        case = db.session().get(Inquiry, invited.case_id)
        assert case is not None
        assert view.district_slug == case.district_slug == "nord"
        assert view.case_code == case.case_code
        assert view.assigned_to_id == invited.adviser.id
        assert view.status == "new"
        assert view.closed_at is None
        # The child's clock: told the outcome by the date asked for (end of that day).
        assert view.feedback_due == datetime(2026, 12, 4, 22, 59, 59, tzinfo=UTC)
        assert view.next_due_at == view.feedback_due
        assert view.conversation is not None
        assert view.safety_flagged_at is None
        lundy = records.lundy_of(cipher(), view.participation).to_json()  # type: ignore[arg-type]
        assert lundy["space"] == {
            "channel": "portal", "how": ["invitation"], "told_they_need_not_answer": True,
        }  # fmt: skip
        assert lundy["voice"]["own_words"] == {
            "decision_think": "Jeg vil helst bo hos mor.",
            "decision_matters": "",
            "decision_worry": "At jeg skal skifte skole.",
        }
        assert lundy["audience"] == {"read_by": "adviser", "adviser_or_case": "Lise Marie Hansen"}
        assert lundy["influence"]["feedback_due"] == "2026-12-04T22:59:59+00:00"
        invitation = db.session().get(Invitation, invited.invitation_id)
        assert invitation is not None
        assert invitation.used_at == NOW
        assert invitation.view_id == view.id
        answers = records.answers_of(cipher(), view)
        assert "invitation" not in answers
        assert answers["question_set"] == "before_decision"
        assigned = (
            db.session()
            .scalars(
                select(AuditEntry).where(
                    AuditEntry.inquiry_id == view.id, AuditEntry.action == "assigned"
                )
            )
            .one()
        )
        assert assigned.user_id is None
        assert assigned.detail == "the adviser who asked"
    # The code is used: it opens nothing any more.
    assert location(client.get(f"/i/{invited.code}")) == "/invitation?wrong=1"


def test_at_least_one_answer_is_needed(app: Flask, client: FlaskClient) -> None:
    with_code(client, invite(app))
    forms.walk(client, "/invitation", [("decision-think", {}), ("decision-matters", {})])
    response = submit(client, "/invitation/decision-worry", {})
    assert response.status_code == 200  # the page again, with the error
    assert "Write an answer here, or go back" in response.get_data(as_text=True)


def test_the_free_question_names_the_adviser_and_without_words_no_conversation(
    app: Flask, client: FlaskClient
) -> None:
    with_code(client, invite(app, question_set="free", adviser_name="Omar Said"))
    page = client.get("/invitation/free-tell").get_data(as_text=True)
    assert "<title>What do you want to tell Omar?" in page
    forms.walk(
        client,
        "/invitation",
        [("free-tell", {"free_tell": "Det går fint."}), ("write-back", {"write_back": "no"})],
    )
    receipt = forms.send(client, "/invitation")
    assert 'class="passphrase"' not in receipt
    with app.app_context():
        view = forms.sent_inquiry(receipt)
        assert view.conversation is None
        assert view.wants_answer is False


def test_what_the_child_writes_is_screened_for_the_safety_line(
    app: Flask, client: FlaskClient
) -> None:
    with_code(client, invite(app, question_set="after_change"))
    forms.walk(
        client,
        "/invitation",
        [
            ("change-how", {"change_how": HURT}),
            ("change-good", {}),
            ("change-hard", {}),
            ("write-back", {"write_back": "yes"}),
        ],
    )
    receipt = forms.send(client, "/invitation")
    with app.app_context():
        view = forms.sent_inquiry(receipt)
        assert view.safety_flagged_at is not None


@pytest.mark.parametrize("stopped", ["revoked", "expired", "used"])
def test_a_code_that_stops_working_while_the_child_types_loses_nothing(
    app: Flask, client: FlaskClient, stopped: str
) -> None:
    invited = invite(app, question_set="free", needed_by=date(2026, 11, 25))
    with_code(client, invited)
    forms.walk(
        client,
        "/invitation",
        [("free-tell", {"free_tell": "Jeg vil bo hos far."}), ("write-back", {"write_back": "no"})],
    )
    with app.app_context(), db.new_session() as s, s.begin():
        row = s.get(Invitation, invited.invitation_id)
        assert row is not None
        if stopped == "revoked":
            row.revoked_at = NOW
        elif stopped == "used":
            row.used_at = NOW
        else:  # its day is over (the visit itself would end before a real day passed)
            row.expires_at = NOW - timedelta(minutes=1)
    response = submit(client, "/invitation/check-answers", {})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your code does not work any more. What you wrote is still here." in page
    assert "Jeg vil bo hos far." in page  # still on the page, and in the draft
    again = client.get("/invitation/check-answers").get_data(as_text=True)
    assert "Jeg vil bo hos far." in again
    with app.app_context(), db.new_session() as s:
        assert s.scalars(select(Inquiry).where(Inquiry.case_id == invited.case_id)).all() == []
    # The adviser makes a new code for the same case: what the child wrote goes on with it.
    renewed = invite(app, question_set="free", case_id=invited.case_id, adviser=invited.adviser)
    with_code(client, renewed)
    assert "Jeg vil bo hos far." in client.get("/invitation/check-answers").get_data(as_text=True)
    receipt = forms.send(client, "/invitation")
    with app.app_context():
        assert forms.sent_inquiry(receipt).case_id == invited.case_id
    # A code for another case starts afresh.
    with_code(client, invite(app, question_set="free"))
    assert "Jeg vil bo hos far." not in client.get("/invitation/check-answers").get_data(
        as_text=True
    )


def test_the_pages_without_a_code_go_to_the_code(app: Flask, client: FlaskClient) -> None:
    page = client.get("/invitation").get_data(as_text=True)
    assert "Did your adviser give you a code?" in page
    assert location(client.get("/invitation/decision-think")) == "/invitation"
    assert location(client.get("/invitation/check-answers")) == "/invitation"


def test_a_typed_code_opens_the_invitation_as_the_link_does(
    app: Flask, client: FlaskClient
) -> None:
    invited = invite(app)
    token = csrf_token(client.get("/invitation").get_data(as_text=True))
    typed = invited.code.lower().replace("-", " ").replace("0", "o")
    response = client.post("/invitation/code", data={"code": typed, "csrf_token": token})
    assert location(response) == "/invitation"
    assert "Lise wants to hear what you think" in client.get("/invitation").get_data(as_text=True)


def test_a_staff_member_logged_in_elsewhere_is_not_who_opened_it(app: Flask) -> None:
    """The audit of a child's code names no member of staff, even in a test's own context."""
    invited = invite(app)
    with app.app_context(), db.new_session() as s, s.begin():
        user = s.get(StaffUser, invited.adviser.id)
        from portal.invitations import usecase

        usecase.open_code(acting(s, user), invited.code)
    with app.app_context(), db.new_session() as s:
        entry = s.scalars(
            select(AuditEntry).where(
                AuditEntry.inquiry_id == invited.case_id,
                AuditEntry.action == "invitation_opened",
            )
        ).one()
        assert entry.user_id is None


def test_the_childs_view_goes_where_its_case_is_triaged(app: Flask, client: FlaskClient) -> None:
    """Who may read the case may read the child's view of it: triage moves both."""
    invited = invite(app, question_set="free")
    with_code(client, invited)
    forms.walk(
        client,
        "/invitation",
        [("free-tell", {"free_tell": "Det går fint."}), ("write-back", {"write_back": "no"})],
    )
    receipt = forms.send(client, "/invitation")
    with app.app_context():
        view_id = forms.sent_inquiry(receipt).id
    with app.app_context(), db.new_session() as s, s.begin():
        user = s.get_one(StaffUser, invited.adviser.id)
        case = s.get_one(Inquiry, invited.case_id)
        assert s.get_one(Inquiry, view_id).district_slug == case.district_slug
        to = "syd" if case.district_slug != "syd" else "nord"
        casework.triage(
            acting(s, user), case, route="early_support", measure=None, district_slug=to,
            assigned_to=None, reasoning="Flyttet.", case_code=None,
        )  # fmt: skip
    with app.app_context(), db.new_session() as s:
        assert s.get_one(Inquiry, view_id).district_slug == to

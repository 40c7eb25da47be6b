"""What an adviser writes on a case is kept: as they type, on send, and when the login ended
before send (with the form token still good), and it comes back after logging in."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, text

from portal import db
from portal.casework.models import StaffDraft
from tests.casework.test_notes import NOTE
from tests.conftest import checking_client, migrate
from tests.support.apps import MovableClock, make_app
from tests.support.cases import new_inquiry
from tests.support.forms import csrf_token, location
from tests.support.pagecheck import Validator
from tests.support.staff import login, make_staff, next_code, post_form

REPLY = "Hej Alma. Tak fordi du skrev. Jeg har talt med din lærer, og vi mødes på torsdag."


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def app(tmp_path: Path, database_url: str, clock: MovableClock) -> Flask:
    application = make_app(tmp_path, database_url, CLOCK=clock, RATELIMIT_ENABLED=False)
    migrate(application)
    return application


@pytest.fixture
def client(app: Flask, html_validator: Validator) -> FlaskClient:
    return checking_client(app, html_validator, language="en")


def drafts_of(app: Flask, inquiry_id: str) -> int:
    with app.app_context(), db.new_session() as s:
        return (
            s.scalar(
                select(func.count())
                .select_from(StaffDraft)
                .where(StaffDraft.inquiry_id == inquiry_id)
            )
            or 0
        )


def test_a_reply_typed_when_the_login_ended_comes_back_after_logging_in(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    case_id, _ = new_inquiry(app, "ask_for_help", district="nord", conversation=True)
    account = make_staff(app, "adviser", ("nord",))
    login(app, client, account)
    page = client.get(f"/staff/cases/{case_id}/reply").get_data(as_text=True)
    clock.advance(minutes=45)  # the login ends after 30 idle minutes; the form token lasts
    response = client.post(
        f"/staff/cases/{case_id}/reply", data={"message": REPLY, "csrf_token": csrf_token(page)}
    )
    assert location(response) == f"/staff/login?next=/staff/cases/{case_id}/reply&kept=1"
    notice = client.get(location(response)).get_data(as_text=True)
    assert "You were logged out, so it was not sent. What you wrote is kept" in notice
    assert drafts_of(app, case_id) == 1
    with app.app_context(), db.engine().connect() as conn:
        raw = repr(conn.execute(text("SELECT * FROM staff_draft")).all())
    assert "Alma" not in raw, "kept sealed"

    # Log in again: back on the same case's reply, with the text in the box.
    step = post_form(
        client, location(response), {"email": account.email, "password": account.password}
    )
    code_url = location(step)
    assert code_url == f"/staff/login/code?next=/staff/cases/{case_id}/reply"
    page = client.get(code_url).get_data(as_text=True)
    done = client.post(
        code_url, data={"code": next_code(app, account), "csrf_token": csrf_token(page)}
    )
    assert location(done) == f"/staff/cases/{case_id}/reply"
    back = client.get(location(done)).get_data(as_text=True)
    assert "What you wrote is back" in back
    assert f">{REPLY}</textarea>" in back
    sent = client.post(
        f"/staff/cases/{case_id}/reply", data={"message": REPLY, "csrf_token": csrf_token(back)}
    )
    assert location(sent) == f"/staff/cases/{case_id}?saved=replied"
    assert drafts_of(app, case_id) == 0, "sent: the draft is gone"


def test_someone_elses_or_a_forged_post_keeps_nothing(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    case_id, _ = new_inquiry(app, "ask_for_help", district="syd", conversation=True)
    login(app, client, make_staff(app, "adviser", ("nord",)))  # may not open a case in syd
    page = client.get("/staff/account").get_data(as_text=True)
    clock.advance(minutes=45)
    response = client.post(
        f"/staff/cases/{case_id}/reply", data={"message": REPLY, "csrf_token": csrf_token(page)}
    )
    assert location(response) == "/staff/login"
    stranger = app.test_client()
    response = stranger.post(f"/staff/cases/{case_id}/reply", data={"message": REPLY})
    assert location(response) == "/staff/login"  # no form token, no login: nothing kept
    assert drafts_of(app, case_id) == 0


def test_typing_is_kept_and_an_expired_token_shows_the_text_again(
    app: Flask, client: FlaskClient
) -> None:
    case_id, _ = new_inquiry(app, "consultation", district="nord", conversation=True)
    login(app, client, make_staff(app, "adviser", ("nord",)))
    page = client.get(f"/staff/cases/{case_id}/decision").get_data(as_text=True)
    assert 'data-draft-url="/staff/cases/' in page
    kept = client.post(
        f"/staff/cases/{case_id}/drafts/feedback",
        json={"decision": "Aflastning", "views_weighed": "Hun vil gerne", "not_possible": "Ej"},
        headers={"X-CSRFToken": csrf_token(page)},
    )
    assert kept.status_code == 200
    assert "kept_at" in kept.get_json()
    again = client.get(f"/staff/cases/{case_id}/decision").get_data(as_text=True)
    assert ">Aflastning</textarea>" in again
    assert ">Hun vil gerne</textarea>" in again
    assert ">Ej</textarea>" in again
    expired = client.post(
        f"/staff/cases/{case_id}/decision",
        data={"decision": "Aflastning hver weekend", "views_weighed": "x", "decided": "y"},
    )
    assert expired.status_code == 400
    shown = expired.get_data(as_text=True)
    assert "What you wrote is still here. Send it again." in shown
    assert ">Aflastning hver weekend</textarea>" in shown
    unknown = client.post(
        f"/staff/cases/{case_id}/drafts/nothing",
        json={"message": "x"},
        headers={"X-CSRFToken": csrf_token(page)},
    )
    assert unknown.status_code == 404


def test_a_draft_older_than_the_staff_period_goes_with_the_retention_run(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    case_id, _ = new_inquiry(app, "ask_for_help", district="nord", conversation=True)
    login(app, client, make_staff(app, "adviser", ("nord",)))
    page = client.get(f"/staff/cases/{case_id}/reply").get_data(as_text=True)
    client.post(
        f"/staff/cases/{case_id}/drafts/reply",
        json={"message": "Påbegyndt"},
        headers={"X-CSRFToken": csrf_token(page)},
    )
    assert drafts_of(app, case_id) == 1
    clock.advance(days=31)
    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    assert drafts_of(app, case_id) == 0


def test_a_note_is_kept_as_typed_and_on_a_refused_save_and_goes_when_saved(
    app: Flask, client: FlaskClient
) -> None:
    case_id, _ = new_inquiry(app, "consultation", district="nord", conversation=True)
    login(app, client, make_staff(app, "adviser", ("nord",)))
    url = f"/staff/cases/{case_id}/note"
    page = client.get(url).get_data(as_text=True)
    assert f'data-draft-url="/staff/cases/{case_id}/drafts/note"' in page
    assert "What you wrote is back" not in page
    kept = client.post(
        f"/staff/cases/{case_id}/drafts/note",
        json={"place": "Hjemme", "views": "Jeg vil bo hos mor", "form": "x", "met_on": "1"},
        headers={"X-CSRFToken": csrf_token(page)},
    )
    assert kept.status_code == 200
    again = client.get(url).get_data(as_text=True)
    assert "What you wrote is back" in again
    assert 'value="Hjemme"' in again
    assert ">Jeg vil bo hos mor</textarea>" in again

    # Refused (a child of 11 in a party case, not heard as one): the text is kept first.
    refused = client.post(
        url, data={**NOTE, "heard_as_party": "no", "csrf_token": csrf_token(again)}
    )
    assert refused.status_code == 400
    assert "Hear the child as a party" in refused.get_data(as_text=True)
    back = client.get(url).get_data(as_text=True)
    assert "What you wrote is back" in back
    assert f'value="{NOTE["place"]}"' in back
    assert f'value="{NOTE["present"]}"' in back
    assert f">{NOTE['views']}</textarea>" in back
    assert f">{NOTE['weighing']}</textarea>" in back
    assert drafts_of(app, case_id) == 1

    saved = client.post(url, data={**NOTE, "csrf_token": csrf_token(back)})
    assert location(saved) == f"/staff/cases/{case_id}?saved=noted"
    assert drafts_of(app, case_id) == 0, "recorded: the draft is gone"
    fresh = client.get(url).get_data(as_text=True)
    assert "What you wrote is back" not in fresh
    assert NOTE["views"] not in fresh


def test_a_note_sent_with_an_expired_token_is_shown_again(app: Flask, client: FlaskClient) -> None:
    case_id, _ = new_inquiry(app, "consultation", district="nord", conversation=True)
    login(app, client, make_staff(app, "adviser", ("nord",)))
    expired = client.post(f"/staff/cases/{case_id}/note", data=NOTE)  # no form token
    assert expired.status_code == 400
    shown = expired.get_data(as_text=True)
    assert "What you wrote is still here. Send it again." in shown
    assert f'value="{NOTE["place"]}"' in shown
    assert f">{NOTE['views']}</textarea>" in shown
    assert f">{NOTE['weighing']}</textarea>" in shown
    assert 'name="csrf_token"' in shown  # a fresh token to send it with


def test_a_note_typed_when_the_login_ended_comes_back_after_logging_in(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    case_id, _ = new_inquiry(app, "consultation", district="nord", conversation=True)
    account = make_staff(app, "adviser", ("nord",))
    login(app, client, account)
    url = f"/staff/cases/{case_id}/note"
    page = client.get(url).get_data(as_text=True)
    clock.advance(minutes=45)  # the login ends after 30 idle minutes; the form token lasts
    response = client.post(url, data={**NOTE, "csrf_token": csrf_token(page)})
    assert location(response) == f"/staff/login?next={url}&kept=1"
    assert drafts_of(app, case_id) == 1
    with app.app_context(), db.engine().connect() as conn:
        raw = repr(conn.execute(text("SELECT * FROM staff_draft")).all())
    assert "mor" not in raw, "kept sealed"

    step = post_form(
        client, location(response), {"email": account.email, "password": account.password}
    )
    code_url = location(step)
    page = client.get(code_url).get_data(as_text=True)
    done = client.post(
        code_url, data={"code": next_code(app, account), "csrf_token": csrf_token(page)}
    )
    assert location(done) == url
    back = client.get(url).get_data(as_text=True)
    assert "What you wrote is back" in back
    assert f'value="{NOTE["present"]}"' in back
    assert f">{NOTE['views']}</textarea>" in back
    saved = client.post(url, data={**NOTE, "csrf_token": csrf_token(back)})
    assert location(saved) == f"/staff/cases/{case_id}?saved=noted"
    assert drafts_of(app, case_id) == 0


ASK = {
    "question_set": "before_decision",
    "reason": "Vi skal finde ud af, hvor du skal bo efter sommerferien. Hvad er vigtigt for dig?",
    "needed_by": "2026-12-04",
}


def test_the_reason_to_ask_the_child_is_kept_and_goes_when_the_code_is_made(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    case_id, _ = new_inquiry(app, "application", district="nord", answers={})
    account = make_staff(app, "adviser", ("nord",))
    login(app, client, account)
    url = f"/staff/cases/{case_id}/ask-the-child"
    page = client.get(url).get_data(as_text=True)
    assert f'data-draft-url="/staff/cases/{case_id}/drafts/invite"' in page
    refused = client.post(
        url, data={**ASK, "needed_by": "2026-11-22", "csrf_token": csrf_token(page)}
    )
    assert refused.status_code == 400
    back = client.get(url).get_data(as_text=True)
    assert "What you wrote is back" in back
    assert f">{ASK['reason']}</textarea>" in back

    expired = client.post(url, data=ASK)  # no form token
    assert expired.status_code == 400
    assert "What you wrote is still here. Send it again." in expired.get_data(as_text=True)
    assert f">{ASK['reason']}</textarea>" in expired.get_data(as_text=True)

    clock.advance(minutes=45)  # the login ends; the form token lasts
    ended = client.post(
        url, data={**ASK, "reason": "Hvor vil du bo?", "csrf_token": csrf_token(back)}
    )
    assert location(ended) == f"/staff/login?next={url}&kept=1"
    login(app, client, account)
    again = client.get(url).get_data(as_text=True)
    assert ">Hvor vil du bo?</textarea>" in again

    made = client.post(url, data={**ASK, "csrf_token": csrf_token(again)})
    assert made.status_code == 200
    assert "invitation-code" in made.get_data(as_text=True)
    assert drafts_of(app, case_id) == 0, "the code is made: the draft is gone"

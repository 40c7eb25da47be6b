"""Casework end to end: assess, triage, receipts and § 138, reply, a decision with feedback."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal import db
from portal.i18n import COOKIE
from portal.inquiries import records
from portal.inquiries.models import Inquiry
from portal.instances import cipher
from tests.conftest import checking_client, migrate
from tests.say.test_journey import YOUNG
from tests.support import forms
from tests.support.apps import MovableClock, make_app
from tests.support.cases import get, new_inquiry
from tests.support.forms import csrf_token, location, submit
from tests.support.pagecheck import Validator
from tests.support.staff import logged_in, post_form

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(START)


@pytest.fixture
def app(tmp_path: Path, database_url: str, clock: MovableClock) -> Flask:
    application = make_app(tmp_path, database_url, CLOCK=clock, RATELIMIT_ENABLED=False)
    migrate(application)
    return application


def browser(app: Flask, validator: Validator) -> FlaskClient:
    client = checking_client(app, validator)
    client.set_cookie(COOKIE, "en")
    return client


@pytest.fixture
def client(app: Flask, html_validator: Validator) -> FlaskClient:
    return browser(app, html_validator)


def test_a_report_is_assessed_triaged_answered_and_closed(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    case_id, _ = new_inquiry(app, district="nord")
    clock.advance(hours=3)
    adviser = logged_in(
        app, app.test_client(), "adviser", districts=("nord",), name="Anne Rådgiver"
    )
    logged_in(app, client, "reception", districts=("nord",))
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "21 hours left" in page
    # Triage must wait for the assessment.
    assert "/triage" not in page
    missing = post_form(client, f"/staff/cases/{case_id}/assessment", {"acute": "no"})
    assert missing.status_code == 400
    assert "Write the reasoning." in missing.get_data(as_text=True)
    response = post_form(
        client,
        f"/staff/cases/{case_id}/assessment",
        {"acute": "no", "reasoning": "Bekymring for kost; ingen akut fare."},
    )
    assert location(response) == f"/staff/cases/{case_id}?saved=assessed"
    case = get(app, case_id)
    assert case.status == "assessed"
    assert case.assessed_at == START + timedelta(hours=3)
    page = client.get(location(response)).get_data(as_text=True)
    assert "The assessment is saved." in page
    assert re.search(r"Done \d+ \w+ 13:00", page)  # 12:00 UTC is 13:00 in Copenhagen (CET)

    no_measure = post_form(
        client,
        f"/staff/cases/{case_id}/triage",
        {"route": "special_counselling", "district": "nord", "adviser": "", "reasoning": "x"},
    )
    assert "Choose scoping, parallel support or an investigation." in no_measure.get_data(
        as_text=True
    )
    response = post_form(
        client,
        f"/staff/cases/{case_id}/triage",
        {
            "route": "special_counselling",
            "measure": "scoping",
            "district": "nord",
            "adviser": adviser.id,
            "case_code": "27.12.04-G01-1-26",
            "reasoning": "Afdækning sammen med skolen.",
        },
    )
    assert location(response) == f"/staff/cases/{case_id}?saved=triaged"
    case = get(app, case_id)
    assert (case.status, case.assigned_to_id, case.case_code) == (
        "triaged", adviser.id, "27.12.04-G01-1-26",
    )  # fmt: skip
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "Triaged: Special or family counselling: Scoping (afdækning)" in page
    assert "Afdækning sammen med skolen." in page

    # Closing waits for the receipt the law promises the reporter.
    response = client.post(f"/staff/cases/{case_id}/close", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 400
    assert "Record the receipt to the reporter before closing." in response.get_data(as_text=True)
    assert get(app, case_id).closed_at is None
    client.post(f"/staff/cases/{case_id}/receipt", data={"csrf_token": csrf_token(page)})
    assert get(app, case_id).receipt_sent_at == START + timedelta(hours=3)
    response = post_form(
        client,
        f"/staff/cases/{case_id}/reporter-feedback",
        {"outcome": "investigation", "how": "secure_mail"},
    )
    assert location(response) == f"/staff/cases/{case_id}?saved=reporter_feedback"
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    response = client.post(f"/staff/cases/{case_id}/close", data={"csrf_token": csrf_token(page)})
    assert location(response) == f"/staff/cases/{case_id}?saved=closed"
    case = get(app, case_id)
    assert case.status == "closed"
    assert case.next_due_at is None


def test_a_childs_view_is_answered_and_the_feedback_closes_the_loop(
    app: Flask, client: FlaskClient, html_validator: Validator
) -> None:
    child = browser(app, html_validator)
    forms.walk(child, "/have-your-say", YOUNG)
    receipt = forms.send(child, "/have-your-say")
    words = re.search(r'<p class="passphrase" lang="(?:da|en)" dir="ltr">([a-z ]+)</p>', receipt)
    assert words
    with app.app_context():
        case_id = forms.sent_inquiry(receipt).id
    child.get("/exit")

    logged_in(app, client, "leader", name="Lise Leder")
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "Når mor og far skændes." in page  # the child's own words, for the adviser
    assert "/close" not in page  # a child's case closes only with feedback
    # A template, in the child's language (English here), edited before sending.
    page = client.get(f"/staff/cases/{case_id}/reply?template=thanks").get_data(as_text=True)
    assert "Thank you for writing to us. I have read what you wrote." in page
    response = post_form(
        client,
        f"/staff/cases/{case_id}/reply",
        {"message": "Tak fordi du skrev. Jeg har læst det. Vi ses på skolen torsdag."},
    )
    assert location(response) == f"/staff/cases/{case_id}?saved=replied"

    child.set_cookie(COOKIE, "en")
    response = submit(child, "/conversation", {"passphrase": words.group(1)})
    assert location(response) == "/conversation/messages"
    messages = child.get("/conversation/messages").get_data(as_text=True)
    assert "Vi ses på skolen torsdag." in messages

    empty = post_form(client, f"/staff/cases/{case_id}/decision", {"decision": "", "decided": ""})
    assert empty.status_code == 400
    assert "Write what was decided." in empty.get_data(as_text=True)
    assert "Tell the child what was not possible, and why." in empty.get_data(as_text=True)
    response = post_form(
        client,
        f"/staff/cases/{case_id}/decision",
        {
            "kind": "decision",
            "final": "yes",
            "decision": "Aflastning hver anden weekend.",
            "decided": "Du er hos Mette hver anden weekend.",
            "views_weighed": "Du sagde, du gerne vil have ro. Derfor weekender, ikke hverdage.",
            "not_possible": "Du kan ikke være hos Mette hver weekend. Hun har ikke tid.",
        },
    )
    assert location(response) == f"/staff/cases/{case_id}?saved=decided"
    messages = child.get("/conversation/messages").get_data(as_text=True)
    assert "Du er hos Mette hver anden weekend." in messages
    assert "Hun har ikke tid." in messages

    with app.app_context(), db.new_session() as s:
        case = s.get(Inquiry, case_id)
        assert case is not None
        assert case.participation is not None
        assert case.status != "closed", "a decision does not close the case"
        assert case.feedback_given_at is not None
        lundy = records.lundy_of(cipher(), case.participation).to_json()
    # The leader who decided read the views first: the Audience.
    assert [r["name"] for r in lundy["audience"]["heard_by"]] == ["Lise Leder"]
    assert lundy["influence"]["decision"] == "Aflastning hver anden weekend."
    assert lundy["influence"]["how_views_counted"].startswith("Du sagde, du gerne vil have ro")
    assert "Hun har ikke tid." in lundy["influence"]["feedback_to_child"]
    assert lundy["influence"]["hear_back"] == ["here"]  # what the child asked for is kept
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "A decision (final), told to the child" in page
    assert "Du kan ikke være hos Mette hver weekend." in page
    assert "/decision" in page  # another round may follow
    response = client.post(f"/staff/cases/{case_id}/close", data={"csrf_token": csrf_token(page)})
    assert location(response) == f"/staff/cases/{case_id}?saved=closed"


def test_reception_cannot_record_a_decision_or_a_note(app: Flask, client: FlaskClient) -> None:
    case_id, _ = new_inquiry(app, "consultation", district="nord", conversation=True, lundy={})
    logged_in(app, client, "reception", districts=("nord",))
    assert client.get(f"/staff/cases/{case_id}/decision").status_code == 403
    assert client.get(f"/staff/cases/{case_id}/note").status_code == 403


def test_participation_over_time_lists_the_childs_records_by_case_number(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    first, _ = new_inquiry(
        app, "consultation", district="nord", conversation=True, age_band="10-13",
        lundy={"voice": {"own_words": {"wish": "Bo hos far"}}},
    )  # fmt: skip
    clock.advance(days=40)  # before logging in: 30 idle minutes end a session
    second, _ = new_inquiry(
        app, "consultation", district="nord", conversation=True, age_band="10-13",
        lundy={"voice": {"own_words": {"wish": "Mere tid med min bror"}}},
    )  # fmt: skip
    logged_in(app, client, "leader")
    for case_id in (first, second):
        post_form(
            client,
            f"/staff/cases/{case_id}/triage",
            {
                "route": "early_support",
                "district": "nord",
                "adviser": "",
                "case_code": "SAG-77",
                "reasoning": "Tidlig støtte.",
            },
        )
    page = client.get(f"/staff/cases/{second}/participation").get_data(as_text=True)
    assert "Participation over time: case SAG-77" in page
    assert page.index("Bo hos far") < page.index("Mere tid med min bror")
    assert "Does the child know they need not take part?" in page

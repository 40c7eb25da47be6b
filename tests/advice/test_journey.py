"""Anonymous advice through the pages: every step, the warnings, the receipt with its words,
staff answering in the conversation, the parent reading the answer, the case-system record."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import db
from portal.outbox.models import OutboxEvent
from portal.outbox.queue import payload_of
from tests.casesystem.test_records import validator
from tests.conftest import checking_client
from tests.support import forms
from tests.support.apps import MovableClock
from tests.support.forms import Steps, location, submit
from tests.support.outbox import ctx_of, outbox_app
from tests.support.pagecheck import Validator
from tests.support.staff import logged_in, post_form

URL = "/anonymous-advice"
QUESTION = "Vores søn på 11 vil ikke i skole om morgenen. Hvordan kan vi hjælpe ham?"
STEPS: Steps = [
    ("who-you-are", {"asker": "parent"}),
    ("the-childs-age", {"age_band": "10-13"}),
    ("about", {"topics": ["school", "wellbeing"]}),
    ("your-question", {"question": QUESTION}),
    ("answer", {"wants_answer": "yes"}),
]
WORDS = re.compile(r'<p class="passphrase"[^>]*>([^<]+)</p>')


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    return outbox_app(tmp_path, database_url, CLOCK=MovableClock(), RATELIMIT_ENABLED=False)


@pytest.fixture
def client(app: Flask, html_validator: Validator) -> FlaskClient:
    return checking_client(app, html_validator, "en")


def test_the_start_page_promises_no_name_and_is_honest_about_risk(client: FlaskClient) -> None:
    page = client.get(URL).get_data(as_text=True)
    assert "you do not need to say who you are (Barnets lov § 29)" in page
    assert "We do not ask for your name, CPR number, address, phone or email." in page
    assert "We answer within 3 working days." in page  # the profile's parent_working_days
    assert "we handle it as a report of concern (Barnets lov §§ 133-136)" in page
    assert f'href="{URL}/who-you-are"' in page
    assert 'href="/apply-for-support"' in page  # support that needs a name


def test_the_parents_front_door_leads_here(client: FlaskClient) -> None:
    page = client.get("/for/parent").get_data(as_text=True)
    assert f'href="{URL}"' in page
    assert "Ask anonymously for advice" in page


def test_the_optional_steps_may_be_skipped_and_the_question_is_needed(
    client: FlaskClient,
) -> None:
    assert location(submit(client, f"{URL}/who-you-are", {"asker": "family"})) == (
        f"{URL}/the-childs-age"
    )
    assert location(submit(client, f"{URL}/the-childs-age", {})) == f"{URL}/about"
    assert location(submit(client, f"{URL}/about", {})) == f"{URL}/your-question"
    response = submit(client, f"{URL}/your-question", {"question": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "Write your question." in page
    assert "leave out names and other details" in page  # the warning before the box
    assert "You can write up to 5,000 characters." in page  # the counter's start


def test_check_answers_warns_before_sending(client: FlaskClient) -> None:
    forms.walk(client, URL, STEPS)
    page = client.get(f"{URL}/check-answers").get_data(as_text=True)
    assert "School or daycare, How the child is doing" in page
    assert QUESTION in page
    assert page.count("?change=1") == 5
    assert "Check that you have not written names" in page
    assert "we must act on it, also when you are anonymous" in page


def test_a_parent_asks_staff_answer_and_the_parent_reads_the_answer(
    app: Flask, client: FlaskClient, html_validator: Validator
) -> None:
    forms.walk(client, URL, STEPS)
    receipt = forms.send(client, URL)
    assert "We got your question" in receipt
    found = WORDS.search(receipt)
    assert found
    words = found.group(1)
    assert len(words.split()) == 6
    assert "answers you by" in receipt
    assert 'href="/conversation"' in receipt
    with app.app_context():
        inquiry_id = forms.sent_inquiry(receipt).id
    # A reload shows the reference, never the words again.
    again = client.get(f"{URL}/sent").get_data(as_text=True)
    assert words not in again

    staff = checking_client(app, html_validator, "en")
    logged_in(app, staff, "reception")
    inbox = staff.get("/staff/inbox?kind=family_advice").get_data(as_text=True)
    assert f'href="/staff/cases/{inquiry_id}"' in inbox
    assert "Anonymous advice" in inbox
    case = staff.get(f"/staff/cases/{inquiry_id}").get_data(as_text=True)
    assert QUESTION in case
    assert "Answer promised to the child or family" in case
    answer = "Tak for dit spørgsmål. Tal med skolen om en blød start, og ring gerne til os."
    response = post_form(staff, f"/staff/cases/{inquiry_id}/reply", {"message": answer})
    assert location(response) == f"/staff/cases/{inquiry_id}?saved=replied"
    triage = {"route": "preventive", "district": "nord", "adviser": "", "reasoning": "Råd."}
    response = post_form(staff, f"/staff/cases/{inquiry_id}/triage", triage)
    assert location(response) == f"/staff/cases/{inquiry_id}?saved=triaged"

    # The parent comes back with the words and reads the answer.
    response = submit(client, "/conversation", {"passphrase": words.upper()})
    assert location(response) == "/conversation/messages"
    messages = client.get("/conversation/messages").get_data(as_text=True)
    assert QUESTION in messages
    assert answer in messages

    # The case system gets a valid record of the kind, with the questions in Danish.
    with app.app_context(), db.new_session() as s:
        queued = [
            payload_of(ctx_of(s), e)
            for e in s.scalars(select(OutboxEvent).where(OutboxEvent.channel == "casesystem"))
        ]
    mine = [r for r in queued if r["inquiry_id"] == inquiry_id]
    for record in mine:
        validator(record["record_type"]).validate(record)
    (inquiry_record,) = [r for r in mine if r["record_type"] == "inquiry"]
    assert (inquiry_record["kind"], inquiry_record["anonymous"]) == ("family_advice", True)
    by_field = {a["field"]: a for a in inquiry_record["answers"]}
    assert by_field["question"]["value"] == QUESTION
    assert by_field["question"]["question"] == "Dit spørgsmål"
    assert inquiry_record["fhir"]["questionnaire"].endswith(":family_advice")
    assert not any(r["record_type"] == "participation" for r in mine)

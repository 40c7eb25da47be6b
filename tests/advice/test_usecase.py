"""Anonymous advice, sent (portal/advice/usecase.py): no name anywhere, the parents' answer
promise, the secret words, the safety line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal import db
from portal.advice.usecase import AdviceReceipt, submit
from portal.advice.views import JOURNEY
from portal.core.uow import unit_of_work
from portal.inquiries import conversations, records
from portal.inquiries.models import Inquiry
from portal.instances import cipher
from portal.safety.models import SafetyFlag
from portal.working_days import TZ
from tests.conftest import migrate
from tests.support.apps import make_app
from tests.support.context import context

# Monday 23 November 2026, 10:00 in Copenhagen: the office is open.
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
QUESTION = "Vores datter på 8 sover dårligt efter skilsmissen. Hvad kan vi gøre?"
ANSWERS: dict[str, Any] = {
    "asker": "parent",
    "age_band": "6-9",
    "topics": ["separation", "wellbeing"],
    "question": QUESTION,
    "wants_answer": "yes",
}


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    application = make_app(tmp_path, database_url)
    migrate(application)
    return application


def send(app: Flask, answers: dict[str, Any], now: datetime = MONDAY) -> tuple[str, AdviceReceipt]:
    with app.app_context(), db.new_session() as s:
        with unit_of_work(s):
            receipt = submit(context(s, now, locale="da"), answers)
        found = s.scalars(select(Inquiry).where(Inquiry.reference == receipt.reference)).one()
        return found.id, receipt


def inquiry(app: Flask, inquiry_id: str) -> Inquiry:
    """The inquiry, read in the app's context (call inside it)."""
    found = db.session().get(Inquiry, inquiry_id)
    assert found is not None
    return found


def test_a_question_with_an_answer_opens_a_conversation_with_the_parents_promise(
    app: Flask,
) -> None:
    inquiry_id, receipt = send(app, ANSWERS)
    with app.app_context():
        sent = inquiry(app, inquiry_id)
        assert (sent.kind, sent.anonymous, sent.wants_answer) == ("family_advice", True, True)
        assert sent.district_slug is None  # reception triages it
        assert sent.participation is None  # a parent's question, not the child's own voice
        assert records.answers_of(cipher(), sent) == ANSWERS
        # The parents' promise (3 working days), not a child's (1): Thursday 26 November.
        assert sent.answer_due is not None
        assert receipt.answer_by is not None
        assert sent.answer_due == datetime.fromisoformat(receipt.answer_by)
        assert sent.answer_due.astimezone(TZ).date().isoformat() == "2026-11-26"
        conversation = sent.conversation
        assert conversation is not None
        assert [(m.author, records.text_of(cipher(), m)) for m in conversation.messages] == [
            ("visitor", QUESTION)
        ]
        assert receipt.passphrase is not None
        assert len(receipt.passphrase.split()) == 6
        with db.new_session() as s:
            found = conversations.find(context(s, MONDAY), receipt.passphrase)
        assert found == conversations.Opened(conversation.id)
    assert receipt.safety is None


def test_without_an_answer_there_is_no_conversation_and_no_words(app: Flask) -> None:
    inquiry_id, receipt = send(app, {**ANSWERS, "wants_answer": "no"})
    assert (receipt.passphrase, receipt.answer_by) == (None, None)
    with app.app_context():
        sent = inquiry(app, inquiry_id)
        assert sent.conversation is None
        assert (sent.wants_answer, sent.answer_due) == (False, None)


def test_the_optional_answers_may_be_left_out(app: Flask) -> None:
    inquiry_id, receipt = send(app, {**ANSWERS, "age_band": None, "topics": []})
    assert receipt.passphrase is not None
    with app.app_context():
        assert records.answers_of(cipher(), inquiry(app, inquiry_id))["topics"] == []


def flag_of(app: Flask, inquiry_id: str) -> SafetyFlag | None:
    with app.app_context(), db.new_session() as s:
        return s.scalars(select(SafetyFlag).where(SafetyFlag.inquiry_id == inquiry_id)).first()


def test_words_on_the_screening_list_raise_the_safety_line(app: Flask) -> None:
    inquiry_id, receipt = send(
        app, {**ANSWERS, "topics": [], "question": "Min mand slår min søn, når han drikker."}
    )
    flag = flag_of(app, inquiry_id)
    assert flag is not None
    assert flag.reason_list == ["words"]
    assert receipt.safety == flag.alerted
    with app.app_context():
        sent = inquiry(app, inquiry_id)
        assert sent.safety_flagged_at == MONDAY
        assert sent.assess_by is not None  # the 24 hours run


@pytest.mark.parametrize(
    ("topic", "reason"),
    [("violence", "topic_violence"), ("child_self_harm", "topic_child_self_harm")],
)
def test_a_topic_about_harm_raises_the_safety_line(app: Flask, topic: str, reason: str) -> None:
    inquiry_id, receipt = send(app, {**ANSWERS, "topics": ["school", topic]})
    flag = flag_of(app, inquiry_id)
    assert flag is not None
    assert flag.reason_list == [reason]
    assert receipt.safety is not None


def test_a_quiet_question_raises_nothing(app: Flask) -> None:
    inquiry_id, receipt = send(app, ANSWERS)
    assert flag_of(app, inquiry_id) is None
    assert receipt.safety is None


def test_the_journey_never_asks_for_a_name_or_a_way_to_find_the_person(app: Flask) -> None:
    """Only choices and the question: no line to type a name, a CPR number, an address, a
    phone number or an email into."""
    with app.test_request_context():
        fields = [f for step in JOURNEY.steps for f in step.form(meta={"csrf": False})]
    assert {f.type for f in fields} == {"ChoiceField", "MultiCheckboxField", "TextAreaField"}
    assert [f.name for f in fields] == ["asker", "age_band", "topics", "question", "wants_answer"]
    assert not any((f.render_kw or {}).get("autocomplete") for f in fields)

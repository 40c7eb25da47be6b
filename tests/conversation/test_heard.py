"""Did you feel heard? Three questions under each outcome whose feedback is not answered;
the answers kept with the month, district and age band only, once per feedback."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect, select

from portal import db
from portal.casework.models import ChildFeedback, FeltHeard
from portal.conversation import heard
from portal.conversation.heard import Answers, NotOfferedError
from portal.inquiries import services
from portal.inquiries.models import MESSAGE, OUTCOME, Conversation, Inquiry, new_id
from portal.instances import cipher
from tests.conftest import checking_client, migrate
from tests.support.apps import fixed_clock, make_app
from tests.support.cases import new_inquiry
from tests.support.context import context
from tests.support.forms import csrf_token, location, submit
from tests.support.pagecheck import Validator, visible_text
from tests.support.staff import logged_in, make_staff

# Far from other tests' data: PostgreSQL runs share one schema, and FeltHeard has no case.
NOW = datetime(2047, 5, 14, 10, 0, tzinfo=UTC)
MONTH = "2047-05"
OUTCOME_TEXT = "Du bliver boende hjemme. Vi hørte, at du gerne ville det."
WHO_SEES = (
    "Your adviser does not see your answers. The leaders only see them added up, "
    "with at least 5 children's."
)
LINK = "Tell us how it went: 3 short questions"


def decided(
    app: Flask,
    case_id: str,
    *,
    at: datetime = NOW,
    told_at: datetime | None = None,
    in_conversation: bool = True,
    answered: bool = False,
    final: bool = True,
    view_basis: str | None = "view",
    kind: str = "decision",
) -> tuple[str, str | None]:
    """A decision on the case with its feedback, as the adviser's use case records it:
    told in the child's conversation as an outcome message (then ``told_at`` is ``at``),
    or another way. Returns (feedback id, the outcome message id or None)."""
    user = make_staff(app, "adviser", ("nord", "syd"))
    with app.app_context(), db.new_session() as s, s.begin():
        inquiry = s.get(Inquiry, case_id)
        assert inquiry is not None
        message_id = None
        if in_conversation:
            assert inquiry.conversation is not None
            sent = services.add_message(
                context(s, at), inquiry.conversation, author="staff", text=OUTCOME_TEXT,
                kind=OUTCOME,
            )  # fmt: skip
            message_id = sent.id
            s.flush()  # no relationship orders the two inserts: the message first
        row = ChildFeedback(id=new_id(), inquiry_id=case_id, user_id=user.id, at=at, kind=kind)
        row.final = final
        for column, text in (("decision", "§ 32"), ("views_weighed", "Fulgt"),
                             ("message", OUTCOME_TEXT)):  # fmt: skip
            sealed = cipher().encrypt(text, table="child_feedback", column=column, row_id=row.id)
            setattr(row, column, sealed)
        s.add(row)
        row.told_how = "conversation" if in_conversation else "letter"
        row.told_at = at if in_conversation else told_at
        row.message_id = message_id
        row.view_basis = view_basis
        row.not_heard_reason = "urgency" if view_basis == "not_heard" else None
        row.felt_heard_answered = answered
        return row.id, message_id


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    application = make_app(tmp_path, database_url, CLOCK=fixed_clock(NOW), RATELIMIT_ENABLED=False)
    migrate(application)
    return application


def a_case(app: Flask, district: str = "syd", band: str | None = "10-13") -> tuple[str, str]:
    case_id, words = new_inquiry(
        app, "ask_for_help", district=district, conversation=True, age_band=band, lundy={},
        received=NOW - timedelta(days=30),
    )  # fmt: skip
    assert words is not None
    return case_id, words


def conversation_of(app: Flask, case_id: str) -> str:
    with app.app_context(), db.new_session() as s:
        found = s.scalar(select(Conversation.id).where(Conversation.inquiry_id == case_id))
        assert found is not None
        return found


def answer(app: Flask, conversation_id: str, message_id: str, answers: Answers | None) -> bool:
    with app.app_context(), db.new_session() as s, s.begin():
        return heard.answer(context(s, NOW), conversation_id, message_id, answers)


def kept(app: Flask, district: str, band: str | None) -> list[tuple[str | None, ...]]:
    """What is kept for this month, district and age band (each test has its own pair:
    PostgreSQL runs share the table, and a row says nothing of which test wrote it)."""
    with app.app_context(), db.new_session() as s:
        rows = s.execute(
            select(
                FeltHeard.age_band,
                FeltHeard.said_what_wanted,
                FeltHeard.listened,
                FeltHeard.understood,
            ).where(
                FeltHeard.month == MONTH,
                FeltHeard.district_slug == district,
                FeltHeard.age_band.is_(None) if band is None else FeltHeard.age_band == band,
            )
        )
        return [tuple(row) for row in rows]


def answered(app: Flask, feedback_id: str) -> bool:
    with app.app_context(), db.new_session() as s:
        row = s.get(ChildFeedback, feedback_id)
        assert row is not None
        return row.felt_heard_answered


def test_the_answers_are_kept_without_anything_that_leads_to_the_case(app: Flask) -> None:
    case_id, _words = a_case(app, district="syd", band="10-13")
    feedback_id, message_id = decided(app, case_id)
    assert message_id is not None
    before = kept(app, "syd", "10-13")
    assert answer(app, conversation_of(app, case_id), message_id, Answers("yes", "partly"))
    assert kept(app, "syd", "10-13") == [*before, ("10-13", "yes", "partly", None)]
    assert answered(app, feedback_id)
    # The table itself has no column for the case, the feedback, the child or the time.
    with app.app_context():
        columns = {c["name"] for c in inspect(db.engine()).get_columns("felt_heard")}
    assert columns == {
        "id", "month", "district_slug", "age_band", "said_what_wanted", "listened", "understood"
    }  # fmt: skip


def test_the_questions_are_answered_once_only(app: Flask) -> None:
    case_id, _words = a_case(app, district="nord", band=None)
    feedback_id, message_id = decided(app, case_id)
    assert message_id is not None
    conversation_id = conversation_of(app, case_id)
    before = kept(app, "nord", None)
    assert answer(app, conversation_id, message_id, Answers(understood="no"))
    assert not answer(app, conversation_id, message_id, Answers("yes", "yes", "yes"))
    assert kept(app, "nord", None) == [*before, (None, None, None, "no")]
    assert answered(app, feedback_id)


@pytest.mark.parametrize("answers", [None, Answers()])
def test_skipping_marks_the_feedback_and_keeps_nothing(app: Flask, answers: Answers | None) -> None:
    case_id, _words = a_case(app, district="midt", band="6-9")
    feedback_id, message_id = decided(app, case_id)
    assert message_id is not None
    before = kept(app, "midt", "6-9")
    assert answer(app, conversation_of(app, case_id), message_id, answers)
    assert answered(app, feedback_id)
    assert kept(app, "midt", "6-9") == before


def test_only_an_outcome_of_this_conversation_with_a_decision_is_offered(app: Flask) -> None:
    case_id, _words = a_case(app)
    other_id, _other_words = a_case(app)
    _feedback, other_outcome = decided(app, other_id)
    assert other_outcome is not None
    conversation_id = conversation_of(app, case_id)
    with app.app_context(), db.new_session() as s, s.begin():
        conversation = s.get(Conversation, conversation_id)
        assert conversation is not None
        ctx = context(s, NOW)
        reply = services.add_message(ctx, conversation, author="staff", text="Hej", kind=MESSAGE)
        # An outcome from before migration 0014 has no decision that names it.
        bare = services.add_message(ctx, conversation, author="staff", text="Ok", kind=OUTCOME)
        ids = (reply.id, bare.id)
    for message_id in (other_outcome, *ids, "no-such-message"):
        with pytest.raises(NotOfferedError):
            answer(app, conversation_id, message_id, Answers("yes"))


def test_an_answer_that_is_not_offered_is_refused() -> None:
    with pytest.raises(ValueError, match="listened"):
        Answers(listened="maybe")


# The child's pages.


def opened(app: Flask, html_validator: Validator, words: str, language: str) -> FlaskClient:
    child = checking_client(app, html_validator, language)
    assert location(submit(child, "/conversation", {"passphrase": words})) == (
        "/conversation/messages"
    )
    return child


def links_to_questions(page: str) -> list[str]:
    return re.findall(r'<p class="outcome__heard"><a href="([^"]+)">', page)


def test_the_questions_are_offered_under_an_outcome_with_feedback_not_yet_answered(
    app: Flask, html_validator: Validator
) -> None:
    case_id, words = a_case(app)
    _old, old_outcome = decided(app, case_id, at=NOW - timedelta(days=9), answered=True)
    _new, new_outcome = decided(app, case_id, at=NOW - timedelta(days=1))
    decided(app, case_id, in_conversation=False, told_at=NOW)  # told by letter: no message
    child = opened(app, html_validator, words, "en")
    page = child.get("/conversation/messages").get_data(as_text=True)
    assert links_to_questions(page) == [f"/conversation/heard/{new_outcome}"]
    boxes = re.findall(r'<section class="outcome".*?</section>', page, re.S)
    assert len(boxes) == 2
    assert LINK not in boxes[0]  # the first decision's questions were answered
    assert LINK in visible_text(boxes[1])
    assert old_outcome
    assert old_outcome not in page


# Each language stores its answers under a pair of its own (the runs may be at the same time).
PLACES = {"en": ("syd", "14-17"), "da": ("nord", "14-17"), "ar": ("midt", "14-17"),
          "uk": ("syd", "6-9")}  # fmt: skip


@pytest.mark.parametrize("language", sorted(PLACES))
def test_a_child_answers_without_javascript_and_is_thanked(
    app: Flask, html_validator: Validator, language: str
) -> None:
    district, band = PLACES[language]
    case_id, words = a_case(app, district=district, band=band)
    feedback_id, message_id = decided(app, case_id)
    child = opened(app, html_validator, words, language)
    url = f"/conversation/heard/{message_id}"
    form = child.get(url).get_data(as_text=True)
    # Three questions of three choices each: plain radio buttons in a form that posts.
    assert len(re.findall(r'<input type="radio"', form)) == 9
    assert len(re.findall(r'<svg class="face"[^>]*aria-hidden="true"', form)) == 9
    assert '<form method="post"' in form
    before = kept(app, district, band)
    response = submit(child, url, {"said_what_wanted": "no", "understood": "partly", "send": "1"})
    assert location(response) == url
    assert kept(app, district, band) == [*before, (band, "no", None, "partly")]
    assert answered(app, feedback_id)
    thanks = child.get(url).get_data(as_text=True)
    assert 'type="radio"' not in thanks  # once only: a thank-you, not the questions again
    if language == "en":
        assert "Thank you" in visible_text(thanks, only_main=True)
        assert WHO_SEES in visible_text(thanks, only_main=True)
        assert WHO_SEES in visible_text(form, only_main=True)
    # Sent again (a second tab): nothing more is kept.
    token = csrf_token(child.get("/conversation/messages").get_data(as_text=True))
    again = child.post(url, data={"said_what_wanted": "yes", "send": "1", "csrf_token": token})
    assert again.status_code == 200
    assert kept(app, district, band) == [*before, (band, "no", None, "partly")]
    assert links_to_questions(child.get("/conversation/messages").get_data(as_text=True)) == []


def test_skip_keeps_nothing_and_goes_back_to_the_conversation(
    app: Flask, html_validator: Validator
) -> None:
    case_id, words = a_case(app, district="nord", band="6-9")
    feedback_id, message_id = decided(app, case_id)
    child = opened(app, html_validator, words, "en")
    before = kept(app, "nord", "6-9")
    url = f"/conversation/heard/{message_id}"
    response = submit(child, url, {"listened": "yes", "skip": "1"})
    assert location(response) == "/conversation/messages"
    assert kept(app, "nord", "6-9") == before
    assert answered(app, feedback_id)


def test_an_answer_not_offered_is_shown_again_with_an_error(
    app: Flask, html_validator: Validator
) -> None:
    case_id, words = a_case(app, district="midt")
    feedback_id, message_id = decided(app, case_id)
    child = opened(app, html_validator, words, "en")
    before = kept(app, "midt", "10-13")
    response = submit(
        child, f"/conversation/heard/{message_id}", {"listened": "maybe", "send": "1"}
    )
    assert response.status_code == 200
    assert "Choose one of the answers on the page." in response.get_data(as_text=True)
    assert kept(app, "midt", "10-13") == before
    assert not answered(app, feedback_id)


def test_another_conversation_cannot_answer_and_a_closed_one_must_be_opened(
    app: Flask, html_validator: Validator
) -> None:
    _case_id, words = a_case(app)
    other_id, _other = a_case(app)
    _feedback, other_outcome = decided(app, other_id)
    child = opened(app, html_validator, words, "en")
    assert child.get(f"/conversation/heard/{other_outcome}").status_code == 404
    stranger = checking_client(app, html_validator, "en")
    assert location(stranger.get(f"/conversation/heard/{other_outcome}")) == (
        "/conversation?closed=1"
    )


def test_staff_do_not_see_the_answers_on_the_case(app: Flask, html_validator: Validator) -> None:
    case_id, words = a_case(app, district="nord")
    _feedback, message_id = decided(app, case_id)
    child = opened(app, html_validator, words, "en")
    submit(child, f"/conversation/heard/{message_id}", {"listened": "no", "send": "1"})
    staff = checking_client(app, html_validator, "en")
    logged_in(app, staff, "leader")
    page = visible_text(staff.get(f"/staff/cases/{case_id}").get_data(as_text=True))
    for question in ("Did the adults listen?", "felt heard", "A bit"):
        assert question not in page

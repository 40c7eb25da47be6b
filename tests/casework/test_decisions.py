"""A decision with its feedback to the child (portal.casework.decisions), on a real database:
a final decision needs the child's view or the reason they were not heard (§ 5); many
rounds, none closing the case; the outcome in the right conversation, or told another way;
the views' clocks stop and their records get the feedback and the decision-maker."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import force_locale, gettext
from sqlalchemy import select

from portal import clock as app_clock
from portal import db
from portal.casework import decisions, hearing, notes
from portal.casework.decisions import DecisionInput
from portal.casework.models import ChildFeedback
from portal.casework.rules import CaseworkError
from portal.inquiries import kinds, records, services
from portal.inquiries.lundy import Lundy
from portal.inquiries.models import OUTCOME, Inquiry, Message
from portal.instances import cipher
from portal.staff.models import StaffUser
from tests.conftest import migrate
from tests.support.apps import MovableClock, make_app
from tests.support.cases import new_inquiry
from tests.support.context import context
from tests.support.staff import acting, make_staff

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
GIVEN = DecisionInput(
    kind="decision",
    final=True,
    decision="Aflastning hver anden weekend (§ 32).",
    decided="Du skal være hos Mette hver anden weekend.",
    views_counted="Du ville gerne have ro. Derfor er det weekender.",
    not_possible="Du kan ikke bo hos Mette. Det er for langt fra din skole.",
)
NOTE = notes.NoteInput(
    form="child_conversation",
    met_at=START,
    place="Skolen",
    present="Klasselæreren",
    bisidder_present=False,
    told_purpose=True,
    offered_bisidder=True,
    child_age=11,
    party_case=True,
    heard_as_party=True,
    views="Jeg vil gerne have mere ro.",
    weighing="Vægter tungt: barnet er 11.",
)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(START)


@pytest.fixture
def app(tmp_path: Path, database_url: str, clock: MovableClock) -> Flask:
    application = make_app(tmp_path, database_url, CLOCK=clock, RATELIMIT_ENABLED=False)
    migrate(application)
    return application


def assessed_report(app: Flask) -> str:
    """A report of concern, assessed: no view of the child's documented yet."""
    case_id, _ = new_inquiry(app)
    with app.app_context(), db.new_session() as s, s.begin():
        s.get_one(Inquiry, case_id).assessed_at = START
    return case_id


def childs_view(app: Flask, case_id: str, *, locale: str = "en") -> str:
    """The child's answer when asked for their view on ``case_id``: an inquiry of its own
    with a conversation and a participation record."""
    with app.app_context(), db.new_session() as s, s.begin():
        ctx = context(s, app_clock.now(), locale=locale)
        view = services.create_inquiry(
            ctx, kind=kinds.CHILDS_VIEW.id, answers={}, anonymous=False, wants_answer=True
        )
        view.case_id = case_id
        lundy = Lundy.from_json({"voice": {"own_words": "Jeg vil bo hos mor."}})
        services.add_participation(ctx, view, age_band="10-13", format="web form", lundy=lundy)
        services.open_conversation(ctx, view, first_message=None)
        return view.id


def decide(app: Flask, user_id: str, case_id: str, given: DecisionInput = GIVEN) -> str:
    """Record the decision through the use case, in one unit of work; its id."""
    with app.app_context(), db.new_session() as s, s.begin():
        user = s.get_one(StaffUser, user_id)
        decided = decisions.decide(acting(s, user), s.get_one(Inquiry, case_id), given)
        return decided.row.id


def note(app: Flask, user_id: str, case_id: str, given: notes.NoteInput = NOTE) -> str:
    with app.app_context(), db.new_session() as s, s.begin():
        user = s.get_one(StaffUser, user_id)
        return notes.record_note(acting(s, user), s.get_one(Inquiry, case_id), given).id


def test_a_final_decision_without_a_view_or_a_reason_is_refused(app: Flask) -> None:
    case_id = assessed_report(app)
    adviser = make_staff(app, "adviser")
    with pytest.raises(CaseworkError) as refused:
        decide(app, adviser.id, case_id)
    assert refused.value.message == decisions.VIEW_OR_REASON
    # A reason without a note is no reason.
    with pytest.raises(CaseworkError):
        decide(app, adviser.id, case_id, replace(GIVEN, not_heard_reason="urgency"))
    with app.app_context(), db.new_session() as s:
        recorded = s.scalars(select(ChildFeedback).where(ChildFeedback.inquiry_id == case_id))
        assert recorded.all() == []


def test_a_final_decision_with_the_reason_the_child_was_not_heard_is_told_another_way(
    app: Flask, clock: MovableClock
) -> None:
    case_id = assessed_report(app)
    adviser = make_staff(app, "adviser")
    urgent = replace(GIVEN, not_heard_reason="urgency", not_heard_note="Akut anbringelse i nat.")
    # No conversation: the adviser says how and when the child was told.
    with pytest.raises(CaseworkError) as refused:
        decide(app, adviser.id, case_id, urgent)
    assert refused.value.message == decisions.TOLD_ANOTHER_WAY
    told = replace(urgent, told_how="in_person", told_at=START)
    clock.advance(hours=2)
    row_id = decide(app, adviser.id, case_id, told)
    with app.app_context(), db.new_session() as s:
        row = s.get_one(ChildFeedback, row_id)
        assert (row.view_basis, row.not_heard_reason) == ("not_heard", "urgency")
        assert (row.told_how, row.told_at, row.message_id) == ("in_person", START, None)
        assert row.not_heard_note is not None
        note_text = cipher().decrypt(
            row.not_heard_note, table="child_feedback", column="not_heard_note", row_id=row.id
        )
        assert note_text == "Akut anbringelse i nat."
        assert row.not_heard_note != note_text  # sealed
        case = s.get_one(Inquiry, case_id)
        assert case.closed_at is None


def test_a_decision_after_a_participation_note_rests_on_it(app: Flask, clock: MovableClock) -> None:
    case_id = assessed_report(app)
    adviser = make_staff(app, "adviser")
    note_id = note(app, adviser.id, case_id)
    clock.advance(days=3)
    letter = replace(GIVEN, told_how="letter", told_at=START)
    row_id = decide(app, adviser.id, case_id, letter)
    with app.app_context(), db.new_session() as s:
        row = s.get_one(ChildFeedback, row_id)
        assert row.view_basis == "view"
        views = hearing.since_last_decision(s, s.get_one(Inquiry, case_id), until=row.at)
        assert [(v.source, v.id) for v in views] == [("note", note_id)]
    # The next final decision needs a new view: the note was before the last decision.
    clock.advance(days=30)
    with pytest.raises(CaseworkError):
        decide(app, adviser.id, case_id, letter)
    # One that is not final may be recorded without (a meeting's outcome, say).
    meeting = replace(letter, kind="meeting", final=False)
    decide(app, adviser.id, case_id, meeting)


def test_many_rounds_in_the_childs_conversation_none_closes_the_case(
    app: Flask, clock: MovableClock
) -> None:
    case_id, _ = new_inquiry(
        app, "consultation", conversation=True, age_band="10-13",
        lundy={"voice": {"own_words": {"wish": "Ro"}}},
    )  # fmt: skip
    leader = make_staff(app, "leader", name="Lise Leder")
    clock.advance(days=2)
    first = decide(app, leader.id, case_id)  # rests on what the child wrote
    clock.advance(days=20)
    with pytest.raises(CaseworkError):
        decide(app, leader.id, case_id)  # the child's own words were used by the first
    note(app, leader.id, case_id)
    clock.advance(days=1)
    second = decide(app, leader.id, case_id, replace(GIVEN, decided="Nu hver weekend."))
    with app.app_context(), db.new_session() as s:
        case = s.get_one(Inquiry, case_id)
        assert case.closed_at is None
        assert case.feedback_given_at == START.replace(day=25)  # the first round stopped it
        rows = {f.id: f for f in s.scalars(select(ChildFeedback))}
        assert rows[first].view_basis == rows[second].view_basis == "view"
        assert case.conversation is not None
        outcomes = [m for m in case.conversation.messages if m.kind == OUTCOME]
        assert [m.id for m in outcomes] == [rows[first].message_id, rows[second].message_id]
        texts = [records.text_of(cipher(), m) for m in outcomes]
        assert rows[first].told_how == "conversation"
        assert case.participation is not None
        lundy = records.lundy_of(cipher(), case.participation).to_json()
        language = case.locale
    assert "Du skal være hos Mette hver anden weekend." in texts[0]
    assert "Nu hver weekend." in texts[1]
    # The child reads the three parts under headings, in the language they wrote in.
    with app.test_request_context(), force_locale(language):
        heading = gettext(decisions.VIEWS_COUNTED)
    assert heading != decisions.VIEWS_COUNTED or language == "en"
    assert texts[0].split("\n\n")[1].startswith(heading)
    assert "Det er for langt fra din skole." in texts[0]
    # The latest round's feedback is on the record; the decision-maker is its Audience.
    assert "Nu hver weekend." in lundy["influence"]["feedback_to_child"]
    assert [r["name"] for r in lundy["audience"]["heard_by"]] == ["Lise Leder"]


def test_the_outcome_goes_to_the_childs_answer_when_asked_and_stops_its_clock(
    app: Flask, clock: MovableClock
) -> None:
    case_id = assessed_report(app)
    older = childs_view(app, case_id)
    clock.advance(hours=1)
    newer = childs_view(app, case_id, locale="en")
    adviser = make_staff(app, "adviser", name="Anne Rådgiver")
    clock.advance(days=1)
    row_id = decide(app, adviser.id, case_id)
    with app.app_context(), db.new_session() as s:
        row = s.get_one(ChildFeedback, row_id)
        told = s.get_one(Message, row.message_id)
        view = s.get_one(Inquiry, newer)
        assert view.conversation is not None
        assert told.conversation_id == view.conversation.id  # the newest view's
        assert told.kind == OUTCOME
        assert row.told_how == "conversation"
        assert text_starts(records.text_of(cipher(), told), str(decisions.DECIDED))
        views = hearing.since_last_decision(s, s.get_one(Inquiry, case_id), until=row.at)
        assert {(v.source, v.id) for v in views} == {
            ("childs_view", older), ("childs_view", newer),
        }  # fmt: skip
        for view_id in (older, newer):
            answered = s.get_one(Inquiry, view_id)
            assert answered.feedback_given_at == clock.now
            assert answered.participation is not None
            lundy = records.lundy_of(cipher(), answered.participation).to_json()
            assert lundy["influence"]["decision"] == GIVEN.decision
            assert [r["name"] for r in lundy["audience"]["heard_by"]] == ["Anne Rådgiver"]


def text_starts(text: str, heading: str) -> bool:
    return text.startswith(heading + "\n")


def test_the_conversation_of_a_childs_own_case_is_its_own(app: Flask) -> None:
    case_id, _ = new_inquiry(app, "ask_for_help", conversation=True, lundy={})
    childs_view(app, case_id)
    with app.app_context(), db.new_session() as s:
        case = s.get_one(Inquiry, case_id)
        assert hearing.conversation_of(s, case) is case.conversation


def test_a_decision_waits_for_the_assessment_and_family_advice_has_none(app: Flask) -> None:
    adviser = make_staff(app, "adviser")
    report, _ = new_inquiry(app)
    with pytest.raises(CaseworkError) as refused:
        decide(app, adviser.id, report)
    assert "Assess the report first" in refused.value.message
    advice, _ = new_inquiry(app, "family_advice", answers={})
    with pytest.raises(CaseworkError) as refused:
        decide(app, adviser.id, advice)
    assert "Anonymous advice" in refused.value.message


def test_a_meetings_outcome_does_not_use_the_childs_view_up(
    app: Flask, clock: MovableClock
) -> None:
    """The final decision after a meeting still rests on the view heard before the meeting."""
    case_id = assessed_report(app)
    adviser = make_staff(app, "adviser")
    note(app, adviser.id, case_id)
    letter = replace(GIVEN, told_how="letter", told_at=START)
    clock.advance(days=1)
    decide(app, adviser.id, case_id, replace(letter, kind="meeting", final=False))
    clock.advance(days=7)
    row_id = decide(app, adviser.id, case_id, letter)
    with app.app_context(), db.new_session() as s:
        assert s.get_one(ChildFeedback, row_id).view_basis == "view"


def test_a_decision_without_the_childs_view_adds_nobody_who_heard_the_child(
    app: Flask, clock: MovableClock
) -> None:
    """Deciding when the child was not heard tells the child, but the decision-maker did not
    hear them: the record's Audience does not gain them."""
    case_id, _ = new_inquiry(app, "consultation", lundy={"voice": {"own_words": "Ro"}})
    leader = make_staff(app, "leader", name="Lise Leder")
    letter = replace(GIVEN, told_how="letter", told_at=START)
    decide(app, leader.id, case_id, letter)  # rests on the child's own words: heard
    clock.advance(days=3)
    urgent = replace(letter, not_heard_reason="urgency", not_heard_note="Akut.")
    other = make_staff(app, "leader", name="Anden Leder")
    decide(app, other.id, case_id, urgent)
    with app.app_context(), db.new_session() as s:
        case = s.get_one(Inquiry, case_id)
        assert case.participation is not None
        lundy = records.lundy_of(cipher(), case.participation).to_json()
    assert [r["name"] for r in lundy["audience"]["heard_by"]] == ["Lise Leder"]
    assert lundy["influence"]["feedback_to_child"]  # the child was told all the same

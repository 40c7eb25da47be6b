"""The feedback at a decision on a child's case is shown as the answer to it: a box of its own
with a heading, to the child (in their language) and to staff; not one more message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import cli, db
from portal.inquiries.models import MESSAGE, OUTCOME, Conversation, Message
from tests.conftest import checking_client, migrate
from tests.support.apps import make_app
from tests.support.cases import new_inquiry
from tests.support.decisions import decide
from tests.support.forms import location, submit
from tests.support.pagecheck import Validator, visible_text
from tests.support.staff import logged_in, post_form

REPLY = "Tak fordi du skrev. Vi ses torsdag."
OUTCOME_TEXT = "Du får en kontaktperson. Du ville gerne tale med en voksen, og det er vigtigt."
HEADINGS = {
    "en": "What we decided, and how your views counted",
    "da": "Det har vi besluttet, og sådan talte din mening med",
    "ar": "ما قررناه، وكيف أخذنا رأيك بعين الاعتبار",
    "uk": "Що ми вирішили і як ми врахували твою думку",  # noqa: RUF001 (Cyrillic)
}


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    application = make_app(tmp_path, f"sqlite:///{tmp_path / 'outcome.sqlite3'}")
    application.config["RATELIMIT_ENABLED"] = False
    migrate(application)
    return application


def answered_and_decided(app: Flask, staff: FlaskClient) -> tuple[str, str]:
    """A child's view with a reply and then a decision told to the child; (case id, the
    child's words)."""
    case_id, words = new_inquiry(app, "consultation", conversation=True, lundy={})
    assert words is not None
    logged_in(app, staff, "leader")
    post_form(staff, f"/staff/cases/{case_id}/reply", {"message": REPLY})
    response = decide(staff, case_id, decision="Kontaktperson (§ 32).", decided=OUTCOME_TEXT)
    assert location(response) == f"/staff/cases/{case_id}?saved=decided"
    return case_id, words


def outcome_box(html: str) -> str:
    found: list[str] = re.findall(r'<section class="outcome".*?</section>', html, re.S)
    assert len(found) == 1, html
    return found[0]


@pytest.mark.parametrize("language", ["en", "da", "ar", "uk"])
def test_the_child_reads_the_outcome_as_the_answer_to_their_case(
    app: Flask, html_validator: Validator, language: str
) -> None:
    _case_id, words = answered_and_decided(app, checking_client(app, html_validator, "da"))
    child = checking_client(app, html_validator, language)
    assert location(submit(child, "/conversation", {"passphrase": words})) == (
        "/conversation/messages"
    )
    page = child.get("/conversation/messages").get_data(as_text=True)
    box = outcome_box(page)
    heading = re.search(r'<h2 class="outcome__heading" id="([^"]+)">([^<]+)</h2>', box)
    assert heading
    assert heading.group(2) == HEADINGS[language]
    assert f'aria-labelledby="{heading.group(1)}"' in box  # the box is named by its heading
    assert OUTCOME_TEXT in box
    assert REPLY not in box  # the earlier reply stays an ordinary message
    assert REPLY in page
    # Without CSS the heading still sets it apart: the outcome comes after it.
    lines = visible_text(page, only_main=True).split("\n")
    assert OUTCOME_TEXT in lines[lines.index(HEADINGS[language]) :]


def test_staff_see_which_message_was_the_outcome(app: Flask, html_validator: Validator) -> None:
    staff = checking_client(app, html_validator, "en")
    case_id, _words = answered_and_decided(app, staff)
    for url in (f"/staff/cases/{case_id}", f"/staff/cases/{case_id}/record"):
        box = outcome_box(staff.get(url).get_data(as_text=True))
        heading = "The outcome: what we decided, and how the child's views counted"
        assert heading in visible_text(box).split("\n")
        assert OUTCOME_TEXT in box
        assert REPLY not in box


def test_feedback_given_before_the_migration_becomes_the_outcome(
    tmp_path: Path, own_database_url: str, html_validator: Validator
) -> None:
    """Migration 0012 finds the feedback by its time; an ordinary reply stays a message."""
    app = make_app(tmp_path, own_database_url, RATELIMIT_ENABLED=False)
    runner = app.test_cli_runner()
    assert runner.invoke(cli.db_upgrade).exit_code == 0
    assert runner.invoke(cli.profile_load).exit_code == 0
    case_id, _words = answered_and_decided(app, checking_client(app, html_validator, "en"))

    def kinds() -> list[tuple[str, str]]:
        with app.app_context(), db.new_session() as s:
            rows = s.scalars(
                select(Message)
                .join(Conversation, Conversation.id == Message.conversation_id)
                .where(Conversation.inquiry_id == case_id, Message.author == "staff")
                .order_by(Message.created_at)
            )
            return [(m.kind, m.author) for m in rows]

    assert kinds() == [(MESSAGE, "staff"), (OUTCOME, "staff")]
    assert runner.invoke(cli.db_downgrade, ["0011"]).exit_code == 0
    assert runner.invoke(cli.db_upgrade).exit_code == 0
    assert kinds() == [(MESSAGE, "staff"), (OUTCOME, "staff")]

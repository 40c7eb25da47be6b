"""The casework rules (portal.casework.rules) against the intended rule, for every step, every
state a case can be in and every role; and the one place they are written: the case page
shows its buttons by them, the step pages take their roles from them, and no template or
view says them again."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import product
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import Babel, LazyString, force_locale

from portal import db
from portal.casework import rules
from portal.casework.models import KINDS
from portal.inquiries.models import Conversation, Inquiry
from portal.staff.models import ROLES, StaffUser
from tests.conftest import checking_client
from tests.support.cases import new_inquiry
from tests.support.pagecheck import Validator
from tests.support.staff import logged_in

REPORT = "report_of_concern"
CHILD_KINDS = ("ask_for_help", "consultation", "childs_view")
AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PORTAL = Path(__file__).parents[2] / "portal"

# The intended rule. Who takes each step:
INTENDED_ROLES = {
    "assess": {"reception", "adviser", "leader"},
    "triage": {"reception", "adviser", "leader"},
    "assign": {"reception", "leader"},
    "convert": {"reception", "adviser", "leader"},
    "reply": {"reception", "adviser", "leader"},
    "note": {"adviser", "leader"},
    "decision": {"adviser", "leader"},
    "close": {"reception", "adviser", "leader"},
    "receipt": {"reception", "adviser", "leader"},
    "reporter_feedback": {"reception", "adviser", "leader"},
    "new_words": {"reception", "adviser", "leader"},
    "invite": {"adviser", "leader"},
}
# What to do first, when a step is refused.
CLOSED = "The case is closed."
DANGER_FIRST = "Assess the possible danger first."
REPORT_FIRST = "Assess the report first: is acute action needed?"
RECEIPT_FIRST = "Record the receipt to the reporter before closing."
NO_CHILDS_CASE = "Anonymous advice has no child's case to record this on."


@dataclass(frozen=True)
class State:
    """What the rules read of a case."""

    kind: str
    came_in_as: str | None  # converted to a report of concern from this kind
    closed: bool
    assessed: bool
    flagged: bool  # a possible danger not yet assessed
    triaged: bool
    answered: bool  # the child had the feedback
    conversation: bool
    anonymised: bool
    receipt: str  # none, due or sent
    reporter: str  # § 138 feedback: none, due or given

    def inquiry(self) -> Inquiry:
        """A case in this state (not stored: the rules read no database)."""

        def at(present: bool) -> datetime | None:
            return AT if present else None

        return Inquiry(
            kind=self.kind,
            converted_from=self.came_in_as,
            closed_at=at(self.closed),
            assessed_at=at(self.assessed),
            safety_flagged_at=at(self.flagged),
            triaged_at=at(self.triaged),
            feedback_given_at=at(self.answered),
            conversation=Conversation() if self.conversation else None,
            anonymised_at=at(self.anonymised),
            receipt_due=at(self.receipt != "none"),
            receipt_sent_at=at(self.receipt == "sent"),
            reporter_feedback_due=at(self.reporter != "none"),
            reporter_feedback_at=at(self.reporter == "given"),
        )


KIND_PAIRS = [(kind, None) for kind in KINDS] + [(REPORT, k) for k in KINDS if k != REPORT]


def state(
    kind: tuple[str, str | None], flags: tuple[bool, ...], receipt: str, reporter: str
) -> State:
    closed, assessed, flagged, triaged, answered, conversation, anonymised = flags
    return State(
        *kind,
        closed,
        assessed,
        flagged,
        triaged,
        answered,
        conversation,
        anonymised,
        receipt,
        reporter,
    )


STATES = [
    state(*combination)
    for combination in product(
        KIND_PAIRS,
        product((False, True), repeat=7),
        ("none", "due", "sent"),
        ("none", "due", "given"),
    )
]


@dataclass(frozen=True)
class Intended:
    opens: bool  # the step's page opens (else it goes back to the case)
    shown: bool  # the case page offers the step
    refusal: str | None  # what to do first; None: the step may be taken


def first(*reasons: tuple[bool, str]) -> str | None:
    return next((message for failed, message in reasons if failed), None)


def intended(action: str, st: State) -> Intended:
    """The intended rule, for any role that takes the step."""
    report = st.kind == REPORT
    childs = (st.came_in_as or st.kind) in CHILD_KINDS
    # The 24-hour assessment is due: a report not yet assessed, or a possible danger.
    due = not st.closed and (st.flagged or (report and not st.assessed))
    if action == "assess":
        already = report and st.assessed
        return Intended(
            due,
            due,
            first(
                (not due and already, "This report has already been assessed."),
                (not due, "Only reports of concern and possible safety cases are assessed."),
            ),
        )
    if action == "triage":
        refusal = first(
            (st.closed, CLOSED),
            (report and not st.assessed, REPORT_FIRST),
            (st.flagged, DANGER_FIRST),
        )
        return Intended(True, refusal is None, refusal)
    if action == "assign":
        return Intended(True, not st.closed, CLOSED if st.closed else None)
    if action == "convert":
        refusal = first((report, "This is already a report of concern."), (st.closed, CLOSED))
        return Intended(True, refusal is None, refusal)
    if action == "reply":
        refusal = first(
            (not st.conversation, "This inquiry has no conversation to answer in."),
            (st.closed, CLOSED),
        )
        return Intended(refusal is None, refusal is None, refusal)
    advice = st.kind == "family_advice"
    if action == "note":
        refusal = first(
            (st.closed, CLOSED),
            (st.anonymised, "This inquiry was anonymised."),
            (advice, NO_CHILDS_CASE),
        )
        return Intended(refusal is None, refusal is None, refusal)
    if action == "decision":
        # Many rounds: a decision does not close the case, and another may follow.
        applies = not st.closed and not advice
        refusal = first(
            (st.closed, CLOSED),
            (advice, NO_CHILDS_CASE),
            (st.flagged, DANGER_FIRST),
            (report and not st.assessed, REPORT_FIRST),
        )
        return Intended(applies, refusal is None, refusal)
    if action == "close":
        refusal = first(
            (st.closed, CLOSED),
            (
                childs and not st.answered,
                "Record a decision and tell the child about it before you close the case.",
            ),
            (st.flagged, DANGER_FIRST),
            (report and not st.assessed, REPORT_FIRST),
            (not st.triaged and not st.answered, "Triage the inquiry before closing it."),
            (st.receipt == "due", RECEIPT_FIRST),
        )
        return Intended(True, refusal in (None, RECEIPT_FIRST), refusal)
    if action == "receipt":
        # Recorded already: not offered again, and recording it again changes nothing.
        refusal = first(
            (st.receipt == "none", "No receipt is due on this inquiry."), (st.closed, CLOSED)
        )
        return Intended(True, refusal is None and st.receipt != "sent", refusal)
    if action == "reporter_feedback":
        refusal = first(
            (st.reporter == "none", "No § 138 feedback is due on this inquiry."),
            (st.reporter == "given", "The reporter has already had the § 138 feedback."),
            (st.closed, CLOSED),
            (not st.triaged, "Triage the report first: the feedback tells what was decided."),
        )
        return Intended(st.reporter == "due", refusal is None, refusal)
    if action == "new_words":
        opens = st.conversation and not st.anonymised
        return Intended(opens, opens, None if opens else "This inquiry has no conversation.")
    if action == "invite":
        # A child to ask: not a family's anonymous question, not a view given for a case.
        no_child = st.kind == "family_advice" or (st.came_in_as or st.kind) == "childs_view"
        refusal = first(
            (no_child, "There is no child to ask on this case."),
            (st.anonymised, "This case was anonymised."),
            (st.closed, CLOSED),
        )
        return Intended(refusal is None, refusal is None, refusal)
    raise AssertionError(f"no intended rule for {action}")


@pytest.fixture
def in_english() -> Iterator[None]:
    """Messages in English (their msgids)."""
    app = Flask(__name__)
    Babel(app)
    with app.test_request_context(), force_locale("en"):
        yield


SAID: dict[int, str] = {}


def english(message: LazyString) -> str:
    """``message`` in English (each of the rules' messages is translated once)."""
    if id(message) not in SAID:
        SAID[id(message)] = str(message)
    return SAID[id(message)]


def test_the_rules_name_every_step_and_role() -> None:
    assert set(rules.ACTIONS) == set(INTENDED_ROLES)
    for action, rule in rules.ACTIONS.items():
        assert set(rule.roles) == INTENDED_ROLES[action], action
        assert set(rule.roles) <= set(ROLES)


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize("role", ROLES)
def test_every_step_in_every_state_for_every_role_follows_the_intended_rule(role: str) -> None:
    user = StaffUser(id="me", role=role)
    for st in STATES:
        inquiry = st.inquiry()
        shown, may = set(), set()
        for action in rules.ACTIONS:
            takes = role in INTENDED_ROLES[action]
            want = intended(action, st)
            where = (action, role, st)
            assert rules.applies(action, inquiry, user) == (takes and want.opens), where
            if takes and want.shown:
                shown.add(action)
            if takes and want.refusal is None:
                may.add(action)
                rules.require(action, inquiry, user)
                continue
            try:
                rules.require(action, inquiry, user)
            except rules.CaseworkError as refused:
                said = english(refused.message)
            else:
                raise AssertionError(f"not refused: {where}")
            assert said == (want.refusal if takes else "Your role does not allow this step."), where
        assert rules.offered_actions(inquiry, user) == shown, (role, st)
        assert rules.allowed_actions(inquiry, user) == may, (role, st)


def test_each_step_is_a_page_of_its_name_for_the_roles_that_take_it(app: Flask) -> None:
    for action in rules.ACTIONS:
        view = app.view_functions[f"casework.{action}"]
        assert set(getattr(view, "staff_roles", ())) == INTENDED_ROLES[action], action


# -- written once: not in templates, not in views ------------------------------------------

TAG = re.compile(r"{%-?\s*(if|elif|else|endif)\b(.*?)-?%}", re.S)


def enclosing_conditions(html: str, position: int) -> list[str]:
    """The conditions of the ``{% if %}`` blocks around ``position``, innermost last."""
    stack: list[str] = []
    for tag in TAG.finditer(html, 0, position):
        word, condition = tag.group(1), tag.group(2).strip()
        if word == "if":
            stack.append(condition)
        elif word == "elif":
            stack[-1] = condition
        elif word == "else":
            stack[-1] = f"not ({stack[-1]})"
        else:
            stack.pop()
    return stack


def templates() -> list[Path]:
    return sorted((PORTAL / "templates").rglob("*.html"))


def test_every_button_or_link_to_a_step_is_shown_by_the_rules() -> None:
    """A link or form to a step, on any page but the step's own, sits in an
    ``{% if "<step>" in actions %}``: no template says when a step applies."""
    found = set()
    for path in templates():
        html = path.read_text()
        for link in re.finditer(r"url_for\('casework\.(\w+)'", html):
            action = link.group(1)
            if action not in rules.ACTIONS or path.stem == action.replace("_", "-"):
                continue
            conditions = enclosing_conditions(html, link.start())
            assert conditions, f"{path.name}: the link to {action} is always shown"
            # Only the rules decide (``and named``: the one-click assign needs a suggestion).
            condition = conditions[-1]
            assert re.fullmatch(rf'"{action}" in actions( and \w+)?', condition), (path, condition)
            found.add(action)
    assert found == set(rules.ACTIONS)  # every step has its button on the case page


def test_no_template_tests_a_status_or_a_role_for_casework() -> None:
    for path in templates():
        casework = path.parent.name == "casework"
        for tag in TAG.finditer(path.read_text()):
            condition = tag.group(2)
            assert not re.search(r"\binquiry\.status\b", condition), (path.name, condition)
            if casework:
                assert not re.search(r"(?<!filters)\.status\b", condition), (path.name, condition)
                assert not re.search(r"\brole\b", condition), (path.name, condition)
                assert not re.search(r"\bmay_\w+", condition), (path.name, condition)


# What a view must not decide for itself: the state a step waits for, and roles.
RULE_WORDS = re.compile(
    r"\.(closed_at|assessed_at|triaged_at|feedback_given_at|receipt_due|receipt_sent_at"
    r"|reporter_feedback_due|reporter_feedback_at|safety_flagged_at|status)\b"
    r"|\.role\s*(==|!=|in\b|not in\b)|\bchilds_own\b|\bassessment_outcomes\b"
    r"|\.conversation is (not )?None|staff_required\(\s*\""
)


def test_no_view_repeats_a_rule() -> None:
    views = sorted((PORTAL / "casework").glob("*views.py"))
    assert len(views) >= 3
    for path in views:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            assert not RULE_WORDS.search(line), f"{path.name}:{number}: {line.strip()}"


# -- the case page, on a real database -------------------------------------------------------

STEP_URLS = {
    "assessment": "assess",
    "triage": "triage",
    "assign": "assign",
    "report-of-concern": "convert",
    "reply": "reply",
    "note": "note",
    "decision": "decision",
    "close": "close",
    "receipt": "receipt",
    "reporter-feedback": "reporter_feedback",
    "new-words": "new_words",
    "ask-the-child": "invite",
}
# Cases in the states the case page is seen in most: (kind, what happened to it).
PAGE_STATES = {
    "new report": (REPORT, {}),
    "assessed report": (REPORT, {"assessed_at": AT}),
    "triaged report, receipt due": (REPORT, {"assessed_at": AT, "triaged_at": AT}),
    "report ready to close": (
        REPORT,
        {"assessed_at": AT, "triaged_at": AT, "receipt_sent_at": AT, "reporter_feedback_at": AT},
    ),
    "closed report": (
        REPORT,
        {"assessed_at": AT, "triaged_at": AT, "receipt_sent_at": AT, "closed_at": AT},
    ),
    "child asks": ("ask_for_help", {}),
    "child asks, possible danger": ("ask_for_help", {"safety_flagged_at": AT}),
    "child asks, triaged": ("ask_for_help", {"triaged_at": AT}),
    "child answered, wrote again": ("ask_for_help", {"feedback_given_at": AT, "triaged_at": AT}),
    "application triaged": ("application", {"triaged_at": AT}),
}


def test_the_case_page_shows_the_steps_the_rules_offer(
    app: Flask, html_validator: Validator
) -> None:
    cases = {}
    for name, (kind, changes) in PAGE_STATES.items():
        case_id, _ = new_inquiry(app, kind, district="nord", conversation=True)
        with app.app_context(), db.new_session() as s, s.begin():
            inquiry = s.get(Inquiry, case_id)
            assert inquiry is not None
            for column, value in changes.items():
                setattr(inquiry, column, value)
            if "closed_at" in changes:
                inquiry.status = "closed"
        cases[name] = case_id
    for role in ("reception", "adviser", "leader"):
        client: FlaskClient = checking_client(app, html_validator, language="en")
        account = logged_in(app, client, role, districts=("nord",))
        for name, case_id in cases.items():
            page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
            steps = {
                STEP_URLS[step]
                for step in re.findall(rf"/staff/cases/{case_id}/([a-z-]+)", page)
                if step in STEP_URLS
            }
            with app.app_context(), db.new_session() as s:
                inquiry, user = s.get(Inquiry, case_id), s.get(StaffUser, account.id)
                assert inquiry is not None
                assert user is not None
                # The one-click assign shows only with an adviser the child named (tests/say).
                offered = rules.offered_actions(inquiry, user) - {"assign"}
                assert steps == offered, (role, name)

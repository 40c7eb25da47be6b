"""Cases with everything the portal stores about them, written by its own pages and services.

For the tests that work on the whole database (key rotation, retention): a report of
concern taken through assessment, triage, receipt and closing; a child's consultation
with a Lundy record, a conversation, a phone that turned notices on, a reply, a second
reply begun and kept as a staff draft, and a decision told to the child, then closed; and
a visitor's draft half-way through asking for help.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from tests.support.cases import new_inquiry
from tests.support.decisions import decide, decide_and_close
from tests.support.forms import csrf_token, location, submit
from tests.support.push_service import Browser
from tests.support.staff import Account, logged_in, post_form

CHILD_WORDS = "Jeg vil gerne bo hos far i weekenderne."
LUNDY: dict[str, Any] = {
    "space": {"how": ["here"], "with_whom": "min lærer"},
    "voice": {"format": "web form", "own_words": {"wish": CHILD_WORDS}},
    "audience": {"read_by": "adviser"},
    "influence": {"hear_back": ["here"]},
}
REASONING = "Bekymring for kost; ingen akut fare."
NOTE = {
    "form": "child_conversation",
    "met_on": "02-01-2026",
    "place": "På skolen",
    "present": "Klasselæreren",
    "bisidder_present": "no",
    "told_purpose": "yes",
    "offered_bisidder": "yes",
    "child_age": "9",
    "party_case": "no",
    "heard_as_party": "no",
    "views": "Jeg vil gerne spise i skolen.",
    "weighing": "Vægtes højt.",
}
INVITED_BECAUSE = "Vi vil høre, hvordan det går nu."
DECISION = "Aflastning hver anden weekend."
FEEDBACK = "Du sagde, du gerne vil være hos far. Derfor er du der hver anden weekend."


@dataclass
class Staff:
    """A leader logged in on a client: may open every case."""

    account: Account
    client: FlaskClient


def staff(app: Flask) -> Staff:
    client = app.test_client()
    return Staff(logged_in(app, client, "leader"), client)


def _ok(response: Any) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == 302, page[page.find("<main") :][:3000]


def closed_report(app: Flask, by: Staff) -> str:
    """A professional's report: assessed, triaged (with a case number), a decision before the
    child was heard (with the reason), a participation note, an invitation to the child,
    receipt, closed."""
    case_id, _ = new_inquiry(app, "report_of_concern", district="nord")
    url = f"/staff/cases/{case_id}"
    _ok(post_form(by.client, f"{url}/assessment", {"acute": "no", "reasoning": REASONING}))
    _ok(
        post_form(
            by.client,
            f"{url}/triage",
            {
                "route": "early_support",
                "district": "nord",
                "adviser": "",
                "case_code": "27.12.04-G01-1-26",
                "reasoning": "Tidlig støtte via skolen.",
            },
        )
    )
    # A decision before the child was heard (with the reason), then a participation note and
    # an invitation for the child to give their view.
    _ok(
        decide(
            by.client,
            case_id,
            told_how="in_person",
            told_on="02-01-2026",
            not_heard_reason="urgency",
            not_heard_note="Akut anbringelse; barnet høres i næste uge.",
        )
    )
    _ok(post_form(by.client, f"{url}/note", NOTE))
    with app.app_context():
        needed_by = (clock.now() + timedelta(days=14)).date().isoformat()
    invited = post_form(
        by.client,
        f"{url}/ask-the-child",
        {"question_set": "after_change", "reason": INVITED_BECAUSE, "needed_by": needed_by},
    )
    assert 'class="invitation-code"' in invited.get_data(as_text=True)  # the code, shown once
    token = csrf_token(by.client.get(url).get_data(as_text=True))
    _ok(by.client.post(f"{url}/receipt", data={"csrf_token": token}))
    _ok(by.client.post(f"{url}/close", data={"csrf_token": token}))
    return case_id


def child_with_conversation(app: Flask, by: Staff, *, close: bool = True) -> str:
    """A consultation (Lundy record, conversation); the child turns notices on, gets a reply
    and, if ``close``, a decision told to the child, and the case closed."""
    case_id, words = new_inquiry(
        app, "consultation", district="nord", conversation=True, age_band="10-13", lundy=LUNDY
    )
    assert words
    child = app.test_client()
    assert location(submit(child, "/conversation", {"passphrase": words})).endswith("/messages")
    page = child.get("/conversation/messages").get_data(as_text=True)
    browser = Browser("https://fcm.googleapis.com/fcm/send/seeded")
    response = child.post(
        "/conversation/notifications",
        json={"subscription": browser.subscription()},
        headers={"X-CSRFToken": csrf_token(page)},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    url = f"/staff/cases/{case_id}"
    _ok(post_form(by.client, f"{url}/reply", {"message": "Tak fordi du skrev."}))
    # A second reply begun, kept as it was typed, never sent (a staff draft).
    reply_page = by.client.get(f"{url}/reply").get_data(as_text=True)
    kept = by.client.post(
        f"{url}/drafts/reply",
        json={"message": "Hej igen. Jeg ville lige høre"},
        headers={"X-CSRFToken": csrf_token(reply_page)},
    )
    assert kept.status_code == 200, kept.get_data(as_text=True)
    if close:
        _ok(decide_and_close(by.client, case_id, decision=DECISION, decided=FEEDBACK))
    return case_id


def alerts_on(by: Staff) -> None:
    """The member of staff turns safety alerts on for a browser (a push subscription)."""
    page = by.client.get("/staff/account").get_data(as_text=True)
    browser = Browser("https://fcm.googleapis.com/fcm/send/staff-seeded")
    response = by.client.post(
        "/staff/account/alerts",
        json={"subscription": browser.subscription()},
        headers={"X-CSRFToken": csrf_token(page)},
    )
    assert response.status_code == 201, response.get_data(as_text=True)


def draft(app: Flask) -> FlaskClient:
    """A visitor who answered the first question of asking for help, and stopped."""
    visitor = app.test_client()
    _ok(submit(visitor, "/ask-for-help/are-you-safe", {"safe": "yes"}))
    return visitor


def everything(app: Flask) -> Staff:
    """A row in every table that has a sealed column (staff account with safety alerts on,
    report with its casework, child with conversation and push subscription, draft, outbox
    events)."""
    by = staff(app)
    alerts_on(by)
    closed_report(app, by)
    child_with_conversation(app, by)
    draft(app)
    return by

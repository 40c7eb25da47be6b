"""The safety line end to end through the pages: a child who may be in danger is first in
reception's inbox with the 24-hour clock, people are alerted by real email (SMTP) and web
push (decrypted here), out of hours the duty service, after 30 minutes the leaders too.

Each test has a database of its own (on PostgreSQL a schema of its own): alerts go to every
reception account there is, and the inbox shows every open case.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import db
from portal.content.readability import lix
from portal.i18n import COOKIE
from portal.outbox import worker
from portal.outbox.cli import station
from portal.outbox.models import OutboxEvent
from portal.outbox.queue import payload_of
from portal.safety.models import SafetyFlag
from portal.staff.models import AuditEntry
from tests.conftest import checking_client
from tests.support import forms
from tests.support.apps import PROFILE, MovableClock
from tests.support.cases import get, new_inquiry
from tests.support.decisions import decide_and_close
from tests.support.forms import Steps, location
from tests.support.outbox import ctx_of, outbox_app
from tests.support.pagecheck import Validator, visible_text
from tests.support.push_service import Browser, PushService, push_service
from tests.support.smtp import Mailbox, smtp_server
from tests.support.staff import Account, login, make_staff, post_form

# Monday 23 November 2026, 10:00 in Copenhagen: the office is open (08:00-15:00).
OPEN = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
# Saturday 28 November 2026, 22:00 in Copenhagen: closed.
SATURDAY_NIGHT = datetime(2026, 11, 28, 21, 0, tzinfo=UTC)
# Friday 27 November 2026, 20:00; the office opens again on Monday at 08:00 (07:00 UTC).
FRIDAY_NIGHT = datetime(2026, 11, 27, 19, 0, tzinfo=UTC)
MONDAY_OPENING = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
DUTY = "doegnvagt@example.dk"
QUIET = "Jeg vil gerne tale med en voksen om min skole."
HURT = "Min far slår mig når han drikker. Jeg tør ikke sige det til nogen."


def steps(safe: str = "no", topics: tuple[str, ...] = ("home",), message: str = QUIET) -> Steps:
    return [
        ("are-you-safe", {"safe": safe}),
        ("about", {"topics": list(topics)}),
        ("your-message", {"message": message}),
        ("answer", {"wants_answer": "yes"}),
        ("age", {"age_band": "10-13"}),
        ("who-you-are", {"identity": "anonymous"}),
    ]


@pytest.fixture
def moving() -> MovableClock:
    return MovableClock(OPEN)


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as running:
        yield running


@pytest.fixture
def service() -> Iterator[PushService]:
    with push_service() as running:
        yield running


def line_app(
    tmp_path: Path, url: str, moving: MovableClock, mailbox: Mailbox, **extra: Any
) -> Flask:
    return outbox_app(
        tmp_path,
        url,
        CLOCK=moving,
        RATELIMIT_ENABLED=False,
        MAIL_BACKEND="smtp",
        MAIL_HOST="127.0.0.1",
        MAIL_PORT=mailbox.port,
        MAIL_SECURITY="none",
        MAIL_FROM="indgang@kommune.test",
        PUSH_SERVICE_HOSTS=("127.0.0.1",),
        CASE_SYSTEM_ADAPTER="folder",
        **extra,
    )


@pytest.fixture
def app(tmp_path: Path, own_database_url: str, moving: MovableClock, mailbox: Mailbox) -> Flask:
    return line_app(tmp_path, own_database_url, moving, mailbox)


def staff_client(app: Flask, validator: Validator, account: Account) -> FlaskClient:
    client = checking_client(app, validator)
    client.set_cookie(COOKIE, "en")
    login(app, client, account)
    return client


def child_asks(app: Flask, validator: Validator, **answers: Any) -> tuple[str, str]:
    """A child walks "Ask for help" in Danish and presses Send: (inquiry id, receipt page)."""
    child = checking_client(app, validator)
    forms.walk(child, "/ask-for-help", steps(**answers))
    page = forms.send(child, "/ask-for-help")
    with app.app_context():
        return forms.sent_inquiry(page).id, page


def inbox_ids(page: str) -> list[str]:
    """The cases in the inbox's table, in its order."""
    table = page[page.index("<tbody>") :]
    return re.findall(r'<th scope="row"><a href="/staff/cases/(\w+)"', table)


def danger_ids(page: str) -> list[str]:
    """The cases in the "possible danger" box above the inbox."""
    if 'class="danger"' not in page:
        return []
    box = page[page.index('class="danger"') : page.index("</section>")]
    return re.findall(r'<a href="/staff/cases/(\w+)"', box)


def flags(app: Flask, inquiry_id: str) -> list[SafetyFlag]:
    with app.app_context(), db.new_session() as s:
        return list(
            s.scalars(
                select(SafetyFlag)
                .where(SafetyFlag.inquiry_id == inquiry_id)
                .order_by(SafetyFlag.raised_at)
            )
        )


def audit_of(app: Flask, inquiry_id: str) -> list[tuple[str, str]]:
    with app.app_context(), db.new_session() as s:
        rows = s.scalars(
            select(AuditEntry).where(AuditEntry.inquiry_id == inquiry_id).order_by(AuditEntry.id)
        )
        return [(e.action, e.detail) for e in rows]


def deliver(app: Flask, *channels: str) -> worker.Tally:
    """Deliver what is due on ``channels`` (by default the alerts' own, not the case system)."""
    with app.app_context():
        return worker.drain(station(), channels=channels or ("email", "push", "safety"))


def recipients(mailbox: Mailbox) -> list[str]:
    return sorted(str(m["To"]) for m in mailbox.messages)


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


SIGNS = [
    pytest.param(
        {"safe": "no"}, "Possible danger: the child said they are not safe", id="not-safe"
    ),
    pytest.param(
        {"safe": "unsure"},
        "Possible danger: the child is not sure they are safe",
        id="unsure",
    ),
    pytest.param(
        {"safe": "yes", "topics": ("hurt",)},
        "Possible danger: the child chose “Someone hurts me”",
        id="someone-hurts-me",
    ),
    pytest.param(
        {"safe": "yes", "topics": ("self_harm", "feelings")},
        "Possible danger: the child chose “I hurt myself or think about it”",
        id="self-harm",
    ),
    pytest.param(
        {"safe": "yes", "topics": ("home",), "message": HURT},
        "Possible danger: words on the screening list in what was written",
        id="screened-words",
    ),
]


@pytest.mark.parametrize(("answers", "flag_words"), SIGNS)
def test_each_sign_of_danger_puts_the_case_first_with_the_24_hour_clock(
    app: Flask,
    html_validator: Validator,
    moving: MovableClock,
    answers: dict[str, Any],
    flag_words: str,
) -> None:
    overdue, _ = new_inquiry(app, received=OPEN - timedelta(days=2))  # a report, 24 h overdue
    quiet, _ = child_asks(app, html_validator, safe="yes", topics=("school",))
    reception = staff_client(app, html_validator, make_staff(app, "reception"))
    before = reception.get("/staff/inbox").get_data(as_text=True)
    assert inbox_ids(before)[:2] == [overdue, quiet]
    assert danger_ids(before) == []

    moving.advance(minutes=5)
    child, receipt = child_asks(app, html_validator, **answers)

    inquiry = get(app, child)
    assert inquiry.safety_flagged_at == moving.now
    assert inquiry.assess_by == moving.now + timedelta(hours=24)
    page = reception.get("/staff/inbox").get_data(as_text=True)
    assert inbox_ids(page)[:3] == [child, overdue, quiet], "above every other clock"
    assert danger_ids(page) == [child]
    assert flag_words in page
    box = page[page.index('class="danger"') : page.index("</section>")]
    assert "Assessment:" in box
    assert "24 hours left" in box
    assert "nobody has opened it yet" in page
    # The child is told who to call first, then who knows now.
    assert receipt.index("Er du i fare lige nu?") < receipt.index('class="number"')
    assert 'href="tel:112"' in receipt
    assert 'href="tel:116111"' in receipt
    assert "Vi har sagt det til de voksne i kommunen, som hjælper børn. De ved det nu." in receipt
    assert "Senest om 24 timer." in receipt


@pytest.mark.parametrize("when", [OPEN, SATURDAY_NIGHT], ids=["open", "closed"])
def test_what_a_child_in_danger_reads_is_plain_danish(
    app: Flask, html_validator: Validator, moving: MovableClock, when: datetime
) -> None:
    moving.now = when
    child = checking_client(app, html_validator)
    detour = forms.submit(child, "/ask-for-help/are-you-safe", {"safe": "no"})
    help_first = child.get(location(detour)).get_data(as_text=True)
    _, receipt = child_asks(app, html_validator, safe="no")
    for page in (help_first, receipt):
        text = visible_text(page, only_main=True)
        assert lix(text) <= 25, f"LIX {lix(text):.1f}:\n{text}"


def test_a_quiet_inquiry_is_not_a_safety_case(app: Flask, html_validator: Validator) -> None:
    child, receipt = child_asks(app, html_validator, safe="yes", topics=("school", "friends"))
    assert get(app, child).safety_flagged_at is None
    assert get(app, child).assess_by is None
    assert flags(app, child) == []
    assert "Er du i fare lige nu?" not in receipt
    assert "Hvem ved det nu" not in receipt


def open_conversation(app: Flask, validator: Validator, words: str) -> FlaskClient:
    child = checking_client(app, validator)
    assert location(forms.submit(child, "/conversation", {"passphrase": words})).endswith(
        "/messages"
    )
    return child


def test_a_screened_word_in_a_later_message_puts_the_case_first(
    app: Flask, html_validator: Validator, moving: MovableClock
) -> None:
    case_id, words = new_inquiry(app, "ask_for_help", district=None, conversation=True)
    assert words
    overdue, _ = new_inquiry(app, received=OPEN - timedelta(days=2))
    child = open_conversation(app, html_validator, words)
    moving.advance(minutes=5)
    response = forms.submit(
        child, "/conversation/messages", {"message": "Jeg vil ikke leve mere. Det er for svært."}
    )
    assert response.status_code == 303
    page = child.get(location(response)).get_data(as_text=True)
    assert "Er du i fare lige nu?" in page
    assert "Vi har sagt det til de voksne i kommunen, som hjælper børn." in page

    assert get(app, case_id).assess_by == moving.now + timedelta(hours=24)
    reception = staff_client(app, html_validator, make_staff(app, "reception"))
    inbox = reception.get("/staff/inbox").get_data(as_text=True)
    assert inbox_ids(inbox)[:2] == [case_id, overdue]
    assert "Possible danger: words on the screening list in a later message" in inbox
    case = reception.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert '<mark class="screened">vil ikke leve mere</mark>' in case


def test_a_message_after_closing_opens_the_case_again_when_it_may_be_danger(
    app: Flask, html_validator: Validator, moving: MovableClock
) -> None:
    case_id, words = new_inquiry(app, "ask_for_help", district="nord", conversation=True)
    assert words
    account = make_staff(app, "adviser", ("nord",))
    adviser = staff_client(app, html_validator, account)
    response = decide_and_close(adviser, case_id, decided="Vi ringer til dig.")
    assert response.status_code == 302
    assert get(app, case_id).closed_at is not None
    moving.advance(days=3)
    child = open_conversation(app, html_validator, words)
    forms.submit(child, "/conversation/messages", {"message": "Han slog mig igen i går."})
    reopened = get(app, case_id)
    assert reopened.closed_at is None
    assert reopened.safety_flagged_at == moving.now
    adviser = staff_client(app, html_validator, account)  # days later: a new login
    inbox = adviser.get("/staff/inbox").get_data(as_text=True)
    assert danger_ids(inbox) == [case_id]


def test_in_opening_hours_reception_gets_an_email_and_an_opted_in_push(
    app: Flask, html_validator: Validator, mailbox: Mailbox, service: PushService
) -> None:
    first = make_staff(app, "reception", ("nord",))
    second = make_staff(app, "reception", ("syd",))
    make_staff(app, "reception", active=False)
    make_staff(app, "adviser", ("nord",))  # sees no case without a district
    make_staff(app, "leader")  # told only on escalation
    browser = Browser(service.url("/push/staff-phone"))
    reception = staff_client(app, html_validator, first)
    account = reception.get("/staff/account").get_data(as_text=True)
    assert "Turn on safety alerts here" in account
    response = reception.post(
        "/staff/account/alerts",
        json={"subscription": browser.subscription()},
        headers={"X-CSRFToken": forms.csrf_token(account)},
    )
    assert response.status_code == 201, response.get_data(as_text=True)

    child, _ = child_asks(app, html_validator, safe="yes", message=HURT)
    assert mailbox.messages == [], "alerts leave through the outbox, after the child's request"
    tally = deliver(app, "email", "push")
    assert tally.delivered == 3

    assert recipients(mailbox) == sorted([first.email, second.email])
    reference = get(app, child).reference
    for message in mailbox.messages:
        assert message["Subject"] == f"Mulig fare: henvendelse {reference} skal ses af en person nu"
        text = text_of(message)
        assert f"http://127.0.0.1:5000/staff/cases/{child}" in text
        assert (
            "Vurderingen skal være registreret senest tirsdag den 24. november 2026, 10.00 " in text
        )
        for word in ("slår", "drikker", "Min far", "Someone", "10-13"):
            assert word not in text, f"the alert tells {word!r}"

    (push,) = service.received
    assert push.path == "/push/staff-phone"
    assert push.headers["urgency"] == "high"
    assert push.headers["topic"] == "safety-alert"
    plain = browser.decrypt(push.body)
    assert len(plain) == 256, "padded like every push"
    assert json.loads(plain) == {
        "title": "Urgent inquiry",
        "body": "An inquiry may be about a child in danger. Open the inbox.",
        "url": "/staff/inbox",
    }
    actions = audit_of(app, child)
    assert ("safety_alerted", "staff: 2 emails, 1 pushes") in actions
    assert actions[0] == ("safety_flagged", "words")


def test_alerts_can_be_turned_off_and_only_caseworkers_have_them(
    app: Flask, html_validator: Validator, service: PushService
) -> None:
    reception = staff_client(app, html_validator, make_staff(app, "reception"))
    account = reception.get("/staff/account").get_data(as_text=True)
    token = forms.csrf_token(account)
    browser = Browser(service.url("/push/x"))
    made = reception.post(
        "/staff/account/alerts",
        json={"subscription": browser.subscription()},
        headers={"X-CSRFToken": token},
    ).get_json()
    assert "Alerts are on for 1 browser." in reception.get("/staff/account").get_data(as_text=True)
    elsewhere = Browser("https://evil.example/push")
    refused = reception.post(
        "/staff/account/alerts",
        json={"subscription": elsewhere.subscription()},
        headers={"X-CSRFToken": token},
    )
    assert refused.status_code == 400
    off = reception.post(
        "/staff/account/alerts/off", json={"id": made["id"]}, headers={"X-CSRFToken": token}
    )
    assert off.get_json() == {"removed": True}
    assert "Alerts are not on for any browser." in reception.get("/staff/account").get_data(
        as_text=True
    )
    admin = staff_client(app, html_validator, make_staff(app, "admin"))
    own = admin.get("/staff/account").get_data(as_text=True)
    assert "Safety alerts" not in own
    headers = {"X-CSRFToken": forms.csrf_token(own)}
    assert admin.post("/staff/account/alerts", json={}, headers=headers).status_code == 403


def test_outside_opening_hours_the_duty_service_is_alerted_and_the_leaders_after_30_minutes(
    app: Flask, html_validator: Validator, mailbox: Mailbox, moving: MovableClock
) -> None:
    moving.now = SATURDAY_NIGHT
    make_staff(app, "reception")
    leader = make_staff(app, "leader")
    child, receipt = child_asks(app, html_validator, safe="no")
    assert "Vores kontor er lukket nu. Derfor har vi sagt det til kommunens vagt" in receipt
    assert deliver(app).delivered == 1
    assert recipients(mailbox) == [DUTY]

    moving.advance(minutes=29)
    assert deliver(app).handled == 0, "nothing is due before the escalation time"
    assert flags(app, child)[0].escalated_at is None

    moving.advance(minutes=2)
    deliver(app)
    assert recipients(mailbox) == sorted([DUTY, DUTY, leader.email])
    again = mailbox.messages[1:]
    reference = get(app, child).reference
    assert {m["Subject"] for m in again} == {
        f"Ikke åbnet endnu: mulig fare i henvendelse {reference}"
    }
    assert "Ingen har åbnet denne henvendelse 30 minutter efter alarmen." in text_of(again[0])
    (flag,) = flags(app, child)
    assert flag.alerted == "duty"
    assert flag.escalated_at == moving.now
    assert ("safety_escalated", "duty: 2 emails, 0 pushes") in audit_of(app, child)


def test_opening_the_case_in_time_stops_the_escalation(
    app: Flask, html_validator: Validator, mailbox: Mailbox, moving: MovableClock
) -> None:
    account = make_staff(app, "reception")
    make_staff(app, "leader")
    child, _ = child_asks(app, html_validator, safe="no")
    deliver(app)
    assert recipients(mailbox) == [account.email]
    with app.app_context(), db.new_session() as s:
        (check,) = s.scalars(select(OutboxEvent).where(OutboxEvent.channel == "safety"))
        assert check.inquiry_id == child
        assert check.next_attempt_at == OPEN + timedelta(minutes=30)
    moving.advance(minutes=12)
    reception = staff_client(app, html_validator, account)
    reception.get(f"/staff/cases/{child}")
    moving.advance(minutes=30)
    tally = deliver(app)
    assert (tally.delivered, tally.dropped) == (0, 1)
    assert recipients(mailbox) == [account.email], "no second alert"
    (flag,) = flags(app, child)
    assert flag.seen_at == OPEN + timedelta(minutes=12)
    assert flag.seen_by_id == account.id
    assert ("read_case", "first opening after a safety alert") in audit_of(app, child)


def test_with_no_duty_service_the_child_hears_when_we_open_and_reception_is_alerted_then(
    tmp_path: Path,
    own_database_url: str,
    html_validator: Validator,
    mailbox: Mailbox,
    moving: MovableClock,
) -> None:
    profile = tmp_path / "municipality.toml"
    shutil.copy(PROFILE.parent / "logo.svg", tmp_path / "logo.svg")
    text = PROFILE.read_text(encoding="utf-8")
    profile.write_text(re.sub(r"(?m)^duty_emails = .*$", "", text), encoding="utf-8")
    app = line_app(tmp_path, own_database_url, moving, mailbox, MUNICIPALITY_PROFILE=profile)
    account = make_staff(app, "reception")
    moving.now = FRIDAY_NIGHT
    child = checking_client(app, html_validator)
    detour = forms.submit(child, "/ask-for-help/are-you-safe", {"safe": "no"})
    help_first = child.get(location(detour)).get_data(as_text=True)
    assert "Vores kontor er lukket nu. Vi læser det, når vi åbner." in help_first
    child_id, receipt = child_asks(app, html_validator, safe="no")
    assert (
        "Vores kontor er lukket nu. Vi læser din besked, når vi åbner mandag kl. 08:00." in receipt
    )
    assert "Senest om 24 timer" not in receipt, "nobody could keep that promise"
    assert deliver(app).handled == 0
    assert flags(app, child_id)[0].alerted == "nobody"

    moving.now = MONDAY_OPENING
    deliver(app)
    assert recipients(mailbox) == [account.email]
    assert ("safety_alerted", "nobody until opening") in audit_of(app, child_id)
    assert ("safety_alerted", "staff: 1 emails, 0 pushes") in audit_of(app, child_id)


def test_a_false_positive_costs_one_recorded_click(
    app: Flask, html_validator: Validator, moving: MovableClock
) -> None:
    overdue, _ = new_inquiry(app, received=OPEN - timedelta(days=2))
    child, _ = child_asks(
        app, html_validator, safe="yes", message="Jeg er bange for min fars hund."
    )
    reception = staff_client(app, html_validator, make_staff(app, "reception"))
    case = reception.get(f"/staff/cases/{child}").get_data(as_text=True)
    assert "Possible danger: assess it now" in case
    assert '<mark class="screened">bange for min fars</mark>' in case
    form = reception.get(f"/staff/cases/{child}/assessment").get_data(as_text=True)
    assert "Assessment of a possible danger" in form
    for outcome in ("report_of_concern", "acted", "no_concern"):
        assert f'value="{outcome}"' in form
    missing = post_form(reception, f"/staff/cases/{child}/assessment", {"outcome": "no_concern"})
    assert missing.status_code == 400
    assert "Write what you did and why." in missing.get_data(as_text=True)

    moving.advance(minutes=20)
    done = post_form(
        reception,
        f"/staff/cases/{child}/assessment",
        {"outcome": "no_concern", "reasoning": "Barnet er bange for en hund, ikke for sin far."},
    )
    assert location(done) == f"/staff/cases/{child}?saved=assessed"
    inquiry = get(app, child)
    assert inquiry.safety_flagged_at is None
    assert inquiry.assessed_at == moving.now
    assert ("safety_assessed", "no_concern") in audit_of(app, child)
    (flag,) = flags(app, child)
    assert flag.assessed_at == moving.now
    inbox = reception.get("/staff/inbox").get_data(as_text=True)
    assert danger_ids(inbox) == []
    assert inbox_ids(inbox)[0] == overdue
    case = reception.get(f"/staff/cases/{child}").get_data(as_text=True)
    assert "Possible danger assessed: No concern" in case
    assert "Barnet er bange for en hund, ikke for sin far." in case
    assert "Assess the possible danger" not in case


def case_system_statuses(app: Flask, inquiry_id: str) -> list[dict[str, Any]]:
    with app.app_context(), db.new_session() as s:
        events = s.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.inquiry_id == inquiry_id, OutboxEvent.channel == "casesystem")
            .order_by(OutboxEvent.created_at, OutboxEvent.key)
        )
        records = [payload_of(ctx_of(s), e) for e in events]
    return [r for r in records if r["record_type"] == "status"]


def test_assessing_a_safety_case_as_a_report_of_concern_makes_it_one(
    app: Flask, html_validator: Validator
) -> None:
    child, _ = child_asks(app, html_validator, safe="no", message=HURT)
    reception = staff_client(app, html_validator, make_staff(app, "reception"))
    post_form(
        reception,
        f"/staff/cases/{child}/assessment",
        {"outcome": "report_of_concern", "reasoning": "Vold i hjemmet. Underretning."},
    )
    inquiry = get(app, child)
    assert (inquiry.kind, inquiry.converted_from) == ("report_of_concern", "ask_for_help")
    assert inquiry.assessed_at is not None
    case = reception.get(f"/staff/cases/{child}").get_data(as_text=True)
    assert "Came in as" in case
    assert "Min far <mark" in case, "the child's own words stay"
    assert "Made a report of concern (was: Ask for help)" in case
    statuses = {r["status"]: r["details"] for r in case_system_statuses(app, child)}
    assert statuses["converted"]["from_kind"] == "ask_for_help"
    assert statuses["assessed"] == {"acute": False, "outcome": "report_of_concern"}
    # Still the child's own inquiry: it is decided with feedback to the child.
    account = make_staff(app, "adviser", ("nord",))
    triaged = post_form(
        reception,
        f"/staff/cases/{child}/triage",
        {
            "route": "special_counselling",
            "measure": "investigation",
            "district": "nord",
            "adviser": account.id,
            "reasoning": "Børnefaglig undersøgelse.",
        },
    )
    assert triaged.status_code == 302, triaged.get_data(as_text=True)
    adviser = staff_client(app, html_validator, account)
    case = adviser.get(f"/staff/cases/{child}").get_data(as_text=True)
    assert "Record a decision" in case


def press(client: FlaskClient, case_id: str, action: str) -> Any:
    """Press a button on the case page (a form that posts to ``action``)."""
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    return client.post(
        f"/staff/cases/{case_id}/{action}", data={"csrf_token": forms.csrf_token(page)}
    )


def test_reception_turns_any_inquiry_into_a_report_of_concern_in_one_step(
    app: Flask, html_validator: Validator, moving: MovableClock
) -> None:
    application, _ = new_inquiry(app, "application", district="nord", answers={})
    moving.advance(hours=30)
    reception = staff_client(app, html_validator, make_staff(app, "reception", ("nord",)))
    assert "Treat as a report of concern" in reception.get(f"/staff/cases/{application}").get_data(
        as_text=True
    )
    done = press(reception, application, "report-of-concern")
    assert location(done) == f"/staff/cases/{application}?saved=converted"
    case = reception.get(location(done)).get_data(as_text=True)
    assert "It is now a report of concern." in case
    inquiry = get(app, application)
    assert inquiry.kind == "report_of_concern"
    assert inquiry.converted_from == "application"
    # The 24 hours count from when the municipality received it: overdue by 6 hours.
    assert inquiry.assess_by == OPEN + timedelta(hours=24)
    assert "OVERDUE by 6 hours" in case
    assert "Made a report of concern (was: Application)" in case
    assert "Treat as a report of concern" not in case
    form = reception.get(f"/staff/cases/{application}/assessment").get_data(as_text=True)
    assert "Is acute action needed?" in form
    (converted,) = [r for r in case_system_statuses(app, application) if r["status"] == "converted"]
    assert converted["details"] == {
        "from_kind": "application",
        "to_kind": "report_of_concern",
        "assess_by": (OPEN + timedelta(hours=24)).isoformat(),
    }
    assert ("converted", "from application") in audit_of(app, application)
    again = press(reception, application, "report-of-concern")
    assert again.status_code == 400
    assert "This is already a report of concern." in again.get_data(as_text=True)


def test_a_safety_case_is_not_triaged_before_the_danger_is_assessed(
    app: Flask, html_validator: Validator
) -> None:
    child, _ = child_asks(app, html_validator, safe="no")
    reception = staff_client(app, html_validator, make_staff(app, "reception"))
    refused = post_form(
        reception,
        f"/staff/cases/{child}/triage",
        {"route": "preventive", "district": "nord", "reasoning": "Ok."},
    )
    assert refused.status_code == 400
    assert "Assess the possible danger first." in refused.get_data(as_text=True)


def test_figures_show_safety_cases_time_to_first_opening_and_escalations(
    app: Flask, html_validator: Validator, moving: MovableClock
) -> None:
    account = make_staff(app, "reception")
    for minutes in (5, 15, 45):
        child, _ = child_asks(app, html_validator, safe="no")
        moving.advance(minutes=minutes)
        deliver(app)  # the escalation check comes due after 30 minutes
        staff_client(app, html_validator, account).get(f"/staff/cases/{child}")
        moving.advance(hours=1)
    leader = staff_client(app, html_validator, make_staff(app, "leader"))
    page = leader.get("/staff/figures").get_data(as_text=True)
    table = page[page.index('id="table-safety"') :]
    row = re.search(r"<th scope=\"row\">November 2026</th>(.*?)</tr>", table, re.S)
    assert row
    cells = re.findall(r'<td class="num">([^<]*)</td>', row.group(1))
    assert cells == ["3", "3", "15 minutes", "45 minutes", "1"]
    assert "Possible dangers flagged per month" in page

""" "Ask the child" on the case page: the form, the code shown once (with its link, QR code and
a text to copy), the list of codes with their state, revoking, and the child's views linked
both ways between the case and the view."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import db
from portal.invitations import codes
from portal.invitations.models import Invitation
from portal.security import passphrases
from portal.staff.models import AuditEntry
from tests.conftest import checking_client, migrate
from tests.support import forms
from tests.support.apps import fixed_clock, make_app
from tests.support.cases import new_inquiry
from tests.support.forms import csrf_token, location
from tests.support.pagecheck import Validator
from tests.support.staff import logged_in, post_form

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
REASON = "Vi skal finde ud af, hvor du skal bo efter sommerferien. Hvad er vigtigt for dig?"


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    application = make_app(tmp_path, database_url, CLOCK=fixed_clock(NOW), RATELIMIT_ENABLED=False)
    migrate(application)
    return application


@pytest.fixture
def staff(app: Flask, html_validator: Validator) -> FlaskClient:
    return checking_client(app, html_validator, language="en")


def made_code(staff: FlaskClient, case_id: str, **data: str) -> str:
    response = post_form(
        staff,
        f"/staff/cases/{case_id}/ask-the-child",
        {"question_set": "before_decision", "reason": REASON, "needed_by": "2026-12-04", **data},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[page.find("<main") :][:2000]
    found = re.search(r'<code class="invitation-code"[^>]*>([^<]+)</code>', page)
    assert found, page
    return found.group(1)


def test_an_adviser_asks_the_child_sees_the_code_once_and_the_case_lists_it(
    app: Flask, staff: FlaskClient
) -> None:
    case_id, _ = new_inquiry(app, "application", answers={})
    adviser = logged_in(app, staff, "adviser", name="Lise Marie Hansen")
    case = staff.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert f'href="/staff/cases/{case_id}/ask-the-child"' in case
    form = staff.get(f"/staff/cases/{case_id}/ask-the-child").get_data(as_text=True)
    for label in ("Before a meeting", "Before a decision", "After a change", "Free"):
        assert label in form
    assert 'type="date"' in form
    response = post_form(
        staff,
        f"/staff/cases/{case_id}/ask-the-child",
        {"question_set": "before_decision", "reason": REASON, "needed_by": "2026-11-22"},
    )
    assert response.status_code == 400
    assert "The date must be today or later." in response.get_data(as_text=True)

    code = made_code(staff, case_id)
    assert codes.normalize(code) == code
    with app.app_context(), db.new_session() as s:
        row = s.scalars(select(Invitation).where(Invitation.inquiry_id == case_id)).one()
        assert row.code_key == codes.code_key(code, passphrases.pepper(app.config))
        assert row.adviser_id == adviser.id
        invitation_id = row.id
        entry = s.scalars(
            select(AuditEntry).where(
                AuditEntry.inquiry_id == case_id, AuditEntry.action == "invited"
            )
        ).one()
        assert entry.user_id == adviser.id

    case = staff.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert code not in case  # shown once, and never again
    assert "Waiting for the child" in case
    assert REASON in case
    # Revoke: audited, and the list says so.
    page = staff.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    response = staff.post(
        f"/staff/cases/{case_id}/invitations/{invitation_id}/revoke",
        data={"csrf_token": csrf_token(page)},
    )
    assert location(response) == f"/staff/cases/{case_id}?saved=invitation_revoked"
    case = staff.get(location(response)).get_data(as_text=True)
    assert "The code is revoked. It does not work any more." in case
    assert "Revoked" in case
    assert f"/invitations/{invitation_id}/revoke" not in case
    with app.app_context(), db.new_session() as s:
        assert (
            s.scalars(
                select(AuditEntry).where(
                    AuditEntry.inquiry_id == case_id, AuditEntry.action == "invitation_revoked"
                )
            )
            .one()
            .user_id
            == adviser.id
        )


def test_the_code_page_shows_the_link_a_qr_code_and_a_text_to_copy(
    app: Flask, staff: FlaskClient
) -> None:
    case_id, _ = new_inquiry(app, "application", answers={})
    logged_in(app, staff, "adviser", name="Lise Marie Hansen")
    response = post_form(
        staff,
        f"/staff/cases/{case_id}/ask-the-child",
        {"question_set": "free", "reason": REASON, "needed_by": "2026-12-04"},
    )
    page = response.get_data(as_text=True)
    code = re.search(r'<code class="invitation-code"[^>]*>([^<]+)</code>', page).group(1)  # type: ignore[union-attr]
    assert f"http://localhost/i/{code}" in page
    assert 'class="qr-code"><title>QR code with the link for the child</title>' in page
    text = re.search(r'<textarea id="invitation-text"[^>]*>([^<]+)</textarea>', page)
    assert text is not None
    # In the language of the case (here Danish), whatever the adviser reads the portal in.
    assert "Hej. Jeg er Lise, din rådgiver." in text.group(1)
    assert REASON in text.group(1)
    assert f"skriv denne kode: {code}" in text.group(1)
    assert 'lang="da"' in text.group(0)
    assert "Read it aloud in groups: " + ", ".join(code.split("-")) in page


def test_the_childs_view_is_linked_from_the_case_and_back(app: Flask, staff: FlaskClient) -> None:
    case_id, _ = new_inquiry(app, "application", answers={})
    logged_in(app, staff, "adviser", name="Lise Marie Hansen")
    code = made_code(staff, case_id, question_set="free")
    child = app.test_client()
    assert location(child.get(f"/i/{code}")) == "/invitation"
    child.get("/invitation")
    forms.walk(
        child,
        "/invitation",
        [("free-tell", {"free_tell": "Jeg vil bo hos mor."}), ("write-back", {"write_back": "no"})],
    )
    receipt = forms.send(child, "/invitation")
    with app.app_context():
        view = forms.sent_inquiry(receipt)
        view_id, view_reference = view.id, view.reference
        case_reference = view.case.reference  # type: ignore[union-attr]
    case = staff.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "The child&#39;s views" in case or "The child's views" in case
    assert f'href="/staff/cases/{view_id}"' in case
    assert view_reference in case
    assert "Answered" in case
    page = staff.get(f"/staff/cases/{view_id}").get_data(as_text=True)
    assert "Given for case" in page
    assert f'href="/staff/cases/{case_id}"' in page
    assert case_reference in page
    assert REASON in page
    assert "Jeg vil bo hos mor." in page
    # The participation record in the adviser's words: how, and the question answered.
    assert "Answered the adviser&#39;s invitation in the portal" in page
    assert "<strong>What do you want to tell your adviser?</strong>" in page
    # The view's own case page offers no new invitation: the child is asked on the case.
    assert "/ask-the-child" not in page
    inbox = staff.get("/staff/inbox").get_data(as_text=True)
    assert view_reference in inbox  # in the adviser's inbox


@pytest.mark.parametrize("kind", ["family_advice"])
def test_no_button_where_there_is_no_child_to_ask(
    app: Flask, staff: FlaskClient, kind: str
) -> None:
    case_id, _ = new_inquiry(app, kind, answers={})
    logged_in(app, staff, "adviser")
    assert "/ask-the-child" not in staff.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert location(staff.get(f"/staff/cases/{case_id}/ask-the-child")) == (
        f"/staff/cases/{case_id}?saved="
    )


def test_reception_does_not_invite(app: Flask, staff: FlaskClient) -> None:
    case_id, _ = new_inquiry(app, "application", answers={})
    logged_in(app, staff, "reception")
    assert "/ask-the-child" not in staff.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert staff.get(f"/staff/cases/{case_id}/ask-the-child").status_code == 403


def test_the_needed_by_date_may_be_today(app: Flask, staff: FlaskClient) -> None:
    case_id, _ = new_inquiry(app, "application", answers={})
    logged_in(app, staff, "leader")
    made_code(staff, case_id, needed_by=NOW.date().isoformat())
    tomorrow = (NOW + timedelta(days=1)).date().isoformat()
    made_code(staff, case_id, needed_by=tomorrow)


def test_a_code_works_for_60_days_at_most(app: Flask, staff: FlaskClient) -> None:
    """A code is a key to a child's case: it cannot be made to work for years."""
    case_id, _ = new_inquiry(app, "application", answers={})
    logged_in(app, staff, "leader")
    made_code(staff, case_id, needed_by=(NOW + timedelta(days=60)).date().isoformat())
    response = post_form(
        staff,
        f"/staff/cases/{case_id}/ask-the-child",
        {
            "question_set": "before_decision",
            "reason": REASON,
            "needed_by": (NOW + timedelta(days=61)).date().isoformat(),
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The date can be at most 60 days from today." in page
    assert REASON in page  # what the adviser wrote stays
